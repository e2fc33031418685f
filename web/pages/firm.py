"""A company's pages: its vacancies, posting one (the title coded to a CSCO
occupation automatically, editable), ranked candidates with reasons, the
pipeline of applications with interview scheduling, training needs, HR users."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from backend.applications.schemas import ApplicationPublic, StatusChange
from backend.applications.service import ApplicationService
from backend.dashboard.service import DashboardService
from backend.deps import SenderDep, SettingsDep, StoreDep, TaxonomyDep
from backend.errors import AllianceError, Forbidden
from backend.notifications.service import Notifier
from backend.people.service import PersonService
from backend.recommendations.routes import HubDep
from backend.recommendations.service import RecommendationService
from backend.training_needs.schemas import NeedCreate, NeedPublic, NeedUpdate
from backend.training_needs.service import TrainingNeedService
from backend.vacancies.schemas import (
    VacancyCreate,
    VacancyFilters,
    VacancyPublic,
    VacancyState,
    VacancyUpdate,
)
from backend.vacancies.service import VacancyService
from web.i18n import choose_lang
from web.pages import page_count, page_number, render
from web.pages.auth import safe_next, see_other
from web.pages.deps import CoderDep, CompanyUser, FormDep
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
from web.pages.suggest import code_title, keep_levels, resolve_skills, skills_text

router = APIRouter(include_in_schema=False)
PIPELINE_PAGE = 20
VACANCY_STATES: tuple[VacancyState, ...] = ("open", "expired", "closed")

VACANCY_FIELDS = (
    "title",
    "title_en",
    "description",
    "kind",
    "pay_min",
    "pay_max",
    "pay_unit",
    "shifts",
    "duration_months",
    "start_date",
    "closing_date",
    "places",
    "location",
    "occupation_id",
)


@router.get("/firm")
def firm_home(request: Request, user: CompanyUser, store: StoreDep) -> Response:
    """The firm's vacancies a page at a time, newest first; tabs count each state."""
    service = VacancyService(store)
    firm = user.org_id or ""
    asked = request.query_params.get("status", "")
    status = next((s for s in VACANCY_STATES if s == asked), None)
    page = page_number(request)
    counted = service.state_counts(user, VacancyFilters(firm=firm))
    states = {s: counted.get(s, 0) for s in VACANCY_STATES}
    result = service.search(
        user,
        VacancyFilters(firm=firm, status=status),
        (page - 1) * PIPELINE_PAGE,
        PIPELINE_PAGE,
    )
    counts = ApplicationService(store).counts(user, "vacancy") if user.org_verified else {}
    return render(
        request,
        "firm/home.html",
        {
            "user": user,
            "vacancies": result.items,
            "counts": counts,
            "status": status or "",
            "states": states,
            "total": sum(states.values()),
            "page": page,
            "pages": page_count(result.total, PIPELINE_PAGE),
        },
    )


def _vacancy_form(
    request: Request,
    user: CompanyUser,
    store: StoreDep,
    coder: CoderDep,
    form: dict[str, str],
    errors: FormErrors,
    status_code: int = 200,
    vacancy_id: str | None = None,
) -> Response:
    suggestions = code_title(coder, store, form.get("title", "")) if form.get("title") else []
    if vacancy_id is None:
        action, back = request.url_for("firm_post_vacancy").path, ""
    else:
        action = request.url_for("firm_update_vacancy", vacancy_id=vacancy_id).path
        back = request.url_for("firm_vacancy", vacancy_id=vacancy_id).path
    return render(
        request,
        "firm/vacancy_form.html",
        {
            "user": user,
            "form": form,
            "errors": errors,
            "suggestions": suggestions,
            "action": action,
            "editing": vacancy_id is not None,
            "back": back,
        },
        status_code=status_code,
    )


@router.get("/firm/vacancies/new")
def firm_new_vacancy(
    request: Request, user: CompanyUser, store: StoreDep, coder: CoderDep
) -> Response:
    form = {"kind": "job", "pay_unit": "month", "shifts": "day", "places": "1"}
    return _vacancy_form(request, user, store, coder, form, form_errors(request))


@router.post("/firm/vacancies/new")
def firm_post_vacancy(
    request: Request,
    user: CompanyUser,
    form: FormDep,
    store: StoreDep,
    taxonomy: TaxonomyDep,
    coder: CoderDep,
) -> Response:
    raw = values(form)
    errors = form_errors(request)
    body: dict[str, Any] = filled(raw, *VACANCY_FIELDS)
    body["accommodation"] = checked(raw, "accommodation")
    body["skills"] = resolve_skills(raw.get("skills", ""), taxonomy, store, errors, "skills")
    if not body.get("occupation_id") and raw.get("title"):
        # Coded automatically from the title; the firm sees and may change it.
        coded = code_title(coder, store, raw["title"], top=1)
        if coded:
            body["occupation_id"] = coded[0]["id"]
            raw["occupation_id"] = coded[0]["id"]
    data = validate(VacancyCreate, body, errors)
    if data is not None and not errors:
        try:
            vacancy = VacancyService(store).create(user, data)
        except AllianceError as exc:
            errors.add_error(exc)
        else:
            return see_other(f"/firm/vacancies/{vacancy.id}?done=vacancy")
    return _vacancy_form(request, user, store, coder, raw, errors, 422)


