from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from backend.deps import SESSION_COOKIE, CurrentUser, StoreDep, TaxonomyDep
from backend.people.schemas import (
    AccessEntry,
    Consent,
    ConsentUpdate,
    EmploymentCreate,
    PersonPrivate,
    PersonPublic,
    PersonUpdate,
    SkillAdd,
    SkillAdded,
)
from backend.people.service import PersonService

router = APIRouter(prefix="/api/people", tags=["people"])


@router.get("/me", response_model=PersonPrivate)
def my_record(user: CurrentUser, store: StoreDep) -> PersonPrivate:
    return PersonService(store).me(user)


@router.patch("/me", response_model=PersonPrivate)
def update_me(data: PersonUpdate, user: CurrentUser, store: StoreDep) -> PersonPrivate:
    return PersonService(store).update(user, data)


@router.put("/me/consent", response_model=Consent)
def set_consent(data: ConsentUpdate, user: CurrentUser, store: StoreDep) -> Consent:
    return PersonService(store).set_consent(user, data)


@router.post("/me/skills", response_model=SkillAdded, status_code=201)
def add_skill(
    data: SkillAdd, user: CurrentUser, store: StoreDep, taxonomy: TaxonomyDep
) -> SkillAdded:
    return PersonService(store).add_skill(user, data, taxonomy)


@router.delete("/me/skills/{skill_id}", status_code=204)
def remove_skill(skill_id: str, user: CurrentUser, store: StoreDep) -> Response:
    PersonService(store).remove_skill(user, skill_id)
    return Response(status_code=204)


@router.post("/me/employment", response_model=PersonPrivate, status_code=201)
def add_employment(data: EmploymentCreate, user: CurrentUser, store: StoreDep) -> PersonPrivate:
    return PersonService(store).add_employment(user, data)


@router.get("/me/access-log", response_model=list[AccessEntry])
def access_log(user: CurrentUser, store: StoreDep) -> list[AccessEntry]:
    return PersonService(store).access_log(user)


@router.get("/me/export")
def export(user: CurrentUser, store: StoreDep) -> Response:
    body = json.dumps(PersonService(store).export(user), ensure_ascii=False, indent=2)
    return Response(
        body,
        media_type="application/json",
        headers={"content-disposition": 'attachment; filename="my-alliance-data.json"'},
    )


@router.delete("/me", status_code=204)
def delete_me(user: CurrentUser, store: StoreDep) -> Response:
    PersonService(store).erase(user)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("")
def list_people(
    user: CurrentUser,
    store: StoreDep,
    skip: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    items, total = PersonService(store).page(user, skip, limit)
    return {"items": items, "total": total, "skip": skip, "limit": limit}


@router.get("/{person_id}", response_model=PersonPublic)
def view_person(person_id: str, user: CurrentUser, store: StoreDep) -> PersonPublic:
    return PersonService(store).view(user, person_id)
