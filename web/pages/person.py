"""A student's or worker's pages: jobs for me with reasons, applying, my
applications and interviews, courses that close the gap, my profile and skills,
my data and consent."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backend.applications.service import ApplicationService
from backend.courses.service import CourseService
from backend.deps import SESSION_COOKIE, SenderDep, SettingsDep, StoreDep, TaxonomyDep
from backend.errors import AllianceError, InvalidInput
from backend.members.service import MemberService
from backend.notifications.service import Notifier
from backend.people.schemas import ConsentUpdate, EmploymentCreate, PersonUpdate, SkillAdd
from backend.people.service import PersonService
from backend.recommendations.routes import HubDep
from backend.recommendations.service import RecommendationService
from backend.subsidies.service import SubsidyService
from web.pages import render
from web.pages.auth import see_other
from web.pages.deps import FormDep, PersonUser
from web.pages.forms import FormErrors, checked, filled, form_errors, validate, values

router = APIRouter(include_in_schema=False)

KINDS = ("job", "placement", "apprenticeship")


def _my_applications(store: StoreDep, user: PersonUser) -> list[Any]:
    return ApplicationService(store).search(user, limit=200).items


@router.get("/my/jobs")
def my_jobs(
    request: Request, user: PersonUser, store: StoreDep, taxonomy: TaxonomyDep, hub: HubDep
) -> Response:
    kind = request.query_params.get("kind") or None
    if kind not in (None, *KINDS):
        kind = None
    recs = RecommendationService(store, taxonomy, hub).jobs(user, 20, kind, None)
    applied = {a.vacancy.id: a for a in _my_applications(store, user)}
    me = PersonService(store).me(user)
    return render(
        request,
        "person/jobs.html",
        {
            "user": user,
            "recs": recs,
            "kind": kind or "",
            "kinds": KINDS,
            "applied": applied,
            "has_skills": bool(me.skills),
        },
    )


@router.post("/vacancies/{vacancy_id}/apply")
def page_apply(
    vacancy_id: str,
    user: PersonUser,
    form: FormDep,
    store: StoreDep,
    sender: SenderDep,
    settings: SettingsDep,
) -> Response:
    ApplicationService(store, Notifier(sender, settings.public_url)).apply(user, vacancy_id)
    return see_other("/my/applications?done=applied")


@router.get("/my/applications")
def my_applications(request: Request, user: PersonUser, store: StoreDep) -> Response:
    return render(
        request,
        "person/applications.html",
        {"user": user, "items": _my_applications(store, user)},
    )


@router.post("/my/applications/{application_id}/withdraw")
def withdraw_application(
    application_id: str, user: PersonUser, form: FormDep, store: StoreDep
) -> Response:
    ApplicationService(store).withdraw(user, application_id)
    return see_other("/my/applications?done=withdrawn")


@router.get("/my/courses")
def my_courses(
    request: Request, user: PersonUser, store: StoreDep, taxonomy: TaxonomyDep, hub: HubDep
) -> Response:
    vacancy = request.query_params.get("vacancy") or None
    plan: dict[str, Any] | None = None
    error: str | None = None
    if vacancy:
        try:
            plan = RecommendationService(store, taxonomy, hub).courses(user, vacancy, None)
        except AllianceError as exc:
            errors = form_errors(request)
            errors.add_error(exc)
            error = errors.general
    targets = [
        (a.vacancy.id, a.vacancy.title, a.vacancy.title_en) for a in _my_applications(store, user)
    ]
    recs = RecommendationService(store, taxonomy, hub).jobs(user, 10, None, None)
    seen = {t[0] for t in targets}
    for r in recs["items"]:
        v = r["vacancy"]
        if v["id"] not in seen:
            targets.append((v["id"], v.get("title"), v.get("title_en")))
            seen.add(v["id"])
    enrolments = CourseService(store).enrolments(user, course=None, status=None, skip=0, limit=100)
    return render(
        request,
        "person/courses.html",
        {
            "user": user,
            "plan": plan,
            "vacancy": vacancy or "",
            "targets": targets,
            "enrolments": enrolments.items,
            "subsidies": SubsidyService(store).mine(user).items,
            "error": error,
        },
    )


@router.post("/courses/{course_id}/enrol")
def page_enrol(course_id: str, user: PersonUser, form: FormDep, store: StoreDep) -> Response:
    CourseService(store).enrol(user, course_id)
    return see_other("/my/courses?done=enrolled")


@router.post("/courses/{course_id}/withdraw")
def leave_course(course_id: str, user: PersonUser, form: FormDep, store: StoreDep) -> Response:
    CourseService(store).withdraw(user, course_id)
    return see_other("/my/courses?done=course_withdrawn")


# ---------------------------------------------------------------------- profile
def _firms(store: StoreDep) -> list[dict[str, Any]]:
    return [m.model_dump() for m in MemberService(store).list_members("Firm", 0, 500).items]


def _profile(
    request: Request,
    user: PersonUser,
    store: StoreDep,
    forms: dict[str, dict[str, str]] | None = None,
    errors: dict[str, FormErrors] | None = None,
    status_code: int = 200,
) -> Response:
    me = PersonService(store).me(user)
    profile_form = {
        "name": me.name,
        "district": me.district or "",
        "phone": me.phone or "",
        "summary": me.summary or "",
        "relevant_experience_years": (
            f"{me.relevant_experience_years:g}" if me.relevant_experience_years is not None else ""
        ),
    }
    forms = {"profile": profile_form, "skill": {"level": "3"}, "job": {}, **(forms or {})}
    empty = {k: form_errors(request) for k in ("profile", "skill", "job")}
    return render(
        request,
        "person/profile.html",
        {
            "user": user,
            "me": me,
            "forms": forms,
            "errors": {**empty, **(errors or {})},
            "firms": _firms(store),
        },
        status_code=status_code,
    )


@router.get("/my/profile")
def my_profile(request: Request, user: PersonUser, store: StoreDep) -> Response:
    return _profile(request, user, store)


@router.post("/my/profile")
def save_profile(request: Request, user: PersonUser, form: FormDep, store: StoreDep) -> Response:
    raw = values(form)
    errors = form_errors(request)
    # Every field of the form is sent: the name may not be emptied (it is required),
    # an optional field left empty is cleared.
    body: dict[str, Any] = {"name": raw.get("name", "")}
    for name in ("district", "phone", "summary", "relevant_experience_years"):
        body[name] = raw.get(name) or None
    data = validate(PersonUpdate, body, errors)
    if data is not None:
        PersonService(store).update(user, data)
        return see_other("/my/profile?done=profile")
    return _profile(request, user, store, {"profile": raw}, {"profile": errors}, 422)


@router.post("/my/skills")
def page_add_skill(
    request: Request, user: PersonUser, form: FormDep, store: StoreDep, taxonomy: TaxonomyDep
) -> Response:
    raw = values(form)
    errors = form_errors(request)
    data = validate(SkillAdd, filled(raw, "skill", "level"), errors)
    if data is not None:
        try:
            PersonService(store).add_skill(user, data, taxonomy)
        except AllianceError as exc:
            errors.add_error(exc)
        else:
            return see_other("/my/profile?done=skill#skills")
    return _profile(request, user, store, {"skill": raw}, {"skill": errors}, 422)


@router.post("/my/skills/{skill_id}/remove")
def page_remove_skill(skill_id: str, user: PersonUser, form: FormDep, store: StoreDep) -> Response:
    PersonService(store).remove_skill(user, skill_id)
    return see_other("/my/profile?done=skill_removed#skills")


@router.post("/my/employment")
def page_add_employment(
    request: Request, user: PersonUser, form: FormDep, store: StoreDep
) -> Response:
    raw = values(form)
    errors = form_errors(request)
    data = validate(
        EmploymentCreate, filled(raw, "firm_id", "from_date", "to_date", "post"), errors
    )
    if data is not None:
        try:
            PersonService(store).add_employment(user, data)
        except AllianceError as exc:
            errors.add_error(exc)
        else:
            return see_other("/my/profile?done=employment#employment")
    return _profile(request, user, store, {"job": raw}, {"job": errors}, 422)


# ---------------------------------------------------------------------- my data
@router.get("/my/data")
def my_data(request: Request, user: PersonUser, store: StoreDep) -> Response:
    service = PersonService(store)
    me = service.me(user)
    return render(
        request,
        "person/data.html",
        {
            "user": user,
            "consent": me.consent,
            "log": service.access_log(user),
            "errors": form_errors(request),
        },
    )


@router.post("/my/consent")
def save_consent(user: PersonUser, form: FormDep, store: StoreDep) -> Response:
    raw = values(form)
    PersonService(store).set_consent(
        user,
        ConsentUpdate(
            visible_to_employers=checked(raw, "visible_to_employers"),
            visible_to_schools=checked(raw, "visible_to_schools"),
            recommendations_enabled=checked(raw, "recommendations_enabled"),
        ),
    )
    return see_other("/my/data?done=consent")


@router.post("/my/erase")
def erase(request: Request, user: PersonUser, form: FormDep, store: StoreDep) -> Response:
    if not checked(values(form), "confirm"):
        raise InvalidInput(
            "tick the box to confirm that your account and record should be erased",
            message_zh="请勾选确认框，确认删除您的账号和个人档案",
            field="confirm",
        )
    PersonService(store).erase(user)
    response = see_other("/")
    response.delete_cookie(SESSION_COOKIE)
    return response
