"""Pages for everyone: vacancies, courses and subsidy policies (public), and each
signed-in user's notifications."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backend.applications.service import ApplicationService
from backend.courses.service import CourseService
from backend.deps import OptionalUser, StoreDep
from backend.members.service import MemberService
from backend.notifications.service import NotificationService
from backend.subsidies.service import SubsidyService
from backend.vacancies.schemas import VacancyFilters
from backend.vacancies.service import VacancyService
from web.pages import render
from web.pages.auth import see_other
from web.pages.deps import FormDep, SignedIn

router = APIRouter(include_in_schema=False)

PAGE = 20


def _page_number(request: Request) -> int:
    raw = request.query_params.get("page", "1")
    return max(1, int(raw)) if raw.isdigit() else 1


@router.get("/vacancies")
def vacancies_page(request: Request, store: StoreDep, user: OptionalUser) -> Response:
    q = (request.query_params.get("q") or "").strip()[:80] or None
    kind = request.query_params.get("kind") or None
    park = request.query_params.get("park") or None
    if (
        user is not None
        and user.role == "park"
        and park is None
        and "park" not in request.query_params
    ):
        park = user.org_id
    filters = VacancyFilters.model_validate(
        {
            "q": q,
            "kind": kind if kind in ("job", "placement", "apprenticeship") else None,
            "park": park,
        }
    )
    page = _page_number(request)
    result = VacancyService(store).search(user, filters, (page - 1) * PAGE, PAGE)
    parks = MemberService(store).list_members("Park", 0, 100).items
    return render(
        request,
        "vacancies.html",
        {
            "user": user,
            "result": result,
            "q": q or "",
            "kind": filters.kind or "",
            "park": park or "",
            "parks": [p.model_dump() for p in parks],
            "page": page,
            "pages": max(1, -(-result.total // PAGE)),
        },
    )


@router.get("/vacancies/{vacancy_id}")
def vacancy_page(
    vacancy_id: str, request: Request, store: StoreDep, user: OptionalUser
) -> Response:
    vacancy = VacancyService(store).get(user, vacancy_id)
    mine = None
    if user is not None and user.role == "person":
        mine = next(
            iter(ApplicationService(store).search(user, vacancy_id=vacancy_id, limit=1).items),
            None,
        )
    return render(request, "vacancy.html", {"user": user, "v": vacancy, "mine": mine})


@router.get("/courses")
def courses_page(request: Request, store: StoreDep, user: OptionalUser) -> Response:
    q = (request.query_params.get("q") or "").strip()[:80] or None
    shared = request.query_params.get("shared") == "1"
    page = _page_number(request)
    result = CourseService(store).list_courses(
        provider=None,
        park=None,
        skill=None,
        shared=True if shared else None,
        status="open",
        q=q,
        skip=(page - 1) * PAGE,
        limit=PAGE,
    )
    return render(
        request,
        "courses.html",
        {
            "user": user,
            "result": result,
            "q": q or "",
            "shared": shared,
            "page": page,
            "pages": max(1, -(-result.total // PAGE)),
        },
    )


@router.get("/courses/{course_id}")
def course_page(course_id: str, request: Request, store: StoreDep, user: OptionalUser) -> Response:
    course = CourseService(store).get(course_id)
    enrolled: Any = None
    if user is not None and user.role == "person":
        mine = CourseService(store).enrolments(user, course=course_id, status=None, skip=0, limit=1)
        enrolled = mine.items[0] if mine.items else None
    return render(request, "course.html", {"user": user, "c": course, "enrolled": enrolled})


@router.get("/subsidies")
def subsidies_page(request: Request, store: StoreDep, user: OptionalUser) -> Response:
    result = SubsidyService(store).list_policies(
        status="published",
        in_force=None,
        region=None,
        kind=None,
        course=None,
        q=None,
        skip=0,
        limit=200,
    )
    return render(request, "subsidies.html", {"user": user, "policies": result.items})


# ---------------------------------------------------------------------- notifications
def notification_target(user: SignedIn, link: str | None) -> str | None:
    """Notifications carry API links; each role reads the same thing on its own page."""
    if not link:
        return None
    if link.startswith("/api/applications/"):
        return {
            "person": "/my/applications",
            "company": "/firm/applications",
            "school": "/school/placements",
        }.get(user.role)
    return None


@router.get("/notifications")
def notifications_page(request: Request, user: SignedIn, store: StoreDep) -> Response:
    page = NotificationService(store).page(user, False, 0, 100)
    items = [(n, notification_target(user, n.link)) for n in page.items]
    return render(
        request, "notifications.html", {"user": user, "items": items, "unread": page.unread}
    )


@router.post("/notifications/read-all")
def notifications_read_all(user: SignedIn, form: FormDep, store: StoreDep) -> Response:
    NotificationService(store).mark_all_read(user)
    return see_other("/notifications?done=read")


@router.post("/notifications/{notification_id}/read")
def notification_read(
    notification_id: str, user: SignedIn, form: FormDep, store: StoreDep
) -> Response:
    NotificationService(store).mark_read(user, notification_id)
    return see_other("/notifications?done=read")
