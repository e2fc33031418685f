"""Analytics API: staff see the alliance (or one park), a park administration
its own park. Every table has a CSV download beside it."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from backend.analytics.csvout import csv_response
from backend.analytics.schemas import (
    Dimension,
    Employment,
    Mismatch,
    Shortages,
    SupplyDemand,
    Trends,
)
from backend.analytics.service import TREND_SERIES, AnalyticsService
from backend.deps import CurrentUser, StoreDep

router = APIRouter(prefix="/api/analytics", tags=["analytics"])

Park = Annotated[
    str | None,
    Query(max_length=120, description="a park's id (staff; a park administration gets its own)"),
]


class Table(StrEnum):
    SKILL = "supply-demand-skill"
    OCCUPATION = "supply-demand-occupation"
    SPECIALTY = "supply-demand-specialty"
    PARK = "supply-demand-park"
    UNTAUGHT = "untaught-skills"
    UNASKED = "unasked-courses"
    SHORTAGES = "shortages"
    EMPLOYMENT = "employment"
    TRENDS = "trends"


SD_COLUMNS = (
    "key",
    "name_zh",
    "name_en",
    "supply",
    "qualified",
    "available",
    "vacancies",
    "places",
    "ratio",
    "gap",
)


@router.get("/supply-demand", response_model=SupplyDemand, summary="Supply against demand")
def supply_demand(
    user: CurrentUser, store: StoreDep, by: Dimension = "skill", park: Park = None
) -> SupplyDemand:
    service = AnalyticsService(store)
    return service.supply_demand(service.within(user, park), by)


@router.get("/mismatch", response_model=Mismatch, summary="The curriculum mismatch")
def mismatch(user: CurrentUser, store: StoreDep, park: Park = None) -> Mismatch:
    service = AnalyticsService(store)
    return service.mismatch(service.within(user, park))


@router.get("/shortages", response_model=Shortages, summary="Skills in short supply")
def shortages(user: CurrentUser, store: StoreDep, park: Park = None) -> Shortages:
    service = AnalyticsService(store)
    return service.shortages(service.within(user, park))


@router.get(
    "/employment", response_model=Employment, summary="Graduates' employment rate per school"
)
def employment(
    user: CurrentUser,
    store: StoreDep,
    park: Park = None,
    since: Annotated[date | None, Query(description="graduated on or after")] = None,
) -> Employment:
    service = AnalyticsService(store)
    return service.employment(service.within(user, park), since.isoformat() if since else None)


@router.get("/trends", response_model=Trends, summary="Change over the last months")
def trends(
    user: CurrentUser,
    store: StoreDep,
    park: Park = None,
    months: Annotated[int, Query(ge=1, le=36)] = 12,
) -> Trends:
    service = AnalyticsService(store)
    return service.trends(service.within(user, park), months)


def table_rows(
    service: AnalyticsService, table: Table, park: str
) -> tuple[tuple[str, ...], list[dict[str, Any]]]:
    """One analytics table as CSV columns and rows (pages reuse it)."""
    if table in (Table.SKILL, Table.OCCUPATION, Table.SPECIALTY, Table.PARK):
        by: Dimension = table.value.rsplit("-", 1)[1]  # type: ignore[assignment]
        sd = service.supply_demand(park, by)
        return SD_COLUMNS, [r.model_dump() for r in sd.rows]
    if table is Table.UNTAUGHT:
        m = service.mismatch(park)
        return ("id", "zh", "en", "vacancies", "places"), [s.model_dump() for s in m.untaught]
    if table is Table.UNASKED:
        m = service.mismatch(park)
        rows = [
            {
                "id": c.id,
                "title_zh": c.title_zh,
                "title_en": c.title_en,
                "provider": c.provider.name_zh if c.provider else None,
                "skills": "、".join(s.zh or s.id for s in c.skills),
            }
            for c in m.unasked
        ]
        return ("id", "title_zh", "title_en", "provider", "skills"), rows
    if table is Table.SHORTAGES:
        sh = service.shortages(park)
        return ("key", "name_zh", "name_en", "supply", "places", "gap"), [
            r.model_dump() for r in sh.rows
        ]
    if table is Table.EMPLOYMENT:
        e = service.employment(park)
        return ("id", "name_zh", "name_en", "graduates", "employed", "rate"), [
            r.model_dump() for r in e.rows
        ]
    t = service.trends(park)
    lines: list[dict[str, Any]] = []
    for i, month in enumerate(t.months):
        line: dict[str, Any] = {"month": month}
        line.update({name: t.series[name][i] for name in TREND_SERIES})
        lines.append(line)
    return ("month", *TREND_SERIES), lines


@router.get(
    "/export/{table}.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
    summary="Any analytics table as CSV (UTF-8 with BOM, opens in Excel)",
)
def export(table: Table, user: CurrentUser, store: StoreDep, park: Park = None) -> Response:
    service = AnalyticsService(store)
    where = service.within(user, park)
    columns, rows = table_rows(service, table, where)
    name = f"{table.value}-{where or 'alliance'}-{service.today}.csv"
    return csv_response(name, columns, rows)
