"""The entry point every caller uses: API route, web page, CLI, graph services.

``check(raw)`` takes decoded JSON (one profile or an array), validates it and
returns plain JSON-ready dicts in the same order. ``evaluate_profile`` is for
callers that already hold a ``Profile`` (e.g. one built from the graph).
"""

from __future__ import annotations

import calendar
import time
from datetime import date
from typing import Any

from backend.accounts.schemas import Principal
from backend.courses.access import now_ts, person_of, require_staff, today
from backend.errors import NotFound
from backend.graph.store import GraphStore
from backend.pathways import cache
from backend.pathways.api_schemas import (
    Facts,
    Forecast,
    ForecastPerson,
    ForecastRow,
    NextStep,
    OccupationRef,
    OrgRef,
    SkillBank,
)
from backend.pathways.engine import evaluate, evaluate_options
from backend.pathways.evaluations import EvaluationService, assessment_public, open_evaluation
from backend.pathways.graph_profile import (
    PersonRecord,
    build_profile,
    current_job,
    has_anchor,
    training_record,
)
from backend.pathways.ladders import Region, label
from backend.pathways.occupations import occupation_name
from backend.pathways.repository import PathwaysRepository
from backend.pathways.rulebook import default_correspondence, default_rulebooks
from backend.pathways.schemas import PathwayResult, Profile, parse_profiles
from backend.pathways.skillbank import accredit, default_scheme, sign_export, verify_export


def evaluate_profile(profile: Profile) -> PathwayResult:
    return evaluate(profile, default_rulebooks()[profile.region], default_correspondence())


def check(raw: Any) -> list[dict[str, Any]]:
    """Results for one profile or an array of them, always as an array.

    Raises ``InvalidInput`` (422) naming the first bad field; nothing is
    evaluated unless every profile is valid.
    """
    profiles, _ = parse_profiles(raw)
    return [evaluate_profile(p).model_dump(mode="json") for p in profiles]


# --- Pathways in the graph ------------------------------------------------------
# A person's "next step" from their record, the staff forecast over the whole
# alliance, and the skill bank wired to the graph. Ownership (one rule per case):
# a person reads their own; staff read anyone's; anyone else asking for a
# person's next step gets 404 (whether the person exists is not revealed); the
# forecast is for staff only (403).


