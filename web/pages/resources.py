"""Pages for the alliance's shared resources: find, share and book facilities
and teachers; bookings from both sides; competitions and their results;
cooperation projects; the sharing ledger; and the staff's and parks' analytics
with inline SVG charts drawn here (no script, no CDN).

Thin routes over the same services as the API. Every form carries the CSRF
field; a refused form is shown again with the reason beside the field.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from backend.accounts.schemas import Principal
from backend.analytics.schemas import Dimension
from backend.analytics.service import TREND_SERIES, AnalyticsService
from backend.competitions.honours import AWARD_NAMES, LEVELS, allowed_awards
from backend.competitions.schemas import CompetitionCreate, PersonHit, ResultIn, ResultsCreate
from backend.competitions.service import CompetitionService
from backend.courses.access import today
from backend.deps import OptionalUser, StoreDep
from backend.errors import AllianceError, InvalidInput
from backend.ledger.service import LedgerService
from backend.members.service import MemberService
from backend.projects.schemas import ProjectCreate, ProjectUpdate
from backend.projects.service import ProjectService
from backend.resources.access import maybe_member
from backend.resources.availability import DAYS
from backend.resources.schemas import BookingCreate, FacilityCreate, TeacherCreate, TeacherUpdate
from backend.resources.service import ResourceService
from web.pages import render
from web.pages.auth import see_other
from web.pages.deps import FormDep, SignedIn
from web.pages.forms import FormErrors, filled, form_errors, validate, values

router = APIRouter(include_in_schema=False)

# ?ok=<key> after a redirect: a message id of this module (never request text).
OK: dict[str, str] = {
    "facility": "Facility shared with the alliance.",
    "teacher": "Teacher shared with the alliance.",
    "requested": "Booking requested. The owner decides.",
    "approve": "Booking approved.",
    "decline": "Booking declined.",
    "cancel": "Booking cancelled.",
    "hours": "Weekly hours saved.",
    "competition": "Competition published.",
    "results": "Results published: each is now a credential on the person's record.",
    "project": "Project proposed. Each partner signs it.",
    "signed": "Project signed.",
    "updated": "Project updated.",
}
SLOT_ROWS = 4  # weekly-hour rows a form offers at once
SCHEDULE_DAYS = 14  # how far ahead a detail page shows booked slots
PROJECT_KINDS = ("local", "international", "entrepreneurship")
PROJECT_MOVES = ("in_progress", "completed", "cancelled")
FACILITY_KINDS = ("workshop", "lab", "clean_room", "computer_lab", "simulation", "training_base")


def _ok(request: Request) -> str | None:
    return OK.get(request.query_params.get("ok") or "")


def _q(request: Request, name: str) -> str | None:
    value = (request.query_params.get(name) or "").strip()
    return value[:120] or None


# ---------------------------------------------------------------- facilities
def _facilities(
    request: Request,
    user: Principal | None,
    store: StoreDep,
    form: dict[str, str],
    errors: FormErrors,
    code: int = 200,
) -> Response:
    page = ResourceService(store).list_facilities(
        park=_q(request, "park"),
        kind=_q(request, "kind") if _q(request, "kind") in FACILITY_KINDS else None,
        equipment=_q(request, "equipment"),
        q=_q(request, "q"),
        limit=100,
    )
    return render(
        request,
        "resources/facilities.html",
        {
            "user": user,
            "member": maybe_member(user),
            "items": page.items,
            "total": page.total,
            "kinds": FACILITY_KINDS,
            "filters": dict(request.query_params),
            "form": form,
            "errors": errors,
            "ok": _ok(request),
        },
        status_code=code,
    )


@router.get("/resources/facilities")
def resources_facilities(request: Request, user: OptionalUser, store: StoreDep) -> Response:
    return _facilities(request, user, store, {"open_hours": "08:00-21:00"}, form_errors(request))


@router.post("/resources/facilities")
def resources_share_facility(
    request: Request, user: SignedIn, form: FormDep, store: StoreDep
) -> Response:
    raw = values(form)
    errors = form_errors(request)
    body: dict[str, Any] = filled(
        raw, "name_zh", "name_en", "kind", "capacity", "address", "open_hours"
    )
    body["equipment"] = [x.strip() for x in raw.get("equipment", "").replace("，", ",").split(",")]
    body["equipment"] = [x for x in body["equipment"] if x]
    data = validate(FacilityCreate, body, errors)
    if data is not None:
        try:
            ResourceService(store).create_facility(user, data)
        except AllianceError as exc:
            errors.add_error(exc)
        else:
            return see_other("/resources/facilities?ok=facility")
    return _facilities(request, user, store, raw, errors, 422)


# ---------------------------------------------------------------- teachers
def _teachers(
    request: Request,
    user: Principal | None,
    store: StoreDep,
    form: dict[str, str],
    errors: FormErrors,
    code: int = 200,
) -> Response:
    page = ResourceService(store).list_teachers(
        park=_q(request, "park"), skill=_q(request, "skill"), q=_q(request, "q"), limit=100
    )
    return render(
        request,
        "resources/teachers.html",
        {
            "user": user,
            "member": maybe_member(user),
            "items": page.items,
            "total": page.total,
            "days": DAYS,
            "slot_rows": SLOT_ROWS,
            "filters": dict(request.query_params),
            "form": form,
            "errors": errors,
            "ok": _ok(request),
        },
        status_code=code,
    )


@router.get("/resources/teachers")
def resources_teachers(request: Request, user: OptionalUser, store: StoreDep) -> Response:
    return _teachers(request, user, store, {}, form_errors(request))


@router.post("/resources/teachers")
def resources_share_teacher(
    request: Request, user: SignedIn, form: FormDep, store: StoreDep
) -> Response:
    raw = values(form)
    errors = form_errors(request)
    body: dict[str, Any] = filled(raw, "name", "title", "bio", "hourly_rate")
    skills = [s.strip() for s in raw.get("expertise", "").replace("，", ",").split(",")]
    level = raw.get("level") or "4"
    body["expertise"] = [{"skill_id": s, "level": level} for s in skills if s]
    body["availability"] = slot_rows(raw)
    data = validate(TeacherCreate, body, errors)
    if data is not None:
        try:
            ResourceService(store).create_teacher(user, data)
        except AllianceError as exc:
            errors.add_error(exc)
        else:
            return see_other("/resources/teachers?ok=teacher")
    return _teachers(request, user, store, raw, errors, 422)


# ---------------------------------------------------------------- detail pages
def slot_rows(raw: dict[str, str]) -> list[dict[str, str]]:
    """The weekly-hour rows a form filled in (weekday chosen), for the schema
    to validate; a row left without its weekday is left out."""
    rows = []
    for i in range(SLOT_ROWS):
        weekday = raw.get(f"slot_day_{i}", "")
        if weekday:
            rows.append(
                {
                    "weekday": weekday,
                    "start": raw.get(f"slot_start_{i}", ""),
                    "end": raw.get(f"slot_end_{i}", ""),
                }
            )
    return rows


def _ahead() -> tuple[str, str]:
    first = date.fromisoformat(today())
    last = first + timedelta(days=SCHEDULE_DAYS)
    return f"{first.isoformat()}T00:00:00", f"{last.isoformat()}T00:00:00"


def _facility(
    request: Request,
    user: Principal | None,
    store: StoreDep,
    facility_id: str,
    form: dict[str, str],
    errors: FormErrors,
    code: int = 200,
) -> Response:
    service = ResourceService(store)
    facility = service.facility(facility_id)
    since, until = _ahead()
    return render(
        request,
        "resources/facility.html",
        {
            "user": user,
            "member": maybe_member(user),
            "f": facility,
            "schedule": service.schedule("facility", facility_id, since, until),
            "days_ahead": SCHEDULE_DAYS,
            "form": form,
            "errors": errors,
            "ok": _ok(request),
        },
        status_code=code,
    )


@router.get("/resources/facilities/{facility_id}")
def resources_facility(
    facility_id: str, request: Request, user: OptionalUser, store: StoreDep
) -> Response:
    return _facility(request, user, store, facility_id, {}, form_errors(request))


def _teacher(
    request: Request,
    user: Principal | None,
    store: StoreDep,
    teacher_id: str,
    form: dict[str, str],
    errors: FormErrors,
    code: int = 200,
) -> Response:
    service = ResourceService(store)
    teacher = service.teacher(teacher_id)
    since, until = _ahead()
    member = maybe_member(user)
    owner = member is not None and teacher.home is not None and teacher.home.id == member.id
    if owner and not form:
        form = {
            k: v
            for i, s in enumerate(teacher.availability)
            for k, v in (
                (f"slot_day_{i}", str(s.weekday)),
                (f"slot_start_{i}", s.start),
                (f"slot_end_{i}", s.end),
            )
        }
    return render(
        request,
        "resources/teacher.html",
        {
            "user": user,
            "member": member,
            "owner": owner,
            "t": teacher,
            "schedule": service.schedule("teacher", teacher_id, since, until),
            "days_ahead": SCHEDULE_DAYS,
            "days": DAYS,
            "slot_rows": max(SLOT_ROWS, len(teacher.availability)),
            "form": form,
            "errors": errors,
            "ok": _ok(request),
        },
        status_code=code,
    )


@router.get("/resources/teachers/{teacher_id}")
def resources_teacher(
    teacher_id: str, request: Request, user: OptionalUser, store: StoreDep
) -> Response:
    return _teacher(request, user, store, teacher_id, {}, form_errors(request))


@router.post("/resources/teachers/{teacher_id}/hours")
def resources_teacher_hours(
    teacher_id: str, request: Request, user: SignedIn, form: FormDep, store: StoreDep
) -> Response:
    raw = values(form)
    errors = form_errors(request)
    data = validate(TeacherUpdate, {"availability": slot_rows(raw)}, errors)
    if data is not None:
        try:
            ResourceService(store).update_teacher(user, teacher_id, data)
        except AllianceError as exc:
            errors.add_error(exc)
        else:
            return see_other(f"/resources/teachers/{teacher_id}?ok=hours")
    return _teacher(request, user, store, teacher_id, raw, errors, 422)


# ---------------------------------------------------------------- bookings
@router.post("/resources/book")
def resources_book(request: Request, user: SignedIn, form: FormDep, store: StoreDep) -> Response:
    raw = values(form)
    errors = form_errors(request)
    kind = raw.get("kind", "facility")
    day = raw.get("day", "")
    body: dict[str, Any] = {
        "kind": kind,
        "resource_id": raw.get("resource_id", ""),
        "start": f"{day}T{raw.get('start', '')}:00",
        "end": f"{day}T{raw.get('end', '')}:00",
        **filled(raw, "seats", "purpose"),
    }
    data = validate(BookingCreate, body, errors)
    if data is not None:
        try:
            ResourceService(store).request(user, data)
        except AllianceError as exc:
            errors.add_error(exc)
        else:
            return see_other("/resources/bookings?ok=requested")
    if "start" in errors.by_field or "end" in errors.by_field:
        errors.add("day", errors.by_field.pop("start", "") or errors.by_field.pop("end", ""))
    raw["open"] = raw.get("resource_id", "")
    if raw.get("back") == "detail":
        if kind == "teacher":
            return _teacher(request, user, store, raw["open"], raw, errors, 422)
        return _facility(request, user, store, raw["open"], raw, errors, 422)
    if kind == "teacher":
        return _teachers(request, user, store, raw, errors, 422)
    return _facilities(request, user, store, raw, errors, 422)


@router.get("/resources/bookings")
def resources_bookings(request: Request, user: SignedIn, store: StoreDep) -> Response:
    service = ResourceService(store)
    if user.is_staff:
        sides = {"all": service.list_bookings(user, side="all", limit=200)}
    else:
        sides = {
            "received": service.list_bookings(user, side="received", limit=200),
            "requested": service.list_bookings(user, side="requested", limit=200),
        }
    return render(
        request,
        "resources/bookings.html",
        {"user": user, "sides": sides, "ok": _ok(request)},
    )


@router.post("/resources/bookings/{booking_id}/{action}")
def resources_booking_action(
    booking_id: str, action: str, user: SignedIn, form: FormDep, store: StoreDep
) -> Response:
    service = ResourceService(store)
    if action == "approve":
        service.approve(user, booking_id)
    elif action == "decline":
        service.decline(user, booking_id)
    elif action == "cancel":
        service.cancel(user, booking_id)
    else:
        raise InvalidInput(f"unknown action {action!r}", message_zh="未知操作", field="action")
    return see_other(f"/resources/bookings?ok={action}")


# ---------------------------------------------------------------- competitions
def _competitions(
    request: Request,
    user: Principal | None,
    store: StoreDep,
    form: dict[str, str],
    errors: FormErrors,
    code: int = 200,
) -> Response:
    service = CompetitionService(store)
    level = _q(request, "level")
    page = service.search(level=level if level in LEVELS else None, q=_q(request, "q"), limit=100)
    mine = (
        service.mine(user).items
        if user is not None and user.role == "person" and user.person_id and user.active
        else []
    )
    return render(
        request,
        "resources/competitions.html",
        {
            "user": user,
            "items": page.items,
            "total": page.total,
            "mine": mine,
            "levels": publishable_levels(user),
            "all_levels": LEVELS,
            "filters": dict(request.query_params),
            "form": form,
            "errors": errors,
            "ok": _ok(request),
        },
        status_code=code,
    )


def publishable_levels(user: Principal | None) -> tuple[str, ...]:
    """The levels the form offers: staff all, a verified firm its own contests
    (the service decides again; this only keeps the form honest)."""
    if user is None:
        return ()
    if user.is_staff and maybe_member(user) is not None:
        return LEVELS
    member = maybe_member(user)
    return ("enterprise",) if member is not None and member.label == "Firm" else ()


@router.get("/resources/competitions")
def resources_competitions(request: Request, user: OptionalUser, store: StoreDep) -> Response:
    return _competitions(request, user, store, {}, form_errors(request))


@router.post("/resources/competitions")
def resources_create_competition(
    request: Request, user: SignedIn, form: FormDep, store: StoreDep
) -> Response:
    raw = values(form)
    errors = form_errors(request)
    data = validate(
        CompetitionCreate,
        filled(raw, "name_zh", "name_en", "level", "held_on", "occupation_id"),
        errors,
    )
    if data is not None:
        try:
            created = CompetitionService(store).create(user, data)
        except AllianceError as exc:
            errors.add_error(exc)
        else:
            return see_other(f"/resources/competitions/{created.id}?ok=competition")
    return _competitions(request, user, store, raw, errors, 422)


def _competition(
    request: Request,
    user: Principal | None,
    store: StoreDep,
    competition_id: str,
    form: dict[str, str],
    errors: FormErrors,
    code: int = 200,
) -> Response:
    service = CompetitionService(store)
    roll = service.roll(competition_id)
    manage = service.may_manage(user, roll.competition)
    results = service.results(user, competition_id).items if manage and user else []
    who = request.query_params.get("who", "")
    hits: list[PersonHit] | None = None
    if manage and who:
        try:
            hits = service.find_people(user, competition_id, who)
        except AllianceError as exc:
            errors.add_error(exc)
    return render(
        request,
        "resources/competition.html",
        {
            "user": user,
            "c": roll.competition,
            "roll": roll.items,
            "manage": manage,
            "results": results,
            "who": who,
            "hits": hits,
            "awards": allowed_awards(roll.competition.level),
            "award_names": AWARD_NAMES,
            "open_for_results": roll.competition.held_on <= today(),
            "form": form,
            "errors": errors,
            "ok": _ok(request),
        },
        status_code=code,
    )


@router.get("/resources/competitions/{competition_id}")
def resources_competition(
    competition_id: str, request: Request, user: OptionalUser, store: StoreDep
) -> Response:
    return _competition(request, user, store, competition_id, {}, form_errors(request))


def result_lines(text: str, errors: FormErrors) -> list[dict[str, Any]]:
    """One result a line: ``person id, rank[, award]`` (commas, Chinese commas or
    spaces). A line that does not read names its number."""
    out: list[dict[str, Any]] = []
    for n, line in enumerate(text.splitlines(), start=1):
        parts = [p for p in line.replace("，", ",").replace(",", " ").split() if p]
        if not parts:
            continue
        if len(parts) not in (2, 3) or not parts[1].isdigit():
            errors.add_msgid(
                "results",
                "Line %(n)s: write a person's id and a rank, e.g. person-wang-lei, 1",
                n=n,
            )
            return []
        row: dict[str, Any] = {"person_id": parts[0], "rank": int(parts[1])}
        if len(parts) == 3:
            row["award"] = parts[2]
        out.append(row)
    if not out and not errors:
        errors.add_msgid("results", "This field is required.")
    return out


@router.post("/resources/competitions/{competition_id}/results")
def resources_publish_results(
    competition_id: str, request: Request, user: SignedIn, form: FormDep, store: StoreDep
) -> Response:
    raw = values(form)
    errors = form_errors(request)
    rows = result_lines(raw.get("results", ""), errors)
    if rows:
        try:
            data = ResultsCreate(results=[ResultIn.model_validate(r) for r in rows])
        except ValidationError as exc:
            errors.add_validation(exc, prefix="")
            errors.by_field = {"results": next(iter(errors.by_field.values()))}
        else:
            try:
                CompetitionService(store).publish(user, competition_id, data)
            except AllianceError as exc:
                errors.add_error(exc)
                errors.by_field = {"results": next(iter(errors.by_field.values()))}
            else:
                return see_other(f"/resources/competitions/{competition_id}?ok=results")
    return _competition(request, user, store, competition_id, raw, errors, 422)


# ---------------------------------------------------------------- projects
def _members(store: StoreDep) -> list[Any]:
    return list(MemberService(store).list_members(None, 0, 500).items)


def _projects(
    request: Request,
    user: Principal | None,
    store: StoreDep,
    form: dict[str, str],
    errors: FormErrors,
    code: int = 200,
    chosen: tuple[str, ...] = (),
) -> Response:
    kind = _q(request, "kind")
    page = ProjectService(store).search(
        kind=kind if kind in PROJECT_KINDS else None, member=_q(request, "member"), limit=100
    )
    member = maybe_member(user)
    return render(
        request,
        "resources/projects.html",
        {
            "user": user,
            "items": page.items,
            "total": page.total,
            "member": member,
            "kinds": PROJECT_KINDS,
            "members": [m for m in _members(store) if member and m.id != member.id],
            "chosen": chosen,
            "filters": dict(request.query_params),
            "form": form,
            "errors": errors,
            "ok": _ok(request),
        },
        status_code=code,
    )


@router.get("/resources/projects")
def resources_projects(request: Request, user: OptionalUser, store: StoreDep) -> Response:
    return _projects(request, user, store, {}, form_errors(request))


@router.post("/resources/projects")
def resources_propose_project(
    request: Request, user: SignedIn, form: FormDep, store: StoreDep
) -> Response:
    raw = values(form)
    errors = form_errors(request)
    chosen = tuple(v for v in form.getlist("partners") if isinstance(v, str) and ":" in v)
    body: dict[str, Any] = filled(raw, "name_zh", "name_en", "kind", "goals")
    body["partners"] = [dict(zip(("kind", "id"), c.split(":", 1), strict=True)) for c in chosen]
    data = validate(ProjectCreate, body, errors)
    if data is not None:
        try:
            created = ProjectService(store).propose(user, data)
        except AllianceError as exc:
            errors.add_error(exc)
        else:
            return see_other(f"/resources/projects/{created.id}?ok=project")
    return _projects(request, user, store, raw, errors, 422, chosen)


def _project(
    request: Request,
    user: Principal | None,
    store: StoreDep,
    project_id: str,
    form: dict[str, str],
    errors: FormErrors,
    code: int = 200,
) -> Response:
    project = ProjectService(store).get(project_id)
    member = maybe_member(user)
    party = next((p for p in project.parties if member and p.id == member.id), None)
    return render(
        request,
        "resources/project.html",
        {
            "user": user,
            "p": project,
            "party": party,
            "lead": party is not None and party.role == "lead",
            "moves": PROJECT_MOVES,
            "form": form or {"goals": project.goals or "", "results": project.results or ""},
            "errors": errors,
            "ok": _ok(request),
        },
        status_code=code,
    )


@router.get("/resources/projects/{project_id}")
def resources_project(
    project_id: str, request: Request, user: OptionalUser, store: StoreDep
) -> Response:
    return _project(request, user, store, project_id, {}, form_errors(request))


@router.post("/resources/projects/{project_id}/sign")
def resources_sign_project(
    project_id: str, user: SignedIn, form: FormDep, store: StoreDep
) -> Response:
    ProjectService(store).sign(user, project_id)
    return see_other(f"/resources/projects/{project_id}?ok=signed")


@router.post("/resources/projects/{project_id}")
def resources_update_project(
    project_id: str, request: Request, user: SignedIn, form: FormDep, store: StoreDep
) -> Response:
    raw = values(form)
    errors = form_errors(request)
    data = validate(ProjectUpdate, filled(raw, "goals", "status", "results"), errors)
    if data is not None:
        try:
            ProjectService(store).update(user, project_id, data)
        except AllianceError as exc:
            errors.add_error(exc)
        else:
            return see_other(f"/resources/projects/{project_id}?ok=updated")
    return _project(request, user, store, project_id, raw, errors, 422)


# ---------------------------------------------------------------- ledger
@router.get("/resources/ledger")
def resources_ledger(request: Request, user: SignedIn, store: StoreDep) -> Response:
    service = LedgerService(store)
    entries = service.entries(user, limit=100)
    use = service.utilisation(user)
    return render(
        request,
        "resources/ledger.html",
        {"user": user, "entries": entries, "use": use},
    )


# ---------------------------------------------------------------- analytics
def hbars(rows: list[Any], limit: int = 12) -> dict[str, Any]:
    """Paired horizontal bars (supply, places) for the first ``limit`` rows."""
    shown = rows[:limit]
    top = max(
        [1] + [max(r.places, r.available if r.available is not None else r.supply) for r in shown]
    )
    width, label_w, row_h = 560.0, 170.0, 30
    bars = []
    for i, r in enumerate(shown):
        have = r.available if r.available is not None else r.supply
        bars.append(
            {
                "y": i * row_h,
                "name_zh": r.name_zh or r.key,
                "name_en": r.name_en or r.name_zh or r.key,
                "have": have,
                "places": r.places,
                "have_w": round(width * have / top, 1),
                "places_w": round(width * r.places / top, 1),
            }
        )
    return {"bars": bars, "height": len(bars) * row_h + 4, "label_w": label_w, "width": width}


def columns(months: list[str], a: list[int], b: list[int]) -> dict[str, Any]:
    """Paired monthly columns (e.g. places posted, hires)."""
    top = max([1, *a, *b])
    height, col_w = 160.0, 44
    cols = []
    for i, m in enumerate(months):
        cols.append(
            {
                "x": i * col_w,
                "month": m[2:],
                "a": a[i],
                "b": b[i],
                "a_h": round(height * a[i] / top, 1),
                "b_h": round(height * b[i] / top, 1),
            }
        )
    return {"cols": cols, "height": height, "width": len(months) * col_w}


def _analytics(request: Request, user: Principal, store: StoreDep) -> Response:
    service = AnalyticsService(store)
    where = service.within(user, _q(request, "park") if user.is_staff else None)
    by_raw = _q(request, "by") or "skill"
    by: Dimension = by_raw if by_raw in ("skill", "occupation", "specialty", "park") else "skill"  # type: ignore[assignment]
    sd = service.supply_demand(where, by)
    mismatch = service.mismatch(where)
    shortages = service.shortages(where)
    employment = service.employment(where)
    trends = service.trends(where)
    return render(
        request,
        "resources/analytics.html",
        {
            "user": user,
            "park": where,
            "park_ref": service.park_ref(where),
            "parks": service.parks() if user.is_staff else [],
            "by": by,
            "sd": sd,
            "chart": hbars(sd.rows),
            "mismatch": mismatch,
            "shortages": shortages,
            "employment": employment,
            "trends": trends,
            "series": TREND_SERIES,
            "trend_chart": columns(
                trends.months, trends.series["places_posted"], trends.series["hires"]
            ),
            "export": "/api/analytics/export/",
            "park_q": f"?park={where}" if where else "",
        },
    )


@router.get("/staff/analytics")
def staff_analytics(request: Request, user: SignedIn, store: StoreDep) -> Response:
    return _analytics(request, user, store)


@router.get("/park/analytics")
def park_analytics(request: Request, user: SignedIn, store: StoreDep) -> Response:
    return _analytics(request, user, store)