def _own_vacancy(user: CompanyUser, store: StoreDep, vacancy_id: str) -> VacancyPublic:
    """The firm's own vacancy (404 if it cannot see it, 403 if it is another firm's)."""
    v = VacancyService(store).get(user, vacancy_id)
    if v.firm.id != user.org_id:
        raise Forbidden(
            "only the firm that posted this vacancy may change it",
            message_zh="只有发布该岗位的企业可以修改它",
        )
    return v


def _coded(coder: CoderDep, store: StoreDep, title: str) -> str | None:
    coded = code_title(coder, store, title, top=1)
    return str(coded[0]["id"]) if coded else None


@router.get("/firm/vacancies/{vacancy_id}/edit")
def firm_edit_vacancy(
    vacancy_id: str, request: Request, user: CompanyUser, store: StoreDep, coder: CoderDep
) -> Response:
    v = _own_vacancy(user, store, vacancy_id)
    form = {k: "" if getattr(v, k, None) is None else str(getattr(v, k)) for k in VACANCY_FIELDS}
    for k in ("pay_min", "pay_max"):
        amount = getattr(v, k)
        form[k] = f"{amount:g}" if amount is not None else ""
    occupation = v.occupation.id if v.occupation else ""
    form.update(
        occupation_id=occupation,
        occupation_was=occupation,
        title_was=v.title,
        skills=skills_text(v.skills, choose_lang(request)),
        accommodation="on" if v.accommodation else "",
    )
    return _vacancy_form(request, user, store, coder, form, form_errors(request), 200, v.id)


@router.post("/firm/vacancies/{vacancy_id}/edit")
def firm_update_vacancy(
    vacancy_id: str,
    request: Request,
    user: CompanyUser,
    form: FormDep,
    store: StoreDep,
    taxonomy: TaxonomyDep,
    coder: CoderDep,
) -> Response:
    service = VacancyService(store)
    before = _own_vacancy(user, store, vacancy_id)
    raw = values(form)
    raw["kind"] = before.kind
    errors = form_errors(request)
    require(raw, errors, "title", "pay_min", "pay_max", "start_date", "closing_date", "places")
    # Every field of the form is sent: one left empty clears it (or is refused if required).
    body: dict[str, Any] = {k: raw.get(k) or None for k in VACANCY_FIELDS if k != "kind"}
    body["description"] = raw.get("description", "")
    body["accommodation"] = checked(raw, "accommodation")
    title = raw.get("title", "")
    was = raw.get("occupation_was") or None
    if title and not body["occupation_id"]:
        body["occupation_id"] = _coded(coder, store, title)
    elif (
        title
        and title != raw.get("title_was")
        and body["occupation_id"] == was
        and was == _coded(coder, store, raw.get("title_was", ""))
    ):
        # A new title is coded again when the occupation was the one coded from the old
        # title; one the firm chose by hand stays.
        body["occupation_id"] = _coded(coder, store, title) or was
    raw["occupation_id"] = body["occupation_id"] or ""
    chosen = resolve_skills(raw.get("skills", ""), taxonomy, store, errors, "skills")
    body["skills"] = keep_levels(chosen, before.skills, "importance", "level")
    data = validate(VacancyUpdate, body, errors)
    if data is not None and not errors:
        try:
            service.update(user, vacancy_id, data)
        except AllianceError as exc:
            errors.add_error(exc)
        else:
            return see_other(f"/firm/vacancies/{vacancy_id}?done=vacancy_saved")
    return _vacancy_form(request, user, store, coder, raw, errors, 422, vacancy_id)


def _pipeline(
    request: Request,
    user: CompanyUser,
    store: StoreDep,
    taxonomy: TaxonomyDep,
    hub: HubDep,
    vacancy_id: str,
    failed: tuple[str, dict[str, str], FormErrors] | None = None,
) -> Response:
    vacancy = VacancyService(store).get(user, vacancy_id)
    page = page_number(request)
    result = ApplicationService(store).for_vacancy(
        user, vacancy_id, None, (page - 1) * PIPELINE_PAGE, PIPELINE_PAGE
    )
    apps = result.items
    candidates = RecommendationService(store, taxonomy, hub).candidates(user, vacancy_id, 10)
    applied = {a.applicant.id for a in apps}
    return render(
        request,
        "firm/vacancy.html",
        {
            "user": user,
            "v": vacancy,
            "apps": apps,
            "candidates": candidates["items"],
            "min_fit": candidates["min_fit"],
            "applied": applied,
            "failed": failed,
            "total": result.total,
            "page": page,
            "pages": page_count(result.total, PIPELINE_PAGE),
        },
        status_code=422 if failed else 200,
    )


