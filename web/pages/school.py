"""A school's or training centre's pages: its courses and seats, enrolments and
completions, answering firms' training needs, its students' placements (with
the school's approval) and its graduates' employment rate."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from backend.applications.schemas import ApplicationPage, Approval
from backend.applications.service import ApplicationService
from backend.courses.schemas import CourseCreate, CoursePublic, CourseUpdate
from backend.courses.service import CourseService
from backend.dashboard.service import DashboardService, SchoolGlance
from backend.deps import SettingsDep, StoreDep, TaxonomyDep
from backend.errors import AllianceError, Forbidden, InvalidInput
from backend.training_needs.schemas import AnswerCreate
from backend.training_needs.service import TrainingNeedService
from web.i18n import choose_lang
from web.pages import page_count, page_number, render
from web.pages.auth import see_other
from web.pages.deps import FormDep, SchoolUser
from web.pages.forms import (
    FormErrors,
    checked,
    filled,
    form_errors,
    require,
    validate,
    values,
)
from web.pages.operations import import_page, job_page, start_import, visible_job
from web.pages.suggest import keep_levels, resolve_skills, skills_text

router = APIRouter(include_in_schema=False)
PLACEMENTS_PAGE = 20

COURSE_FIELDS = (
    "title_zh",
    "title_en",
    "description",
    "hours",
    "seats",
    "schedule",
    "start_date",
    "end_date",
    "cost",
    "subsidy",
    "mode",
)


def _glance(user: SchoolUser, store: StoreDep) -> SchoolGlance | None:
    """Only schools have graduates; a training centre has none to count."""
    return DashboardService(store).school(user) if user.org_kind == "School" else None


def _own_courses(user: SchoolUser, store: StoreDep) -> list[Any]:
    return (
        CourseService(store)
        .list_courses(
            provider=user.org_id,
            park=None,
            skill=None,
            shared=None,
            status=None,
            q=None,
            skip=0,
            limit=200,
        )
        .items
    )


@router.get("/school")
def school_home(request: Request, user: SchoolUser, store: StoreDep) -> Response:
    return render(
        request,
        "school/home.html",
        {"user": user, "courses": _own_courses(user, store), "glance": _glance(user, store)},
    )


def _course_form(
    request: Request,
    user: SchoolUser,
    form: dict[str, str],
    errors: FormErrors,
    code: int = 200,
    course: CoursePublic | None = None,
) -> Response:
    if course is None:
        action, back = request.url_for("school_publish_course").path, ""
    else:
        action = request.url_for("school_update_course", course_id=course.id).path
        back = request.url_for("school_course", course_id=course.id).path
    return render(
        request,
        "school/course_form.html",
        {
            "user": user,
            "form": form,
            "errors": errors,
            "action": action,
            "back": back,
            "editing": course is not None,
            "taken": course.seats_taken if course else 0,
        },
        status_code=code,
    )


@router.get("/school/courses/new")
def school_new_course(request: Request, user: SchoolUser) -> Response:
    form = {"mode": "in_person", "shared": "on", "cost": "0", "subsidy": "0", "seats": "30"}
    return _course_form(request, user, form, form_errors(request))


@router.post("/school/courses/new")
def school_publish_course(
    request: Request, user: SchoolUser, form: FormDep, store: StoreDep, taxonomy: TaxonomyDep
) -> Response:
    raw = values(form)
    errors = form_errors(request)
    body: dict[str, Any] = filled(raw, *COURSE_FIELDS)
    body["shared"] = checked(raw, "shared")
    level = raw.get("level", "3")
    body["skills"] = resolve_skills(
        raw.get("skills", ""),
        taxonomy,
        store,
        errors,
        "skills",
        int(level) if level in ("1", "2", "3", "4", "5") else 3,
    )
    data = validate(CourseCreate, body, errors)
    if data is not None and not errors:
        try:
            course = CourseService(store).create(user, data)
        except AllianceError as exc:
            errors.add_error(exc)
        else:
            return see_other(f"/school/courses/{course.id}?done=course")
    return _course_form(request, user, raw, errors, 422)


@router.get("/school/courses/{course_id}")
def school_course(course_id: str, request: Request, user: SchoolUser, store: StoreDep) -> Response:
    service = CourseService(store)
    roll = service.course_enrolments(user, course_id, None, 0, 200)
    return render(
        request,
        "school/course.html",
        {"user": user, "c": service.get(course_id), "roll": roll.items},
    )


def _own_course(user: SchoolUser, store: StoreDep, course_id: str) -> CoursePublic:
    course = CourseService(store).get(course_id)
    if course.provider is None or course.provider.id != user.org_id:
        raise Forbidden(
            "this course belongs to another school or centre",
            message_zh="该课程属于其他院校或实训中心",
        )
    return course


@router.get("/school/courses/{course_id}/edit")
def school_edit_course(
    course_id: str, request: Request, user: SchoolUser, store: StoreDep
) -> Response:
    c = _own_course(user, store, course_id)
    form = {k: "" if getattr(c, k) is None else str(getattr(c, k)) for k in COURSE_FIELDS}
    for k in ("cost", "subsidy"):
        amount = getattr(c, k)
        form[k] = f"{amount:g}" if amount is not None else "0"
    form["shared"] = "on" if c.shared else ""
    form["skills"] = skills_text(c.skills, choose_lang(request))
    form["level"] = "3"
    return _course_form(request, user, form, form_errors(request), 200, c)


@router.post("/school/courses/{course_id}/edit")
def school_update_course(
    course_id: str,
    request: Request,
    user: SchoolUser,
    form: FormDep,
    store: StoreDep,
    taxonomy: TaxonomyDep,
) -> Response:
    before = _own_course(user, store, course_id)
    raw = values(form)
    errors = form_errors(request)
    require(raw, errors, "title_zh", "hours", "seats", "start_date", "end_date")
    # Every field is sent; an optional one left empty is cleared.
    body: dict[str, Any] = {k: raw.get(k) or None for k in COURSE_FIELDS}
    for k in ("cost", "subsidy"):
        body[k] = raw.get(k) or "0"
    body["shared"] = checked(raw, "shared")
    level = raw.get("level", "3")
    chosen = resolve_skills(
        raw.get("skills", ""),
        taxonomy,
        store,
        errors,
        "skills",
        int(level) if level in ("1", "2", "3", "4", "5") else 3,
    )
    body["skills"] = keep_levels(chosen, before.skills, "level")
    if not chosen and "skills" not in errors.by_field:
        errors.add_msgid("skills", "Add at least one.")
    data = validate(CourseUpdate, body, errors)
    if data is not None and not errors:
        try:
            CourseService(store).update(user, course_id, data)
        except AllianceError as exc:
            errors.add_error(exc)
        else:
            return see_other(f"/school/courses/{course_id}?done=course_saved")
    return _course_form(request, user, raw, errors, 422, before)


@router.post("/school/courses/{course_id}/complete/{person_id}")
def school_complete(
    course_id: str, person_id: str, user: SchoolUser, form: FormDep, store: StoreDep
) -> Response:
    CourseService(store).complete(user, course_id, person_id)
    return see_other(f"/school/courses/{course_id}?done=completed")


@router.post("/school/courses/{course_id}/close")
def school_close_course(
    course_id: str, user: SchoolUser, form: FormDep, store: StoreDep
) -> Response:
    CourseService(store).close(user, course_id)
    return see_other(f"/school/courses/{course_id}?done=course_closed")


# ---------------------------------------------------------------------- training needs
@router.get("/school/needs")
def school_needs(request: Request, user: SchoolUser, store: StoreDep) -> Response:
    needs = TrainingNeedService(store).list_needs(
        user, status=None, skill=None, firm=None, skip=0, limit=100
    )
    courses = [c for c in _own_courses(user, store) if c.status in ("open", "running")]
    return render(
        request,
        "school/needs.html",
        {"user": user, "needs": needs.items, "courses": courses},
    )


@router.post("/school/needs/{need_id}/answer")
def school_answer_need(
    need_id: str, request: Request, user: SchoolUser, form: FormDep, store: StoreDep
) -> Response:
    answer = validate(AnswerCreate, filled(values(form), "course_id"), form_errors(request))
    if answer is None:
        raise InvalidInput(
            "choose one of your courses to answer with",
            message_zh="请选择一门本单位的课程来回应",
            field="course_id",
        )
    TrainingNeedService(store).answer(user, need_id, answer)
    return see_other("/school/needs?done=answered")


# ---------------------------------------------------------------------- placements
@router.get("/school/placements")
def school_placements(request: Request, user: SchoolUser, store: StoreDep) -> Response:
    """Placements waiting for our approval and all our students' applications: two
    lists, each a page at a time (``?wpage=`` and ``?page=``)."""
    waiting_page, page = page_number(request, "wpage"), page_number(request)
    waiting = everything = ApplicationPage(items=[], total=0, skip=0, limit=PLACEMENTS_PAGE)
    if user.org_kind == "School":
        service = ApplicationService(store)
        waiting = service.search(
            user,
            awaiting_approval=True,
            skip=(waiting_page - 1) * PLACEMENTS_PAGE,
            limit=PLACEMENTS_PAGE,
        )
        everything = service.search(user, skip=(page - 1) * PLACEMENTS_PAGE, limit=PLACEMENTS_PAGE)
    return render(
        request,
        "school/placements.html",
        {
            "user": user,
            "apps": everything.items,
            "apps_total": everything.total,
            "page": page,
            "pages": page_count(everything.total, PLACEMENTS_PAGE),
            "waiting": waiting.items,
            "waiting_total": waiting.total,
            "wpage": waiting_page,
            "wpages": page_count(waiting.total, PLACEMENTS_PAGE),
            "glance": _glance(user, store),
        },
    )


@router.post("/school/applications/{application_id}/approval")
def school_approve(
    application_id: str, user: SchoolUser, form: FormDep, store: StoreDep
) -> Response:
    raw = values(form)
    approved = raw.get("approved") == "yes"
    ApplicationService(store).approve(
        user, application_id, Approval(approved=approved, note=raw.get("note") or None)
    )
    return see_other(f"/school/placements?done={'approved' if approved else 'declined'}")


# ---------------------------------------------------------------------- bulk import
@router.get("/school/import")
def school_import(request: Request, user: SchoolUser) -> Response:
    return import_page(request, user, "school", "Import our courses")


@router.post("/school/import")
async def school_start_import(
    request: Request, user: SchoolUser, form: FormDep, store: StoreDep, settings: SettingsDep
) -> Response:
    job, raw, errors = await start_import(request, user, form, store, settings)
    if job is None:
        return import_page(request, user, "school", "Import our courses", raw, errors, 422)
    return see_other(f"/school/import/{job.id}")


@router.get("/school/import/{job_id}")
def school_import_job(job_id: str, request: Request, user: SchoolUser) -> Response:
    return job_page(request, user, job_id, "school_import_progress", "school_import")


@router.get("/school/import/{job_id}/progress")
def school_import_progress(job_id: str, request: Request, user: SchoolUser) -> JSONResponse:
    return JSONResponse(visible_job(request, user, job_id).public())