class PathwaysService:
    BATCH = 1000
    PEOPLE_PER_ROW = 25

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.repo = PathwaysRepository(store)
        self.evaluations = EvaluationService(store)

    # My next step ---------------------------------------------------------------

    def _readable_person(self, principal: Principal, person_id: str | None) -> str:
        if person_id is None:
            return person_of(principal)
        if principal.is_staff or (principal.role == "person" and principal.person_id == person_id):
            return person_id
        raise NotFound(f"no person {person_id}", message_zh=f"找不到人员 {person_id}")

    def next_step(
        self,
        principal: Principal,
        person_id: str | None = None,
        region: Region = "shenyang",
        as_of: date | None = None,
    ) -> NextStep:
        pid = self._readable_person(principal, person_id)
        record = self.repo.record(pid)
        if record is None:
            raise NotFound(f"no person {pid}", message_zh=f"找不到人员 {pid}")
        day = date.fromisoformat(today())
        when = as_of or day
        profile = build_profile(record, when, region)
        result = evaluate_profile(profile)
        # Sign-ups are decided today, in Shenyang, whatever day the page asks about.
        now_result = (
            result
            if when == day and region == "shenyang"
            else self.evaluations.evaluate_for(record)
        )
        signed = {t["assessment_id"] for t in record.assessments}
        wanted = [
            o
            for o in now_result.options
            if o.track == "skill_level" and o.status != "not_eligible" and o.occupation
        ]
        evaluations = []
        for row in self.repo.open_for(
            sorted({o.occupation for o in wanted if o.occupation}),
            sorted({o.level for o in wanted}),
            day.isoformat(),
        ):
            ev = open_evaluation(record, now_result, assessment_public(row), row["id"] in signed)
            if ev.refusal is None or ev.signed_up:
                evaluations.append(ev)
        return NextStep(
            person_id=pid,
            name=record.name,
            region=region,
            as_of=when.isoformat(),
            profile=profile,
            facts=self._facts(record, profile, when),
            result=result,
            evaluations=evaluations,
            sign_ups=self.evaluations.sign_ups(record),
        )

    @staticmethod
    def _facts(record: PersonRecord, profile: Profile, when: date) -> Facts:
        job = current_job(record, when)
        school = _school(record)
        occ = profile.current_occupation
        return Facts(
            current_employer=(
                OrgRef(id=job.firm_id, kind="Firm", name_zh=job.firm_zh, name_en=job.firm_en)
                if job
                else None
            ),
            current_occupation=(
                OccupationRef(
                    code=occ,
                    name_zh=occupation_name(occ),
                    name_en=default_correspondence().occupation_label(occ, "en"),
                )
                if occ
                else None
            ),
            relevant_experience_years=round(profile.relevant_experience_years, 2),
            experience_in_region_years=(
                round(profile.experience_in_region_years, 2)
                if profile.experience_in_region_years is not None
                else None
            ),
            school=school,
        )

    # Staff forecast ---------------------------------------------------------------

    def forecast(
        self,
        principal: Principal,
        *,
        region: Region = "shenyang",
        months: int = 12,
        member: str | None = None,
        specialty: str | None = None,
        skip: int = 0,
        limit: int = 50,
    ) -> Forecast:
        require_staff(principal)
        day = date.fromisoformat(today())
        key = ("forecast", id(self.store), region, day.isoformat(), months)
        full: Forecast | None = cache.get(key)
        if full is None:
            full = self.compute_forecast(region=region, as_of=day, months=months)
            cache.put(key, full)
        rows = [
            r
            for r in full.items
            if (member is None or (r.member is not None and r.member.id == member))
            and (specialty is None or r.specialty == specialty or r.series == specialty)
        ]
        return full.model_copy(
            update={
                "items": rows[skip : skip + limit],
                "total": len(rows),
                "skip": skip,
                "limit": limit,
            }
        )

    def compute_forecast(self, *, region: Region, as_of: date, months: int) -> Forecast:
        """Run the engine over everyone, in batches; count who is eligible now and who
        becomes eligible by ``as_of + months``, by member and specialty."""
        started = time.perf_counter()
        until = add_months(as_of, months).isoformat()
        rulebook, corr = default_rulebooks()[region], default_correspondence()
        groups: dict[tuple[str, str | None, str | None, str, str], dict[str, Any]] = {}
        members: dict[str, OrgRef] = {}
        read = evaluated = 0
        ids = self.repo.person_ids()
        for start in range(0, len(ids), self.BATCH):
            for record in self.repo.records(ids[start : start + self.BATCH]):
                read += 1
                profile = build_profile(record, as_of, region)
                if not has_anchor(profile):
                    continue
                evaluated += 1
                options = evaluate_options(profile, rulebook, corr)
                org = _member_of(record, as_of)
                if org is not None:
                    members[org.id] = org
                for o in options:
                    soon = o.status == "eligible_later" and (o.eligible_from or "9999") <= until
                    if o.status != "eligible" and not soon:
                        continue
                    series, spec = o.series, o.specialty
                    if series is None and o.occupation:
                        placed = corr.placements(o.occupation)
                        series, spec = placed[0] if placed else (None, None)
                    g = groups.setdefault(
                        (org.id if org else "", series, spec, o.track, o.level),
                        {"now": 0, "within": 0, "people": []},
                    )
                    g["now" if o.status == "eligible" else "within"] += 1
                    if len(g["people"]) < self.PEOPLE_PER_ROW:
                        g["people"].append(
                            ForecastPerson(
                                id=record.id,
                                name=record.name,
                                status=o.status,
                                eligible_from=o.eligible_from,
                            )
                        )
        items = [
            ForecastRow(
                member=members.get(mid),
                series=series,
                specialty=spec,
                field_zh=corr.field_name(series, spec, "zh") if series else "",
                field_en=corr.field_name(series, spec, "en") if series else "",
                track=track,
                level=level,
                level_zh=label(level, "zh"),
                level_en=label(level, "en"),
                eligible_now=g["now"],
                eligible_within=g["within"],
                people=g["people"],
            )
            for (mid, series, spec, track, level), g in groups.items()
        ]
        items.sort(
            key=lambda r: (-(r.eligible_now + r.eligible_within), r.member.id if r.member else "")
        )
        return Forecast(
            as_of=as_of.isoformat(),
            until=until,
            months=months,
            region=region,
            people_read=read,
            people_evaluated=evaluated,
            computed_at=now_ts(),
            seconds=round(time.perf_counter() - started, 3),
            items=items,
            total=len(items),
            skip=0,
            limit=len(items),
        )

    # Skill bank -------------------------------------------------------------------

    def _own_record(self, principal: Principal) -> PersonRecord:
        pid = person_of(principal)
        record = self.repo.record(pid)
        if record is None:
            raise NotFound("your person record is missing", message_zh="找不到您的个人档案")
        return record

    def skill_bank(self, principal: Principal) -> SkillBank:
        record = self._own_record(principal)
        training = training_record(record)
        scheme = default_scheme()
        return SkillBank(
            person_id=record.id,
            name=record.name,
            issued_on=today(),
            record=training.model_dump(mode="json"),
            credits=accredit(training).model_dump(mode="json"),
            credentials=record.credentials,
            competitions=record.competitions,
            scheme_interpretation={k: v for k, v in scheme.interpretation.items()},
        )

    def export(self, principal: Principal, key: bytes) -> dict[str, Any]:
        record = self._own_record(principal)
        return sign_export(training_record(record), key, issued_on=date.fromisoformat(today()))


def verify(raw: Any, key: bytes) -> dict[str, Any]:
    return verify_export(raw, key)


def add_months(day: date, months: int) -> date:
    """``months`` calendar months after ``day``; the 31st becomes the month's last day."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def _school(record: PersonRecord) -> OrgRef | None:
    if not record.studies:
        return None
    s = max(record.studies, key=lambda r: r.get("enrolled_on") or "")
    return OrgRef(
        id=s["school_id"], kind="School", name_zh=s.get("school_zh"), name_en=s.get("school_en")
    )


def _member_of(record: PersonRecord, as_of: date) -> OrgRef | None:
    """The member a person belongs to for the forecast: the firm they work at,
    else the school they study at."""
    job = current_job(record, as_of)
    if job is not None:
        return OrgRef(id=job.firm_id, kind="Firm", name_zh=job.firm_zh, name_en=job.firm_en)
    return _school(record)