@router.get("/firm/vacancies/{vacancy_id}")
def firm_vacancy(
    vacancy_id: str,
    request: Request,
    user: CompanyUser,
    store: StoreDep,
    taxonomy: TaxonomyDep,
    hub: HubDep,
) -> Response:
    return _pipeline(request, user, store, taxonomy, hub, vacancy_id)


@router.post("/firm/vacancies/{vacancy_id}/close")
def firm_close_vacancy(
    vacancy_id: str, user: CompanyUser, form: FormDep, store: StoreDep
) -> Response:
    VacancyService(store).close(user, vacancy_id)
    return see_other(f"/firm/vacancies/{vacancy_id}?done=vacancy_closed")


@router.get("/firm/applications")
def firm_pipeline(request: Request, user: CompanyUser, store: StoreDep) -> Response:
    return _whole_pipeline(request, user, store)


def _whole_pipeline(
    request: Request,
    user: CompanyUser,
    store: StoreDep,
    failed: tuple[str, dict[str, str], FormErrors] | None = None,
) -> Response:
    """The whole pipeline a page at a time, newest first, grouped by stage on the page;
    the tabs count every application by stage. A step that failed is shown again on
    its application, with the error beside the field and what was typed."""
    status = request.query_params.get("status") or None
    page = page_number(request)
    service = ApplicationService(store)
    counts = service.counts(user, "status")
    result = service.search(
        user, status=status, skip=(page - 1) * PIPELINE_PAGE, limit=PIPELINE_PAGE
    )
    items = list(result.items)
    if failed is not None and all(a.id != failed[0] for a in items):
        items.insert(0, service.get(user, failed[0]))  # on another page: shown first
    by_status: dict[str, list[ApplicationPublic]] = {}
    for a in items:
        by_status.setdefault(a.status, []).append(a)
    return render(
        request,
        "firm/applications.html",
        {
            "user": user,
            "apps": items,
            "by_status": by_status,
            "status": status or "",
            "counts": counts,
            "total": sum(counts.values()),
            "page": page,
            "pages": page_count(result.total, PIPELINE_PAGE),
            "failed": failed,
        },
        status_code=422 if failed else 200,
    )


@router.post("/firm/applications/{application_id}/status")
def firm_move_application(
    application_id: str,
    request: Request,
    user: CompanyUser,
    form: FormDep,
    store: StoreDep,
    sender: SenderDep,
    settings: SettingsDep,
    taxonomy: TaxonomyDep,
    hub: HubDep,
) -> Response:
    raw = values(form)
    errors = form_errors(request)
    body: dict[str, Any] = filled(raw, "status", "interview_at", "interview_place", "note")
    if raw.get("status") == "hired" and any(
        raw.get(k) for k in ("start_date", "end_date", "terms")
    ):
        body["agreement"] = filled(raw, "start_date", "end_date", "terms")
    change = validate(StatusChange, body, errors, flatten=("agreement",))
    back = safe_next(raw.get("next")) or "/firm/applications"
    if change is not None:
        service = ApplicationService(store, Notifier(sender, settings.public_url))
        try:
            service.change_status(user, application_id, change)
        except AllianceError as exc:
            errors.add_error(exc)
        else:
            return see_other(f"{back}?done=moved#app-{application_id}")
    vacancy_id = raw.get("vacancy_id", "")
    if vacancy_id:
        return _pipeline(
            request, user, store, taxonomy, hub, vacancy_id, (application_id, raw, errors)
        )
    return _whole_pipeline(request, user, store, (application_id, raw, errors))


@router.get("/firm/people/{person_id}")
def firm_person(person_id: str, request: Request, user: CompanyUser, store: StoreDep) -> Response:
    """A candidate's or applicant's profile; the view is logged and shown to the person."""
    person = PersonService(store).view(user, person_id, purpose="candidate")
    return render(request, "firm/person.html", {"user": user, "p": person})


# ---------------------------------------------------------------------- training needs
@router.get("/firm/needs")
def firm_needs(request: Request, user: CompanyUser, store: StoreDep) -> Response:
    return _needs(request, user, store, {"seats": "10"}, form_errors(request))


def _needs(
    request: Request,
    user: CompanyUser,
    store: StoreDep,
    form: dict[str, str],
    errors: FormErrors,
    status_code: int = 200,
) -> Response:
    needs = TrainingNeedService(store).list_needs(
        user, status=None, skill=None, firm=user.org_id, skip=0, limit=100
    )
    return render(
        request,
        "firm/needs.html",
        {"user": user, "needs": needs.items, "form": form, "errors": errors},
        status_code=status_code,
    )


