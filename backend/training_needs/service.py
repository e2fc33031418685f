"""Training needs: a verified firm raises one, schools and centres answer with
their own courses, the firm sees the answers and closes it.

Ownership (one rule per case): a need the caller may not read is 404 (another
firm's needs, or any need for a person, park or unverified firm: its existence
is not revealed); a need the caller may read but not change is 403 (a school
editing a firm's need, the firm answering its own need).
"""

from __future__ import annotations

import uuid
from typing import Any

from backend.accounts.schemas import Principal
from backend.courses.access import firm_of, now_ts, provider_of, today
from backend.courses.repository import Readable
from backend.courses.schemas import OrgRef, SkillRef
from backend.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.graph.store import GraphStore, Tx
from backend.training_needs.repository import (
    ANSWER,
    CLOSE_NEED,
    HAS_ANSWER,
    STILL_OPEN,
    UNANSWER,
    NeedRepository,
    readable_needs,
)
from backend.training_needs.schemas import (
    AnswerCreate,
    AnswerPublic,
    NeedCreate,
    NeedPage,
    NeedPublic,
    NeedUpdate,
)


def _not_found(need_id: str) -> NotFound:
    return NotFound(
        f"no training need {need_id!r}", message_zh=f"培训需求 {need_id!r} 不存在", field="id"
    )


def _not_open() -> Conflict:
    return Conflict(
        "this training need is closed or past its deadline",
        message_zh="该培训需求已关闭或已过截止日期",
        field="status",
    )


def _answer(row: dict[str, Any]) -> AnswerPublic:
    return AnswerPublic(
        course_id=row["course_id"],
        title_zh=row["title_zh"],
        title_en=row["title_en"],
        start_date=row["start_date"],
        seats=row["seats"],
        provider=OrgRef.from_row(row, "provider"),
    )


