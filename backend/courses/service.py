"""Courses: publish, edit, close; enrol, withdraw, complete.

Rules live here and each change is one transaction: taking a seat and the
ENROLLED_IN link commit together; completing an enrolment, the credential and
the skills it adds commit together. Transaction functions read what they decide
on inside the transaction, so Neo4j may retry them safely.

Ownership (one rule per case): a course is public, so a caller who is not its
provider gets 403 for changing it or reading its enrolments; an enrolment is
private, so someone without one gets 404.
"""

from __future__ import annotations

import uuid
from typing import Any

from backend.accounts.schemas import Principal
from backend.courses.access import person_of, provider_of, today
from backend.courses.repository import (
    ADD_PERSON_SKILLS,
    CLOSE_COURSE,
    COMPLETE_ENROLMENT,
    COURSE_STATE,
    DROP_ENROLMENT,
    ENROLMENT_STATUS,
    LOCK_COURSE,
    MISSING_PREREQUISITES,
    RAISE_SKILLS,
    REENROL,
    RELEASE_SEAT,
    SKILLS_FOR_PERSON,
    STUDIES_AT,
    TAKE_SEAT,
    CourseRepository,
    readable_enrolments,
)
from backend.courses.schemas import (
    Completion,
    CourseCreate,
    CoursePage,
    CoursePublic,
    CourseRef,
    CourseSummary,
    CourseUpdate,
    CredentialRef,
    EnrolmentPage,
    EnrolmentPublic,
    OrgRef,
    PolicyRef,
    SkillGained,
    SkillRef,
    TeacherRef,
    course_dates_error,
    subsidy_error,
)
from backend.errors import Conflict, Forbidden, InvalidInput, NotFound, refused
from backend.graph.store import GraphStore, Tx
from backend.subsidies.repository import SubsidyRepository

ENROLLABLE = ("open", "running")


def _not_found(course_id: str) -> NotFound:
    return NotFound(f"no course {course_id!r}", message_zh=f"课程 {course_id!r} 不存在", field="id")


def summary(row: dict[str, Any], skills: list[dict[str, Any]]) -> CourseSummary:
    c = row["c"]
    seats = int(c.get("seats") or 0)
    taken = int(c.get("seats_taken") or 0)
    return CourseSummary(
        **{k: v for k, v in c.items() if k in CourseSummary.model_fields},
        seats_free=max(0, seats - taken),
        provider=OrgRef.from_row(row, "provider"),
        park=(
            OrgRef(id=row["park_id"], kind="Park", name_zh=row["park_zh"], name_en=row["park_en"])
            if row.get("park_id")
            else None
        ),
        skills=[SkillRef(**s) for s in skills],
    )


