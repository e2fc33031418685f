"""Pages for the alliance's shared resources: find, share and book facilities
and teachers; bookings from both sides; competitions and their results;
cooperation projects; the sharing ledger; and the staff's and parks' analytics
with inline SVG charts drawn here (no script, no CDN).

Thin routes over the same services as the API. Every form carries the CSRF
field; a refused form is shown again with the reason beside the field.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backend.accounts.schemas import Principal
from backend.analytics.schemas import Dimension
from backend.analytics.service import TREND_SERIES, AnalyticsService, scope
from backend.competitions.service import CompetitionService
from backend.deps import OptionalUser, StoreDep
from backend.errors import AllianceError, InvalidInput
from backend.ledger.service import LedgerService
from backend.projects.service import ProjectService
from backend.resources.access import maybe_member
from backend.resources.schemas import BookingCreate, FacilityCreate, TeacherCreate
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
}
FACILITY_KINDS = ("workshop", "lab", "clean_room", "computer_lab", "simulation", "training_base")
PARKS = ("park-tiexi", "park-hunnan", "park-shenbei")


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
    body: dict[str, Any] = filled(raw, "name", "title", "bio", "availability", "hourly_rate")
    skills = [s.strip() for s in raw.get("expertise", "").replace("，", ",").split(",")]
    level = raw.get("level") or "4"
    body["expertise"] = [{"skill_id": s, "level": level} for s in skills if s]
    data = validate(TeacherCreate, body, errors)
    if data is not None:
        try:
            ResourceService(store).create_teacher(user, data)
        except AllianceError as exc:
            errors.add_error(exc)
        else:
            return see_other("/resources/teachers?ok=teacher")
    return _teachers(request, user, store, raw, errors, 422)


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


# ---------------------------------------------------------------- competitions, projects
@router.get("/resources/competitions")
def resources_competitions(request: Request, user: OptionalUser, store: StoreDep) -> Response:
    page = CompetitionService(store).search(limit=100)
    mine = (
        CompetitionService(store).mine(user).items
        if user is not None and user.role == "person" and user.person_id and user.active
        else []
    )
    return render(
        request,
        "resources/competitions.html",
        {"user": user, "items": page.items, "mine": mine},
    )


@router.get("/resources/projects")
def resources_projects(request: Request, user: OptionalUser, store: StoreDep) -> Response:
    page = ProjectService(store).search(limit=100)
    member = maybe_member(user)
    return render(
        request,
        "resources/projects.html",
        {"user": user, "items": page.items, "member": member},
    )


@router.post("/resources/projects/{project_id}/sign")
def resources_sign_project(
    project_id: str, user: SignedIn, form: FormDep, store: StoreDep
) -> Response:
    ProjectService(store).sign(user, project_id)
    return see_other("/resources/projects")


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
    where = scope(user, _q(request, "park") if user.is_staff else None)
    by_raw = _q(request, "by") or "skill"
    by: Dimension = by_raw if by_raw in ("skill", "occupation", "specialty", "park") else "skill"  # type: ignore[assignment]
    service = AnalyticsService(store)
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
            "parks": PARKS,
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