class TrainingNeedService:
    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.repo = NeedRepository(store)

    # ------------------------------------------------------------------ reads
    def _readable(self, principal: Principal) -> Readable:
        readable = readable_needs(principal)
        if readable is None:
            raise Forbidden(
                "training needs are for verified firms, schools, training centres and staff",
                message_zh="培训需求仅对已认证企业、院校、实训中心和联盟工作人员开放",
            )
        return readable

    def _public(self, rows: list[dict[str, Any]]) -> list[NeedPublic]:
        ids = [r["n"]["id"] for r in rows]
        skills = self.repo.skills_of(ids)
        answers = self.repo.answers_of(ids)
        out = []
        for r in rows:
            n = r["n"]
            out.append(
                NeedPublic(
                    id=n["id"],
                    title=n["title"],
                    description=n.get("description"),
                    seats=n.get("seats"),
                    deadline=n.get("deadline"),
                    status=r["effective"],
                    created_at=n.get("created_at"),
                    firm=OrgRef(
                        id=r["firm_id"], kind="Firm", name_zh=r["firm_zh"], name_en=r["firm_en"]
                    ),
                    skills=[SkillRef(**s) for s in skills[n["id"]]],
                    answers=[_answer(a) for a in answers[n["id"]]],
                )
            )
        return out

    def list_needs(
        self,
        principal: Principal,
        *,
        status: str | None,
        skill: str | None,
        firm: str | None,
        skip: int,
        limit: int,
    ) -> NeedPage:
        readable = self._readable(principal)
        filters = {
            "id": "",
            "status": status or "",
            "skill": skill or "",
            "firm": firm or "",
            "today": today(),
        }
        rows, total = self.repo.page(readable, filters, skip, limit)
        return NeedPage(items=self._public(rows), total=total, skip=skip, limit=limit)

    def get(self, principal: Principal, need_id: str) -> NeedPublic:
        return self._public([self._row(principal, need_id)])[0]

    def _row(self, principal: Principal, need_id: str) -> dict[str, Any]:
        readable = readable_needs(principal)
        row = self.repo.one(readable, need_id, today()) if readable else None
        if row is None:
            raise _not_found(need_id)
        return row

    # ------------------------------------------------------------------ the firm's writes
    def _check_skills(self, skills: list[dict[str, Any]] | None) -> None:
        if skills is None:
            return
        wanted = [s["skill_id"] for s in skills]
        missing = sorted(set(wanted) - self.repo.existing_skills(wanted))
        if missing:
            raise InvalidInput(
                f"unknown skill id {missing[0]!r}",
                message_zh=f"技能编号 {missing[0]!r} 不存在",
                field="skills",
                details={"unknown": missing},
            )

    @staticmethod
    def _check_deadline(deadline: str, on: str) -> None:
        if deadline < on:
            raise InvalidInput(
                "the deadline must not be in the past",
                message_zh="截止日期不能早于今天",
                field="deadline",
            )

    def create(self, principal: Principal, data: NeedCreate) -> NeedPublic:
        firm = firm_of(principal)
        on = today()
        self._check_deadline(data.deadline.isoformat(), on)
        skills = [s.model_dump() for s in data.skills]
        self._check_skills(skills)
        need_id = f"need-{uuid.uuid4().hex[:12]}"
        row = {
            "id": need_id,
            "title": data.title,
            "description": data.description,
            "seats": data.seats,
            "deadline": data.deadline.isoformat(),
            "status": "open",
            "created_at": now_ts(),
        }
        self.store.write(lambda tx: self.repo.create(tx, row, firm, skills))
        return self.get(principal, need_id)

    def _own(self, principal: Principal, need_id: str) -> None:
        """404 if the caller cannot read the need; 403 if they can but did not raise it."""
        row = self._row(principal, need_id)
        if principal.role != "company" or row["firm_id"] != principal.org_id:
            raise Forbidden(
                "only the firm that raised this training need may change it",
                message_zh="仅发布该培训需求的企业可修改",
            )
        firm_of(principal)

    def update(self, principal: Principal, need_id: str, data: NeedUpdate) -> NeedPublic:
        self._own(principal, need_id)
        on = today()
        fields = data.model_dump(exclude_unset=True)
        for name in ("title", "seats", "deadline", "skills"):
            if name in fields and fields[name] is None:
                raise InvalidInput(
                    f"{name} cannot be emptied", message_zh="此项为必填。", field=name
                )
        skills = fields.pop("skills", None)
        if "deadline" in fields:
            fields["deadline"] = fields["deadline"].isoformat()
            self._check_deadline(fields["deadline"], on)
        self._check_skills(skills)

        def work(tx: Tx) -> None:
            if not tx.run(STILL_OPEN, {"id": need_id, "today": on}):
                raise _not_open()
            if fields:
                self.repo.update(tx, need_id, fields)
            if skills is not None:
                self.repo.set_skills(tx, need_id, skills)

        self.store.write(work)
        return self.get(principal, need_id)

    def close(self, principal: Principal, need_id: str) -> NeedPublic:
        self._own(principal, need_id)
        if not self.store.execute(CLOSE_NEED, {"id": need_id}):
            raise Conflict(
                "this training need is already closed",
                message_zh="该培训需求已关闭",
                field="status",
            )
        return self.get(principal, need_id)

    # ------------------------------------------------------------------ answers
    def _answerable(self, principal: Principal, need_id: str, course_id: str) -> None:
        """The need is readable, the caller a provider, the course theirs."""
        self._row(principal, need_id)
        _, org = provider_of(principal)
        exists, provider = self.repo.course_provider(course_id)
        if not exists:
            raise InvalidInput(
                f"no course {course_id!r}",
                message_zh=f"课程 {course_id!r} 不存在",
                field="course_id",
            )
        if provider != org:
            raise Forbidden(
                "you can only answer with your own school's or centre's courses",
                message_zh="只能用本单位的课程响应培训需求",
            )

    def answer(self, principal: Principal, need_id: str, data: AnswerCreate) -> NeedPublic:
        self._answerable(principal, need_id, data.course_id)
        on = today()
        key = {"id": need_id, "course": data.course_id}

        def work(tx: Tx) -> None:
            if not tx.run(STILL_OPEN, {"id": need_id, "today": on}):
                raise _not_open()
            if tx.run(HAS_ANSWER, key)[0]["n"]:
                raise Conflict(
                    "this course already answers this training need",
                    message_zh="该课程已响应此培训需求",
                    field="course_id",
                )
            tx.run(ANSWER, key)

        self.store.write(work)
        return self.get(principal, need_id)

    def withdraw_answer(self, principal: Principal, need_id: str, course_id: str) -> NeedPublic:
        self._answerable(principal, need_id, course_id)
        removed = self.store.execute(UNANSWER, {"id": need_id, "course": course_id})
        if not removed or not removed[0]["n"]:
            raise NotFound(
                "this course does not answer this training need",
                message_zh="该课程未响应此培训需求",
                field="course_id",
            )
        return self.get(principal, need_id)
