"""Evaluations (issue 5, item 6): schedule an assessment, sign up, record results.

Who may do what (one rule per case, tested):
- Schedule: alliance staff (for the bureau or a training centre), or a verified
  company whose firm has self-assessment rights for skill levels (N8, G1), for
  its own firm. Others get 403.
- Read assessments: any signed-in user (they are announcements). The roster and
  the results of one: its organiser or staff; others get 403 (they can see the
  assessment, not its candidates).
- Sign up: a person, when the engine says their record makes them eligible for
  the assessment's occupation and level by its date (403 with the reasons
  otherwise); for a firm's own evaluation, only its current employees (N8).
  Exemptions the engine grants (N7, S3: the theory test) are recorded on the
  sign-up and waive that method. Seats are never over capacity (409 when full).
- Results: on or after the day held. A pass becomes a skill-level credential
  (``AT_LEVEL`` its rung, ``IN_OCCUPATION``, ``ISSUED_BY`` the organiser,
  ``AWARDED_FOR`` the assessment) dated the assessment day, which the engine
  then reads like any other.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from backend.accounts.schemas import Principal
from backend.courses.access import firm_of, now_ts, person_of, require_staff, today
from backend.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.graph.store import GraphStore, Tx
from backend.pathways import cache
from backend.pathways import repository as q
from backend.pathways.api_schemas import (
    EXEMPTION_WAIVES,
    AssessmentCreate,
    AssessmentPage,
    AssessmentPublic,
    OccupationRef,
    OpenEvaluation,
    OrgRef,
    ResultsIn,
    ResultsOut,
    RosterEntry,
    SignUpPublic,
    options_for,
)
from backend.pathways.engine import evaluate
from backend.pathways.graph_profile import PersonRecord, build_profile, current_job
from backend.pathways.ladders import Region, label
from backend.pathways.occupations import occupation_name
from backend.pathways.repository import PathwaysRepository
from backend.pathways.rulebook import default_correspondence, default_rulebooks
from backend.pathways.schemas import OptionOut, PathwayResult

STATUS_ORDER = {"eligible": 0, "eligible_later": 1, "not_eligible": 2}


def assessment_public(row: dict[str, Any]) -> AssessmentPublic:
    capacity = int(row.get("capacity") or 0)
    taken = int(row.get("seats_taken") or 0)
    return AssessmentPublic(
        id=row["id"],
        level=row["level"],
        level_zh=label(row["level"], "zh"),
        level_en=label(row["level"], "en"),
        methods=list(row.get("methods") or []),
        held_on=row["held_on"],
        status=row["status"],
        capacity=capacity,
        seats_taken=taken,
        seats_left=max(capacity - taken, 0),
        occupation=OccupationRef(
            code=row["occupation"],
            name_zh=row.get("occupation_zh") or occupation_name(row["occupation"]),
            name_en=row.get("occupation_en"),
        ),
        organiser=OrgRef(
            id=row["organiser_id"],
            kind=row["organiser_label"],
            name_zh=row.get("organiser_zh"),
            name_en=row.get("organiser_en"),
        ),
    )


def _waived(exemptions: list[str], methods: list[str]) -> list[str]:
    """The exemptions that waive one of this assessment's methods."""
    return [e for e in exemptions if EXEMPTION_WAIVES.get(e) in methods]


def _to_take(methods: list[str], exempt: list[str]) -> list[str]:
    gone = {EXEMPTION_WAIVES[e] for e in exempt if e in EXEMPTION_WAIVES}
    return [m for m in methods if m not in gone]


def judge(
    result: PathwayResult, assessment: AssessmentPublic
) -> tuple[OptionOut | None, dict[str, str] | None]:
    """The option that lets the person sit ``assessment`` (eligible now, or by the
    day it is held), or None and the reasons in both languages."""
    held = assessment.held_on
    found = options_for(result, assessment.occupation.code, assessment.level)
    good = [
        o
        for o in found
        if o.status == "eligible"
        or (
            o.status == "eligible_later" and o.eligible_from is not None and o.eligible_from <= held
        )
    ]
    if good:
        best = min(good, key=lambda o: (STATUS_ORDER[o.status], -len(o.exemptions)))
        return best, None
    level_zh, level_en = assessment.level_zh, assessment.level_en
    occ = f"{assessment.occupation.name_zh or ''}（{assessment.occupation.code}）"
    if not found:
        return None, {
            "zh": f"现行规则未向您的记录开放{occ}的{level_zh}评价。",
            "en": f"No rule in force opens {level_en} in {assessment.occupation.code} "
            "to your record.",
        }
    best = min(found, key=lambda o: (STATUS_ORDER[o.status], o.eligible_from or ""))
    if best.status == "eligible_later":
        return None, {
            "zh": f"您自 {best.eligible_from} 起方可申报，晚于评价日期 {held}。"
            + " ".join(m.zh for m in best.missing),
            "en": f"You may apply from {best.eligible_from}, after the assessment day {held}. "
            + " ".join(m.en for m in best.missing),
        }
    return None, {
        "zh": "暂不符合条件：" + "；".join(m.zh for m in best.missing),
        "en": "Not eligible yet: " + "; ".join(m.en for m in best.missing),
    }


