"""Competitions API: thin routes over ``CompetitionService``."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query

from backend.competitions.honours import CompetitionLevel
from backend.competitions.schemas import (
    CompetitionCreate,
    CompetitionPage,
    CompetitionPublic,
    ResultPage,
    ResultsCreate,
    Roll,
)
from backend.competitions.service import CompetitionService
from backend.deps import CurrentUser, StoreDep

router = APIRouter(prefix="/api/competitions", tags=["competitions"])

Id = Annotated[str, Path(min_length=1, max_length=120, description="a competition's id")]


@router.get("", response_model=CompetitionPage, summary="Skills competitions (public)")
def list_competitions(
    store: StoreDep,
    level: CompetitionLevel | None = None,
    since: Annotated[date | None, Query(description="held on or after")] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    skip: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> CompetitionPage:
    return CompetitionService(store).search(
        level=level, since=since.isoformat() if since else None, q=q, skip=skip, limit=limit
    )


@router.post(
    "",
    response_model=CompetitionPublic,
    status_code=201,
    summary="Publish a competition (staff; a verified firm: its own enterprise contest)",
)
def create_competition(
    data: CompetitionCreate, user: CurrentUser, store: StoreDep
) -> CompetitionPublic:
    return CompetitionService(store).create(user, data)


@router.get(
    "/results/mine", response_model=ResultPage, summary="Your own competition results (a person)"
)
def my_results(user: CurrentUser, store: StoreDep) -> ResultPage:
    return CompetitionService(store).mine(user)


@router.get("/{competition_id}", response_model=CompetitionPublic, summary="A competition")
def get_competition(competition_id: Id, store: StoreDep) -> CompetitionPublic:
    return CompetitionService(store).get(competition_id)


@router.get(
    "/{competition_id}/roll",
    response_model=Roll,
    summary="A competition's honour roll: rank, award and shortened names (public)",
)
def roll(competition_id: Id, store: StoreDep) -> Roll:
    return CompetitionService(store).roll(competition_id)


@router.get(
    "/{competition_id}/results",
    response_model=ResultPage,
    summary="A competition's results (its organiser and staff)",
)
def results(competition_id: Id, user: CurrentUser, store: StoreDep) -> ResultPage:
    return CompetitionService(store).results(user, competition_id)


@router.post(
    "/{competition_id}/results",
    response_model=ResultPage,
    status_code=201,
    summary="Publish results: each becomes a credential on the person's record",
)
def publish_results(
    competition_id: Id, data: ResultsCreate, user: CurrentUser, store: StoreDep
) -> ResultPage:
    return CompetitionService(store).publish(user, competition_id, data)
