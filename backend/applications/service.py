"""Application rules: applying, the steps a firm moves an application
through, withdrawal, a school's approval of a placement, and who hears of each.

Ownership rule (one per case, tested): a caller who may not read an
application gets 404; one who may read it but not make this change (the
applicant shortlisting themself, a firm withdrawing, a school hiring) gets 403.
A change the current state does not allow is 409, naming the state.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from backend.accounts.schemas import Principal
from backend.applications.repository import ApplicationRepository, ApplicationScope
from backend.applications.schemas import (
    Applicant,
    ApplicationPage,
    ApplicationPublic,
    Approval,
    HistoryEntry,
    StatusChange,
    Supervision,
    VacancyRef,
)
from backend.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.graph.store import GraphStore, Tx
from backend.notifications.mail import Mail
from backend.notifications.service import Message, Notifier
from backend.vacancies.repository import VacancyRepository
from backend.vacancies.schemas import NamedRef, VacancyKind
from backend.vacancies.service import SHENYANG, VacancyService, now_iso, shenyang_today

Actor = Literal["person", "firm"]


def _check_future(at: datetime) -> None:
    """An interview is scheduled for later than now (Shenyang time when no zone is given)."""
    now = datetime.now(SHENYANG)
    when = at if at.tzinfo is not None else at.replace(tzinfo=SHENYANG)
    if when <= now:
        shown = when.astimezone(SHENYANG).strftime("%Y-%m-%d %H:%M")
        raise InvalidInput(
            f"The interview time {shown} has already passed; choose a time in the future.",
            message_zh=f"面试时间 {shown} 已过，请选择将来的时间。",
            field="interview_at",
        )


OPEN_STATES = frozenset({"applied", "shortlisted", "interview", "offer"})


@dataclass(frozen=True)
class Move:
    """One allowed step: the states it may start from and who may take it."""

    sources: frozenset[str]
    actor: Actor


# The whole state machine. "interview" from "interview" reschedules it.
MOVES: dict[str, Move] = {
    "shortlisted": Move(frozenset({"applied"}), "firm"),
    "interview": Move(frozenset({"shortlisted", "interview"}), "firm"),
    "offer": Move(frozenset({"interview"}), "firm"),
    "hired": Move(frozenset({"offer"}), "firm"),
    "rejected": Move(OPEN_STATES, "firm"),
    "withdrawn": Move(OPEN_STATES, "person"),
}

STATUS_ZH = {
    "applied": "已申请",
    "shortlisted": "已入围",
    "interview": "面试",
    "offer": "已发录用通知",
    "hired": "已录用",
    "rejected": "未通过",
    "withdrawn": "已撤回",
}

AGREEMENT_KIND: dict[str, str] = {
    "placement": "tripartite",  # school-firm-student placement agreement (三方协议)
    "apprenticeship": "apprenticeship",
    "job": "labour_contract",
}


def next_steps(status: str) -> list[str]:
    return [to for to, move in MOVES.items() if status in move.sources]


def application_id(vacancy_id: str, person_id: str) -> str:
    """One id per (vacancy, person): a second, concurrent application from the
    same person collides on the primary key instead of slipping through."""
    digest = hashlib.sha256(f"{vacancy_id}\x1f{person_id}".encode()).hexdigest()[:20]
    return f"app-{digest}"


def _history(raw: str | None) -> list[dict[str, Any]]:
    return list(json.loads(raw)) if raw else []


def _agreement(raw: str | None) -> dict[str, Any] | None:
    if not raw:
        return None
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = None
    # the seed stores only the agreement's kind, e.g. "tripartite"
    return value if isinstance(value, dict) else {"kind": raw}


def to_public(row: dict[str, Any]) -> ApplicationPublic:
    a = row["a"]
    supervision = None
    if row.get("school_id"):
        supervision = Supervision(
            school=NamedRef(
                id=row["school_id"], name_zh=row["school_zh"], name_en=row["school_en"]
            ),
            approved=bool(row.get("approved")),
            approved_on=row.get("approved_on"),
        )
    agreement = _agreement(a.get("agreement"))
    return ApplicationPublic(
        id=a["id"],
        status=a["status"],
        created_at=a["created_at"],
        updated_at=a.get("updated_at"),
        history=[HistoryEntry.model_validate(h) for h in _history(a.get("history"))],
        interview_at=a.get("interview_at"),
        interview_place=a.get("interview_place"),
        agreement=agreement,
        vacancy=VacancyRef(
            id=row["vacancy_id"],
            title=row["vacancy_title"],
            title_en=row["vacancy_title_en"],
            kind=row["vacancy_kind"],
        ),
        firm=NamedRef(id=row["firm_id"], name_zh=row["firm_zh"], name_en=row["firm_en"]),
        applicant=Applicant(id=row["person_id"], name=row["person_name"], role=row["person_role"]),
        supervision=supervision,
        next_steps=next_steps(a["status"]),  # type: ignore[arg-type]
    )


class ApplicationService:
    def __init__(self, store: GraphStore, notifier: Notifier | None = None) -> None:
        self.store = store
        self.repo = ApplicationRepository(store)
        self.notifier = notifier or Notifier(None)

    # ------------------------------------------------------------------ reads
    def search(
        self,
        principal: Principal,
        *,
        status: str | None = None,
        vacancy_id: str | None = None,
        kind: VacancyKind | None = None,
        awaiting_approval: bool = False,
        skip: int = 0,
        limit: int = 20,
    ) -> ApplicationPage:
        """``awaiting_approval``: open placements the applicant's school has not approved."""
        scope = self._scope(principal)
        filters = {
            "status": status,
            "vacancy": vacancy_id,
            "kind": kind,
            "awaiting": awaiting_approval,
        }
        rows, total = self.repo.page(scope, filters, skip, limit)
        return ApplicationPage(
            items=[to_public(r) for r in rows], total=total, skip=skip, limit=limit
        )

    def counts(
        self,
        principal: Principal,
        by: Literal["status", "vacancy"],
        *,
        vacancy_id: str | None = None,
        awaiting_approval: bool = False,
    ) -> dict[str, int]:
        """Counts of what ``search`` would list, by status or by vacancy (for tabs)."""
        filters = {"vacancy": vacancy_id, "awaiting": awaiting_approval}
        return self.repo.counts(self._scope(principal), filters, by)

    @staticmethod
    def _scope(principal: Principal) -> ApplicationScope:
        scope = ApplicationScope.of(principal)
        if scope.kind == "none":
            raise Forbidden(
                "this account cannot see applications (a firm must be verified by staff "
                "first; parks and training centres see none)",
                message_zh="该账号无权查看申请（企业需先通过联盟认证；园区和培训中心无此权限）",
            )
        return scope

    def for_vacancy(
        self, principal: Principal, vacancy_id: str, status: str | None, skip: int, limit: int
    ) -> ApplicationPage:
        """The applicants of one vacancy: its firm and staff only."""
        vacancy = VacancyService(self.store).readable(principal, vacancy_id)
        if not principal.is_staff and (
            principal.role != "company" or principal.org_id != vacancy["firm_id"]
        ):
            raise Forbidden(
                "only the firm that posted this vacancy may list its applicants",
                message_zh="只有发布该岗位的企业可以查看其申请人",
            )
        return self.search(principal, status=status, vacancy_id=vacancy_id, skip=skip, limit=limit)

    def get(self, principal: Principal, application_id: str) -> ApplicationPublic:
        return to_public(self._readable(principal, application_id))

    def _readable(self, principal: Principal, application_id: str) -> dict[str, Any]:
        row = self.repo.get(ApplicationScope.of(principal), application_id)
        if row is None:
            raise NotFound(
                f"no application {application_id!r}", message_zh="没有该申请", field="id"
            )
        return row

    # ------------------------------------------------------------------ apply
    def apply(self, principal: Principal, vacancy_id: str) -> ApplicationPublic:
        if principal.role != "person" or not principal.person_id or not principal.active:
            raise Forbidden(
                "only a student or worker account may apply",
                message_zh="只有学生或求职者账号可以申请",
            )
        person_id = principal.person_id
        vacancies = VacancyService(self.store)
        vacancy = vacancies.readable(principal, vacancy_id)
        self._require_open(vacancy["state"])
        kind = vacancy["v"]["kind"]
        school_id = None
        if kind == "placement":
            school_id = self.repo.school_of(person_id)
            if school_id is None:
                raise Forbidden(
                    "a placement needs a school supervisor: only students of a member school "
                    "may apply",
                    message_zh="实习岗位需要学校指导：只有联盟成员学校的在校生可以申请",
                )
        aid = application_id(vacancy_id, person_id)
        now = now_iso()
        today = vacancies.today
        title = vacancy["v"]["title"]
        title_en = vacancy["v"].get("title_en") or title
        person_name = principal.display_name

        def work(tx: Tx) -> list[Mail]:
            locked = VacancyRepository.locked(tx, vacancy_id)
            v = locked["v"] if locked else {}
            if v.get("status") != "open" or (v.get("closing_date") or "") < today:
                self._require_open("closed")
            if self.repo.already_applied(tx, person_id, vacancy_id):
                raise Conflict(
                    "you have already applied to this vacancy", message_zh="您已申请过该岗位"
                )
            history = [{"status": "applied", "at": now, "by": person_id}]
            row = {
                "id": aid,
                "status": "applied",
                "created_at": now,
                "updated_at": now,
                "history": json.dumps(history, ensure_ascii=False),
            }
            self.repo.create(tx, row, person_id, vacancy_id, school_id)
            link = f"/api/applications/{aid}"
            mails = self.notifier.stage(
                tx,
                "Firm",
                vacancy["firm_id"],
                Message(
                    "applied",
                    f"{person_name} 申请了「{title}」",
                    f"{person_name} applied for “{title_en}”",
                    link,
                ),
            )
            if school_id is not None:
                mails += self.notifier.stage(
                    tx,
                    "School",
                    school_id,
                    Message(
                        "approval_needed",
                        f"贵校学生 {person_name} 申请了实习「{title}」，需要学校审核",
                        f"Your student {person_name} applied for the placement “{title_en}”; "
                        "it needs the school's approval",
                        link,
                    ),
                )
            return mails

        try:
            mails = self.store.write(work)
        except Conflict as exc:
            if exc.field == "id":  # the primary key: a concurrent duplicate
                raise Conflict(
                    "you have already applied to this vacancy", message_zh="您已申请过该岗位"
                ) from None
            raise
        self.notifier.deliver(mails)
        return self.get(principal, aid)

    @staticmethod
    def _require_open(state: str) -> None:
        if state != "open":
            word = {"expired": ("expired", "已过截止日期"), "closed": ("closed", "已关闭")}
            en, zh = word.get(state, (state, state))
            raise Conflict(
                f"this vacancy is {en} and no longer takes applications",
                message_zh=f"该岗位{zh}，不再接受申请",
            )

    # ------------------------------------------------------------------ moves
    def _check_actor(self, principal: Principal, move: Move, row: dict[str, Any], to: str) -> str:
        """Who is acting, as it goes into the history; 403 if it is not theirs to do."""
        if move.actor == "person":
            if (
                principal.active
                and principal.person_id is not None
                and principal.person_id == row["person_id"]
            ):
                return principal.person_id
            raise Forbidden(
                f"only the applicant may set an application to {to}",
                message_zh=f"只有申请人本人可以将申请设为「{STATUS_ZH[to]}」",
            )
        if (
            principal.role == "company"
            and principal.active
            and principal.org_verified
            and principal.org_id is not None
            and principal.org_id == row["firm_id"]
        ):
            return principal.org_id
        raise Forbidden(
            f"only the firm that posted the vacancy may set an application to {to}",
            message_zh=f"只有发布岗位的企业可以将申请设为「{STATUS_ZH[to]}」",
        )

    def change_status(
        self, principal: Principal, application_id: str, change: StatusChange
    ) -> ApplicationPublic:
        row = self._readable(principal, application_id)
        to = change.status
        move = MOVES[to]
        by = self._check_actor(principal, move, row, to)
        now = now_iso()
        if change.interview_at is not None:
            _check_future(change.interview_at)
        interview_at = (
            change.interview_at.replace(tzinfo=None).isoformat(timespec="seconds")
            if change.interview_at
            else None
        )
        if to == "hired" and row["vacancy_kind"] == "placement" and change.agreement is None:
            raise InvalidInput(
                "hiring for a placement records the school-firm-student agreement: send "
                "agreement {start_date, end_date, terms}",
                message_zh="录用实习生需填写校企生三方协议（agreement：起止日期和条款）",
                field="agreement",
            )

        def work(tx: Tx) -> list[Mail]:
            locked = self.repo.locked(tx, application_id)
            if locked is None:
                raise NotFound(f"no application {application_id!r}", message_zh="没有该申请")
            a = locked["a"]
            current = a["status"]
            if current not in move.sources:
                allowed = next_steps(current)
                raise Conflict(
                    f"cannot move this application from {current} to {to}; from {current} it "
                    f"may go to: {', '.join(allowed) or 'nothing (it is final)'}",
                    message_zh=f"申请当前为「{STATUS_ZH.get(current, current)}」，不能改为"
                    f"「{STATUS_ZH[to]}」",
                    details={"current": current, "allowed": allowed},
                )
            agreement = None
            if to == "hired":
                agreement = self._hire_checks(tx, locked, change)
            history = _history(a.get("history"))
            entry: dict[str, Any] = {"status": to, "at": now, "by": by}
            if change.note:
                entry["note"] = change.note
            history.append(entry)
            ok = self.repo.set_status(
                tx,
                {
                    "id": application_id,
                    "old_history": a.get("history"),
                    "status": to,
                    "now": now,
                    "history": json.dumps(history, ensure_ascii=False),
                    "interview_at": interview_at,
                    "interview_place": change.interview_place,
                    "agreement": agreement,
                },
            )
            if not ok:
                raise Conflict(
                    "the application changed meanwhile; reload it and try again",
                    message_zh="申请已被他人修改，请刷新后重试",
                )
            return self._stage_for_applicant(tx, locked, to, interview_at, change)

        mails = self.store.write(work)
        self.notifier.deliver(mails)
        return self.get(principal, application_id)

    def _hire_checks(self, tx: Tx, locked: dict[str, Any], change: StatusChange) -> str:
        v = locked["v"]
        if v["kind"] == "placement" and not locked.get("approved"):
            raise Conflict(
                "the student's school supervisor has not approved this placement yet",
                message_zh="学生所在学校尚未审核同意该实习",
            )
        hired = self.repo.hired(tx, v["id"])
        places = v.get("places") or 0
        if hired >= places:
            raise Conflict(
                f"all {places} places of this vacancy are filled",
                message_zh=f"该岗位的 {places} 个名额已满",
            )
        terms = change.agreement
        agreement: dict[str, Any] = {
            "kind": AGREEMENT_KIND[v["kind"]],
            "parties": {
                "firm": locked["firm_id"],
                "person": locked["person_id"],
                **({"school": locked["school_id"]} if locked.get("school_id") else {}),
            },
            "vacancy": v["id"],
            "signed_on": shenyang_today().isoformat(),
            "pay": v.get("pay_max") if terms is None or terms.pay is None else terms.pay,
            "pay_unit": v.get("pay_unit"),
        }
        if locked.get("approved_on"):
            agreement["school_approved_on"] = locked["approved_on"]
        if terms is not None:
            agreement.update(
                start_date=terms.start_date.isoformat(),
                end_date=terms.end_date.isoformat() if terms.end_date else None,
                terms=terms.terms,
            )
        return json.dumps(agreement, ensure_ascii=False)

    def _stage_for_applicant(
        self,
        tx: Tx,
        locked: dict[str, Any],
        to: str,
        interview_at: str | None,
        change: StatusChange,
    ) -> list[Mail]:
        v = locked["v"]
        title = v.get("title") or v["id"]
        title_en = v.get("title_en") or title
        link = f"/api/applications/{locked['a']['id']}"
        if to == "shortlisted":
            msg = Message(
                "shortlisted",
                f"您申请的「{title}」已入围",
                f"You are shortlisted for “{title_en}”",
                link,
            )
        elif to == "interview":
            when = (interview_at or "").replace("T", " ")[:16]
            place = change.interview_place or ""
            msg = Message(
                "interview",
                f"「{title}」邀请您面试：{when}，地点：{place}",
                f"You are invited to interview for “{title_en}” on {when} at {place}",
                link,
            )
        elif to == "offer":
            msg = Message(
                "offer",
                f"恭喜！「{title}」向您发出录用通知",
                f"You have an offer for “{title_en}”",
                link,
            )
        else:
            return []
        return self.notifier.stage(tx, "Person", locked["person_id"], msg)

    def withdraw(self, principal: Principal, application_id: str) -> ApplicationPublic:
        return self.change_status(principal, application_id, StatusChange(status="withdrawn"))

    # ------------------------------------------------------------------ approval
    def approve(
        self, principal: Principal, application_id: str, approval: Approval
    ) -> ApplicationPublic:
        """The applicant's school approves (or declines) a placement before hiring."""
        row = self._readable(principal, application_id)
        if row["vacancy_kind"] != "placement":
            raise Conflict(
                "only placements need the school's approval", message_zh="只有实习岗位需要学校审核"
            )
        if not (
            principal.role == "school"
            and principal.active
            and principal.org_id is not None
            and principal.org_id == row.get("school_id")
        ):
            raise Forbidden(
                "only the student's supervising school may approve this placement",
                message_zh="只有学生所在的指导学校可以审核该实习",
            )
        school_id = principal.org_id
        now = now_iso()

        def work(tx: Tx) -> None:
            locked = self.repo.locked(tx, application_id)
            if locked is None:
                raise NotFound(f"no application {application_id!r}", message_zh="没有该申请")
            a = locked["a"]
            if a["status"] not in OPEN_STATES:
                raise Conflict(
                    f"this application is {a['status']}; approval no longer applies",
                    message_zh=f"申请已为「{STATUS_ZH.get(a['status'], a['status'])}」，无需再审核",
                )
            history = _history(a.get("history"))
            verdict = "school " + ("approved" if approval.approved else "declined")
            note = f"{verdict}: {approval.note}" if approval.note else verdict
            history.append({"status": a["status"], "at": now, "by": school_id, "note": note})
            ok = self.repo.set_approval(
                tx,
                {
                    "id": application_id,
                    "school": school_id,
                    "old_history": a.get("history"),
                    "approved": approval.approved,
                    "approved_on": shenyang_today().isoformat() if approval.approved else None,
                    "history": json.dumps(history, ensure_ascii=False),
                    "now": now,
                },
            )
            if not ok:
                raise Conflict(
                    "the application changed meanwhile; reload it and try again",
                    message_zh="申请已被他人修改，请刷新后重试",
                )

        self.store.write(work)
        return self.get(principal, application_id)