def _firm_refusal(record: PersonRecord, assessment: AssessmentPublic) -> dict[str, str] | None:
    """A firm's own evaluation (N8) is for the people it employs now."""
    if assessment.organiser.kind != "Firm":
        return None
    now = current_job(record, date.fromisoformat(today()))
    if now is not None and now.firm_id == assessment.organiser.id:
        return None
    name = assessment.organiser.name_zh or assessment.organiser.id
    return {
        "zh": f"这是{name}对本单位职工的自主评价（N8），仅限其在职职工报名。",
        "en": f"This is {assessment.organiser.name_en or name}'s own evaluation of its staff (N8);"
        " only its current employees may sign up.",
    }


def open_evaluation(
    record: PersonRecord, result: PathwayResult, assessment: AssessmentPublic, signed_up: bool
) -> OpenEvaluation:
    option, refusal = judge(result, assessment)
    refusal = refusal or _firm_refusal(record, assessment)
    if option is None:
        found = options_for(result, assessment.occupation.code, assessment.level)
        worst = found[0] if found else None
        return OpenEvaluation(
            assessment=assessment,
            status=worst.status if worst else "not_eligible",
            eligible_from=worst.eligible_from if worst else None,
            rules=worst.rules if worst else [],
            exemptions=[],
            methods_to_take=assessment.methods,
            signed_up=signed_up,
            reason=refusal or {"zh": "", "en": ""},
            refusal=refusal,
        )
    exempt = _waived(list(option.exemptions), assessment.methods)
    return OpenEvaluation(
        assessment=assessment,
        status=option.status,
        eligible_from=option.eligible_from,
        rules=option.rules,
        exemptions=option.exemptions,
        methods_to_take=_to_take(assessment.methods, exempt),
        signed_up=signed_up,
        reason={"zh": option.explanation.zh, "en": option.explanation.en},
        refusal=refusal,
    )