class CourseService:
    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.repo = CourseRepository(store)
        self.policies = SubsidyRepository(store)

    # ------------------------------------------------------------------ reads
    def list_courses(
        self,
        *,
        provider: str | None,
        park: str | None,
        skill: str | None,
        shared: bool | None,
        status: str | None,
        q: str | None,
        skip: int,
        limit: int,
    ) -> CoursePage:
        filters = {
            "provider": provider or "",
            "park": park or "",
            "skill": skill or "",
            "shared": shared,
            "status": status or "",
            "q": (q or "").strip().lower(),
        }
        rows, total = self.repo.page(filters, skip, limit)
        skills = self.repo.skills_of([r["c"]["id"] for r in rows])
        return CoursePage(
            items=[summary(r, skills[r["c"]["id"]]) for r in rows],
            total=total,
            skip=skip,
            limit=limit,
        )

    def get(self, course_id: str) -> CoursePublic:
        row = self.repo.course(course_id)
        if row is None:
            raise _not_found(course_id)
        base = summary(row, self.repo.skills_of([course_id])[course_id])
        prerequisites, teacher = self.repo.details(course_id)
        policies = self.policies.for_courses([course_id], today())[course_id]
        return CoursePublic(
            **base.model_dump(),
            prerequisites=[CourseRef(**p) for p in prerequisites],
            teacher=TeacherRef(**teacher) if teacher else None,
            policies=[PolicyRef(**p) for p in policies],
        )

    # ------------------------------------------------------------------ provider's writes
    def _owned(self, principal: Principal, course_id: str) -> tuple[str, str]:
        """The caller's provider, after checking the course exists and is theirs."""
        kind, org = provider_of(principal)
        row = self.repo.course(course_id)
        if row is None:
            raise _not_found(course_id)
        if row["provider_id"] != org:
            raise Forbidden(
                "this course belongs to another school or centre",
                message_zh="该课程属于其他院校或实训中心",
            )
        return kind, org

    def _check_links(
        self,
        org: str,
        course_id: str | None,
        skills: list[dict[str, Any]] | None,
        prerequisites: list[str] | None,
        teacher_id: str | None,
    ) -> None:
        """Every id a course points at must exist (and be allowed) before anything is written."""
        if skills is not None:
            wanted = [s["skill_id"] for s in skills]
            missing = sorted(set(wanted) - self.repo.existing("Skill", wanted))
            if missing:
                raise InvalidInput(
                    f"unknown skill id {missing[0]!r}",
                    message_zh=f"技能编号 {missing[0]!r} 不存在",
                    field="skills",
                    details={"unknown": missing},
                )
        if prerequisites is not None:
            if course_id is not None and course_id in prerequisites:
                raise InvalidInput(
                    "a course cannot be its own prerequisite",
                    message_zh="课程不能以自身为先修课程",
                    field="prerequisites",
                )
            if len(set(prerequisites)) != len(prerequisites):
                raise InvalidInput(
                    "a prerequisite is listed twice",
                    message_zh="先修课程重复",
                    field="prerequisites",
                )
            missing = sorted(set(prerequisites) - self.repo.existing("Course", prerequisites))
            if missing:
                raise InvalidInput(
                    f"unknown prerequisite course {missing[0]!r}",
                    message_zh=f"先修课程 {missing[0]!r} 不存在",
                    field="prerequisites",
                    details={"unknown": missing},
                )
            if course_id is not None:
                loop = self.repo.prerequisite_loop(course_id, prerequisites)
                if loop:
                    raise InvalidInput(
                        f"course {loop[0]!r} already needs this course first: that would be a loop",
                        message_zh=f"课程 {loop[0]!r} 已以本课程为先修，不能互为先修",
                        field="prerequisites",
                    )
        if teacher_id is not None and not self.repo.teacher_allowed(teacher_id, org):
            raise InvalidInput(
                f"no teacher {teacher_id!r} of yours or shared with the alliance",
                message_zh=f"教师 {teacher_id!r} 不存在，或既不属于本单位也未向联盟共享",
                field="teacher_id",
            )

    def create(self, principal: Principal, data: CourseCreate) -> CoursePublic:
        kind, org = provider_of(principal)
        skills = [s.model_dump() for s in data.skills]
        self._check_links(org, None, skills, data.prerequisites, data.teacher_id)
        course_id = f"course-{uuid.uuid4().hex[:12]}"
        row = data.model_dump(exclude={"skills", "prerequisites", "teacher_id"})
        row.update(
            id=course_id,
            start_date=data.start_date.isoformat(),
            end_date=data.end_date.isoformat(),
            seats_taken=0,
            status="open",
        )

        def work(tx: Tx) -> None:
            self.repo.create_node(tx, "Course", row)
            self.repo.link(tx, "OFFERED_BY", ("Course", course_id), (kind, org))
            self.repo.set_skills(tx, course_id, skills)
            self.repo.set_prerequisites(tx, course_id, data.prerequisites)
            self.repo.set_teacher(tx, course_id, data.teacher_id)

        self.store.write(work)
        return self.get(course_id)

    def update(self, principal: Principal, course_id: str, data: CourseUpdate) -> CoursePublic:
        _, org = self._owned(principal, course_id)
        fields = data.model_dump(exclude_unset=True)
        for name in ("title_zh", "hours", "seats", "start_date", "end_date", "mode", "shared"):
            if name in fields and fields[name] is None:
                raise InvalidInput(
                    f"{name} cannot be emptied", message_zh="此项为必填。", field=name
                )
        skills = fields.pop("skills", None)
        prerequisites = fields.pop("prerequisites", None)
        has_teacher = "teacher_id" in fields
        teacher_id = fields.pop("teacher_id", None)
        for name in ("start_date", "end_date"):
            if name in fields:
                fields[name] = fields[name].isoformat()
        self._check_links(org, course_id, skills, prerequisites, teacher_id)

        def work(tx: Tx) -> None:
            if fields:
                self.repo.update_node(tx, "Course", course_id, fields)
            # Read back after the write: the write holds the course's lock, so the
            # seat count and dates checked here are the ones this commit keeps.
            c = tx.run(COURSE_STATE, {"id": course_id})[0]
            if c["seats"] < (c["seats_taken"] or 0):
                raise InvalidInput(
                    f"seats cannot go below the {c['seats_taken']} already taken",
                    message_zh=f"名额不能少于已报名的 {c['seats_taken']} 人",
                    field="seats",
                )
            if c["start_date"] and c["end_date"] and c["end_date"] < c["start_date"]:
                raise refused(course_dates_error(c["start_date"], c["end_date"]))
            cost, subsidy = c["cost"] or 0.0, c["subsidy"] or 0.0
            if subsidy > cost:
                raise refused(subsidy_error(subsidy, cost))
            if skills is not None:
                self.repo.set_skills(tx, course_id, skills)
            if prerequisites is not None:
                self.repo.set_prerequisites(tx, course_id, prerequisites)
            if has_teacher:
                self.repo.set_teacher(tx, course_id, teacher_id)

        self.store.write(work)
        return self.get(course_id)

    def close(self, principal: Principal, course_id: str) -> CoursePublic:
        self._owned(principal, course_id)
        if not self.store.execute(CLOSE_COURSE, {"id": course_id}):
            raise Conflict(
                "this course is already closed to enrolment",
                message_zh="该课程已停止报名",
                field="status",
            )
        return self.get(course_id)

    # ------------------------------------------------------------------ enrolment
    def enrol(self, principal: Principal, course_id: str) -> EnrolmentPublic:
        person = person_of(principal)
        on = today()

        def work(tx: Tx) -> None:
            seat = tx.run(TAKE_SEAT, {"id": course_id})
            if not seat:
                raise _not_found(course_id)
            s = seat[0]
            existing = tx.run(ENROLMENT_STATUS, {"person": person, "course": course_id})
            status = existing[0]["status"] if existing else None
            if status in ("enrolled", "completed"):
                raise Conflict(
                    f"you are already {status} on this course",
                    message_zh="您已报名该课程" if status == "enrolled" else "您已完成该课程",
                    field="course_id",
                )
            if s["status"] not in ENROLLABLE or (s["end_date"] and s["end_date"] < on):
                raise Conflict(
                    "this course is not taking enrolments", message_zh="该课程已停止报名"
                )
            if not s["shared"]:
                org = s["provider_id"]
                if not org or not tx.run(STUDIES_AT, {"person": person, "org": org}):
                    raise Forbidden(
                        "this course is only for the provider's own students",
                        message_zh="该课程仅面向本校学生，未向联盟共享",
                    )
            missing = tx.run(MISSING_PREREQUISITES, {"person": person, "course": course_id})
            if missing:
                names = "; ".join(m["title_en"] or m["title_zh"] or m["id"] for m in missing)
                names_zh = "；".join(m["title_zh"] or m["id"] for m in missing)
                raise Conflict(
                    f"complete the prerequisites first: {names}",
                    message_zh=f"请先完成先修课程：{names_zh}",
                    field="prerequisites",
                    details={"missing": [m["id"] for m in missing]},
                )
            if s["taken"] is None or s["seats"] is None or s["taken"] > s["seats"]:
                raise Conflict(
                    "no seats left on this course", message_zh="该课程名额已满", field="seats"
                )
            if status == "dropped":
                tx.run(REENROL, {"person": person, "course": course_id, "today": on})
            else:
                self.repo.link(
                    tx,
                    "ENROLLED_IN",
                    ("Person", person),
                    ("Course", course_id),
                    status="enrolled",
                    enrolled_on=on,
                )

        self.store.write(work)
        return self._enrolment(principal, course_id)

    def withdraw(self, principal: Principal, course_id: str) -> EnrolmentPublic:
        person = person_of(principal)

        def work(tx: Tx) -> None:
            if not tx.run(RELEASE_SEAT, {"id": course_id}):
                raise _not_found(course_id)
            if not tx.run(DROP_ENROLMENT, {"person": person, "course": course_id}):
                raise NotFound(
                    "you are not enrolled on this course",
                    message_zh="您未报名该课程",
                    field="course_id",
                )

        self.store.write(work)
        return self._enrolment(principal, course_id)

    def complete(self, principal: Principal, course_id: str, person_id: str) -> Completion:
        kind, org = self._owned(principal, course_id)
        on = today()
        credential_id = f"cred-course-{course_id}-{person_id}"

        def work(tx: Tx) -> Completion:
            course = tx.run(LOCK_COURSE, {"id": course_id})[0]
            key = {"person": person_id, "course": course_id}
            done = tx.run(COMPLETE_ENROLMENT, {**key, "today": on})
            if not done:
                existing = tx.run(ENROLMENT_STATUS, key)
                if not existing:
                    raise NotFound(
                        f"{person_id!r} is not enrolled on this course",
                        message_zh=f"{person_id!r} 未报名该课程",
                        field="person_id",
                    )
                raise Conflict(
                    f"this enrolment is {existing[0]['status']}, not enrolled",
                    message_zh="该报名已结业或已退课，不能再次结业",
                    field="status",
                )
            hours = course["hours"] or 0
            name = f"{course['title_zh']} 结业证书"
            points = round(hours / 16, 1) if hours else None
            self.repo.create_node(
                tx,
                "Credential",
                {
                    "id": credential_id,
                    "kind": "course",
                    "name": name,
                    "obtained": on,
                    "points": points,
                },
            )
            self.repo.link(tx, "HOLDS", ("Person", person_id), ("Credential", credential_id))
            self.repo.link(tx, "ISSUED_BY", ("Credential", credential_id), (kind, org))
            gained: list[SkillGained] = []
            raise_rows: list[dict[str, Any]] = []
            add_rows: list[dict[str, Any]] = []
            for s in tx.run(SKILLS_FOR_PERSON, key):
                level = int(s["level"] or 1)
                had = s["had"]
                if had is None:
                    add_rows.append({"id": s["id"], "level": level})
                elif had < level:
                    raise_rows.append({"id": s["id"], "level": level})
                else:
                    continue  # the person already has it at this level or higher
                gained.append(
                    SkillGained(id=s["id"], zh=s["zh"], en=s["en"], level=level, previous_level=had)
                )
            if raise_rows:
                tx.run(RAISE_SKILLS, {"person": person_id, "rows": raise_rows, "today": on})
            if add_rows:
                tx.run(ADD_PERSON_SKILLS, {"person": person_id, "rows": add_rows, "today": on})
            return Completion(
                enrolment=EnrolmentPublic(
                    course_id=course_id,
                    course_title_zh=course["title_zh"],
                    course_title_en=course["title_en"],
                    provider_id=org,
                    person_id=person_id,
                    person_name=done[0]["person_name"],
                    status="completed",
                    enrolled_on=done[0]["enrolled_on"],
                    completed_on=on,
                ),
                credential=CredentialRef(
                    id=credential_id,
                    kind="course",
                    name=name,
                    obtained=on,
                    points=points,
                    issuer_id=org,
                ),
                skills=gained,
            )

        return self.store.write(work)

    # ------------------------------------------------------------------ enrolment reads
    def enrolments(
        self,
        principal: Principal,
        *,
        course: str | None,
        status: str | None,
        skip: int,
        limit: int,
    ) -> EnrolmentPage:
        readable = readable_enrolments(principal)
        if readable is None:
            raise Forbidden(
                "enrolments are visible to the person, the course's provider and staff",
                message_zh="报名记录仅本人、开课单位和联盟工作人员可见",
            )
        rows, total = self.repo.enrolments(readable, course or "", status or "", skip, limit)
        return EnrolmentPage(
            items=[EnrolmentPublic(**r) for r in rows], total=total, skip=skip, limit=limit
        )

    def course_enrolments(
        self, principal: Principal, course_id: str, status: str | None, skip: int, limit: int
    ) -> EnrolmentPage:
        """A course's roll: its provider's and staff's; anyone else gets 403."""
        if not principal.is_staff:
            self._owned(principal, course_id)
        elif self.repo.course(course_id) is None:
            raise _not_found(course_id)
        return self.enrolments(principal, course=course_id, status=status, skip=skip, limit=limit)

    def _enrolment(self, principal: Principal, course_id: str) -> EnrolmentPublic:
        readable = readable_enrolments(principal)
        assert readable is not None
        row = self.repo.enrolment(readable, course_id)
        if row is None:
            raise NotFound("no such enrolment", message_zh="报名记录不存在")
        return EnrolmentPublic(**row)