@router.post("/firm/needs")
def firm_new_need(
    request: Request, user: CompanyUser, form: FormDep, store: StoreDep, taxonomy: TaxonomyDep
) -> Response:
    raw = values(form)
    errors = form_errors(request)
    body: dict[str, Any] = filled(raw, "title", "description", "seats", "deadline")
    body["skills"] = resolve_skills(raw.get("skills", ""), taxonomy, store, errors, "skills")
    data = validate(NeedCreate, body, errors)
    if data is not None and not errors:
        try:
            TrainingNeedService(store).create(user, data)
        except AllianceError as exc:
            errors.add_error(exc)
        else:
            return see_other("/firm/needs?done=need")
    return _needs(request, user, store, raw, errors, 422)


def _need_form(
    request: Request,
    user: CompanyUser,
    need: NeedPublic,
    form: dict[str, str],
    errors: FormErrors,
    code: int = 200,
) -> Response:
    return render(
        request,
        "firm/need_form.html",
        {"user": user, "need": need, "form": form, "errors": errors},
        status_code=code,
    )


def _own_need(user: CompanyUser, store: StoreDep, need_id: str) -> NeedPublic:
    need = TrainingNeedService(store).get(user, need_id)
    if need.firm is None or need.firm.id != user.org_id:
        raise Forbidden(
            "only the firm that raised this training need may change it",
            message_zh="仅发布该培训需求的企业可修改",
        )
    return need


@router.get("/firm/needs/{need_id}/edit")
def firm_edit_need(need_id: str, request: Request, user: CompanyUser, store: StoreDep) -> Response:
    need = _own_need(user, store, need_id)
    form = {
        "title": need.title,
        "description": need.description or "",
        "seats": str(need.seats or ""),
        "deadline": need.deadline or "",
        "skills": skills_text(need.skills, choose_lang(request)),
    }
    return _need_form(request, user, need, form, form_errors(request))


@router.post("/firm/needs/{need_id}/edit")
def firm_update_need(
    need_id: str,
    request: Request,
    user: CompanyUser,
    form: FormDep,
    store: StoreDep,
    taxonomy: TaxonomyDep,
) -> Response:
    before = _own_need(user, store, need_id)
    raw = values(form)
    errors = form_errors(request)
    require(raw, errors, "title", "seats", "deadline")
    body: dict[str, Any] = {k: raw.get(k) or None for k in ("title", "seats", "deadline")}
    body["description"] = raw.get("description") or None
    chosen = resolve_skills(raw.get("skills", ""), taxonomy, store, errors, "skills")
    if not chosen and "skills" not in errors.by_field:
        errors.add_msgid("skills", "Add at least one.")
    body["skills"] = keep_levels(chosen, before.skills, "level")
    data = validate(NeedUpdate, body, errors)
    if data is not None and not errors:
        try:
            TrainingNeedService(store).update(user, need_id, data)
        except AllianceError as exc:
            errors.add_error(exc)
        else:
            return see_other(f"/firm/needs?done=need_saved#need-{need_id}")
    return _need_form(request, user, before, raw, errors, 422)


@router.post("/firm/needs/{need_id}/close")
def firm_close_need(need_id: str, user: CompanyUser, form: FormDep, store: StoreDep) -> Response:
    TrainingNeedService(store).close(user, need_id)
    return see_other("/firm/needs?done=need_closed")


@router.get("/firm/users")
def firm_users(request: Request, user: CompanyUser, store: StoreDep) -> Response:
    users = DashboardService(store).org_users(user)
    return render(request, "firm/users.html", {"user": user, "users": users})


# ---------------------------------------------------------------------- bulk import
@router.get("/firm/import")
def firm_import(request: Request, user: CompanyUser) -> Response:
    return import_page(request, user, "firm", "Import our vacancies")


@router.post("/firm/import")
async def firm_start_import(
    request: Request, user: CompanyUser, form: FormDep, store: StoreDep, settings: SettingsDep
) -> Response:
    job, raw, errors = await start_import(request, user, form, store, settings)
    if job is None:
        return import_page(request, user, "firm", "Import our vacancies", raw, errors, 422)
    return see_other(f"/firm/import/{job.id}")


@router.get("/firm/import/{job_id}")
def firm_import_job(job_id: str, request: Request, user: CompanyUser) -> Response:
    return job_page(request, user, job_id, "firm_import_progress", "firm_import")


@router.get("/firm/import/{job_id}/progress")
def firm_import_progress(job_id: str, request: Request, user: CompanyUser) -> JSONResponse:
    return JSONResponse(visible_job(request, user, job_id).public())