class EvaluationService:
    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.repo = PathwaysRepository(store)

    # Schedule and read -------------------------------------------------------

    def schedule(self, principal: Principal, data: AssessmentCreate) -> AssessmentPublic:
        if principal.role == "company":
            firm = firm_of(principal)
            rights = self.repo.firm_rights(firm)
            if not rights or not rights.get("self_skills"):
                raise Forbidden(
                    "your firm has no self-assessment rights for skill levels (N8, G1):"
                    " ask the bureau to run this evaluation",
                    message_zh="贵企业不具备职业技能等级自主评价资格（N8、G1），请由人社部门组织评价",
                )
            organiser = ("Firm", firm)
            if data.organiser is not None:
                raise InvalidInput(
                    "organiser: a company schedules for its own firm only",
                    message_zh="organiser：企业只能为本企业组织评价",
                    field="organiser",
                )
        else:
            require_staff(principal)
            if data.organiser is not None:
                organiser = (data.organiser.kind, data.organiser.id)
            elif principal.org_kind == "GovernmentBody" and principal.org_id:
                organiser = ("GovernmentBody", principal.org_id)
            else:
                raise InvalidInput(
                    "organiser: name the bureau or training centre that runs it",
                    message_zh="organiser：请指定组织评价的人社部门或实训中心",
                    field="organiser",
                )
        if data.held_on.isoformat() < today():
            raise InvalidInput(
                f"held_on: {data.held_on} is in the past",
                message_zh=f"held_on：{data.held_on} 已过",
                field="held_on",
            )
        if self.repo.occupation(data.occupation) is None:
            raise InvalidInput(
                f"occupation: {data.occupation} is not a CSCO 2022 occupation in the graph",
                message_zh=f"occupation：图谱中没有职业 {data.occupation}",
                field="occupation",
            )
        aid = f"assessment-{uuid.uuid4().hex[:12]}"
        rows = self.store.execute(
            q.SCHEDULE[organiser[0]],
            {
                "id": aid,
                "occupation": data.occupation,
                "organiser": organiser[1],
                "level": data.level,
                "methods": list(data.methods),
                "held_on": data.held_on.isoformat(),
                "capacity": data.capacity,
                "now": now_ts(),
            },
        )
        if not rows:
            raise InvalidInput(
                f"organiser: no {organiser[0]} {organiser[1]}",
                message_zh=f"organiser：找不到组织单位 {organiser[1]}",
                field="organiser",
            )
        return self.get(aid)

    def get(self, assessment_id: str) -> AssessmentPublic:
        row = self.repo.assessment(assessment_id)
        if row is None:
            raise NotFound(
                f"no assessment {assessment_id}", message_zh=f"找不到评价 {assessment_id}"
            )
        return assessment_public(row)

    def page(self, filters: dict[str, Any], skip: int, limit: int) -> AssessmentPage:
        rows, total = self.repo.list_assessments(filters, skip, limit)
        return AssessmentPage(
            items=[assessment_public(r) for r in rows], total=total, skip=skip, limit=limit
        )

    def _organised_by_caller(self, principal: Principal, a: AssessmentPublic) -> None:
        if principal.is_staff:
            return
        if (
            principal.role == "company"
            and principal.active
            and principal.org_verified
            and principal.org_id == a.organiser.id
            and a.organiser.kind == "Firm"
        ):
            return
        raise Forbidden(
            "only the assessment's organiser or alliance staff may see its candidates",
            message_zh="仅评价组织单位或联盟工作人员可查看考生名单",
        )

    def roster(self, principal: Principal, assessment_id: str) -> list[RosterEntry]:
        a = self.get(assessment_id)
        self._organised_by_caller(principal, a)
        return [
            RosterEntry(
                person_id=r["person_id"],
                name=r.get("name"),
                exempt=list(r.get("exempt") or []),
                score=r.get("score"),
                passed=r.get("passed"),
            )
            for r in self.repo.roster_for(assessment_id)
        ]

    # Sign up -------------------------------------------------------------------

    def evaluate_for(self, record: PersonRecord, region: Region = "shenyang") -> PathwayResult:
        profile = build_profile(record, date.fromisoformat(today()), region)
        return evaluate(profile, default_rulebooks()[profile.region], default_correspondence())

    def sign_up(self, principal: Principal, assessment_id: str) -> SignUpPublic:
        person = person_of(principal)
        a = self.get(assessment_id)
        if a.status != "scheduled" or a.held_on < today():
            raise Conflict(
                f"assessment {assessment_id} is not open for sign-up ({a.status}, {a.held_on})",
                message_zh=f"评价 {assessment_id} 已不接受报名",
            )
        record = self.repo.record(person)
        if record is None:
            raise NotFound("your person record is missing", message_zh="找不到您的个人档案")
        result = self.evaluate_for(record)
        option, refusal = judge(result, a)
        refusal = refusal or _firm_refusal(record, a)
        if option is None or refusal is not None:
            reasons = refusal or {"zh": "", "en": ""}
            raise Forbidden(
                f"not eligible for this assessment: {reasons['en']}",
                message_zh=f"不符合报名条件：{reasons['zh']}",
                details={"reasons": reasons},
            )
        exempt = _waived(list(option.exemptions), a.methods)
        day = today()

        def work(tx: Tx) -> None:
            seat = tx.run(q.TAKE_SEAT, {"id": assessment_id, "today": day})
            if not seat:
                raise Conflict(
                    f"assessment {assessment_id} is no longer open for sign-up",
                    message_zh=f"评价 {assessment_id} 已不接受报名",
                )
            # Read after the seat's lock: a sign-up committed meanwhile is seen here.
            if tx.run(q.SIGNED_UP, {"person": person, "id": assessment_id}):
                raise Conflict(
                    "you have already signed up for this assessment",
                    message_zh="您已报名该评价",
                )
            if int(seat[0]["taken"]) > int(seat[0]["capacity"] or 0):
                raise Conflict(
                    f"assessment {assessment_id} is full ({seat[0]['capacity']} places)",
                    message_zh=f"评价 {assessment_id} 名额已满（{seat[0]['capacity']} 人）",
                )
            tx.run(q.SIGN_UP, {"person": person, "id": assessment_id, "exempt": exempt})

        self.store.write(work)
        cache.invalidate()
        return SignUpPublic(
            assessment=self.get(assessment_id),
            person_id=person,
            exempt=exempt,
            methods_to_take=_to_take(a.methods, exempt),
            rules=option.rules,
            status="signed_up",
        )

    def withdraw(self, principal: Principal, assessment_id: str) -> None:
        person = person_of(principal)
        self.get(assessment_id)
        day = today()

        def work(tx: Tx) -> bool:
            if not tx.run(q.WITHDRAW, {"person": person, "id": assessment_id, "today": day}):
                return False
            tx.run(q.RELEASE_SEAT, {"id": assessment_id})
            return True

        if not self.store.write(work):
            raise NotFound(
                "you have no sign-up to withdraw for this assessment (or it is too late)",
                message_zh="您没有可撤回的报名（或已过撤回期限）",
            )

    def sign_ups(self, record: PersonRecord) -> list[SignUpPublic]:
        out = []
        for t in record.assessments:
            row = self.repo.assessment(t["assessment_id"])
            if row is None:
                continue
            a = assessment_public(row)
            exempt = list(t.get("exempt") or [])
            passed = t.get("passed")
            out.append(
                SignUpPublic(
                    assessment=a,
                    person_id=record.id,
                    exempt=exempt,
                    methods_to_take=_to_take(a.methods, exempt),
                    rules=[],
                    status="signed_up" if passed is None else "passed" if passed else "failed",
                    score=t.get("score"),
                )
            )
        return out

    # Results -----------------------------------------------------------------

    def record_results(
        self, principal: Principal, assessment_id: str, data: ResultsIn
    ) -> ResultsOut:
        a = self.get(assessment_id)
        self._organised_by_caller(principal, a)
        if a.held_on > today():
            raise Conflict(
                f"results can be recorded from {a.held_on}, the day the assessment is held",
                message_zh=f"评价日期 {a.held_on} 之后方可录入成绩",
            )
        if a.status == "cancelled":
            raise Conflict("the assessment was cancelled", message_zh="该评价已取消")
        seen: set[str] = set()
        for i, r in enumerate(data.results):
            if r.person_id in seen:
                raise InvalidInput(
                    f"results[{i}].person_id: {r.person_id} is listed twice",
                    message_zh=f"results[{i}].person_id：{r.person_id} 重复",
                    field=f"results[{i}].person_id",
                )
            seen.add(r.person_id)
        occ_zh = a.occupation.name_zh or a.occupation.code
        specialties = sorted(
            {spec for _, spec in default_correspondence().placements(a.occupation.code) if spec}
        )
        specialty = specialties[0] if specialties else None

        def work(tx: Tx) -> list[str]:
            tx.run(q.LOCK_ASSESSMENT, {"id": assessment_id})
            made: list[str] = []
            for i, r in enumerate(data.results):
                done = tx.run(
                    q.SET_RESULT,
                    {
                        "person": r.person_id,
                        "id": assessment_id,
                        "score": r.score,
                        "passed": r.passed,
                    },
                )
                if not done:
                    known = tx.run(q.SIGNED_UP, {"person": r.person_id, "id": assessment_id})
                    why_en = "already has a result" if known else "did not sign up"
                    why_zh = "成绩已录入" if known else "未报名该评价"
                    raise (Conflict if known else InvalidInput)(
                        f"results[{i}].person_id: {r.person_id} {why_en}",
                        message_zh=f"results[{i}].person_id：{r.person_id} {why_zh}",
                        field=f"results[{i}].person_id",
                    )
                if not r.passed:
                    continue
                cid = f"cred-{assessment_id}-{r.person_id}"
                if tx.run(q.CREDENTIAL_EXISTS, {"id": cid}):
                    continue  # a retried transaction finds its own credential
                tx.run(
                    q.CREATE_CREDENTIAL,
                    {
                        "id": cid,
                        "person": r.person_id,
                        "assessment": assessment_id,
                        "name": f"{occ_zh} {a.level_zh} 职业技能等级证书",
                        "level": a.level,
                        "specialty": specialty,
                        "obtained": a.held_on,
                    },
                )
                tx.run(q.LINK_LEVEL, {"id": cid, "qualification": f"qual-skill_level-{a.level}"})
                tx.run(q.LINK_OCCUPATION, {"id": cid, "occupation": a.occupation.code})
                if a.organiser.kind in q.LINK_ISSUER:
                    tx.run(q.LINK_ISSUER[a.organiser.kind], {"id": cid, "issuer": a.organiser.id})
                made.append(cid)
            if tx.run(q.PENDING, {"id": assessment_id})[0]["pending"] == 0:
                tx.run(q.COMPLETE, {"id": assessment_id})
            return made

        made = self.store.write(work)
        cache.invalidate()
        return ResultsOut(
            assessment=self.get(assessment_id),
            recorded=len(data.results),
            credentials=made,
            roster=self.roster(principal, assessment_id),
        )
