from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from backend.deps import CurrentUser, StoreDep, TaxonomyDep
from backend.recommendations.service import MatcherHub, RecommendationService, hub_of

router = APIRouter(prefix="/api/recommendations", tags=["recommendations"])


def get_hub(request: Request, taxonomy: TaxonomyDep) -> MatcherHub:
    return hub_of(request.app.state, taxonomy)


HubDep = Annotated[MatcherHub, Depends(get_hub)]
Top = Annotated[int, Query(ge=1, le=100)]


@router.get("/jobs")
def jobs_for_me(
    user: CurrentUser,
    store: StoreDep,
    taxonomy: TaxonomyDep,
    hub: HubDep,
    top: Top = 10,
    kind: str | None = None,
    park: str | None = None,
) -> dict[str, Any]:
    """Vacancies, placements and apprenticeships for the signed-in person, with reasons."""
    return RecommendationService(store, taxonomy, hub).jobs(user, top, kind, park)


@router.get("/candidates/{vacancy_id}")
def candidates(
    vacancy_id: str,
    user: CurrentUser,
    store: StoreDep,
    taxonomy: TaxonomyDep,
    hub: HubDep,
    top: Top = 20,
) -> dict[str, Any]:
    """People who consented to be visible, ranked for one of the firm's vacancies."""
    return RecommendationService(store, taxonomy, hub).candidates(user, vacancy_id, top)


@router.get("/courses")
def courses_for_gap(
    user: CurrentUser,
    store: StoreDep,
    taxonomy: TaxonomyDep,
    hub: HubDep,
    vacancy_id: str | None = None,
    occupation: str | None = None,
) -> dict[str, Any]:
    """The smallest set of alliance courses that closes the gap to a vacancy or occupation."""
    return RecommendationService(store, taxonomy, hub).courses(user, vacancy_id, occupation)
