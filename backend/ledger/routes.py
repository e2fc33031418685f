"""Ledger API: entries, utilisation, and both as CSV."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from backend.analytics.csvout import csv_response
from backend.deps import CurrentUser, StoreDep
from backend.ledger.schemas import EntryKind, EntryPage, Utilisation
from backend.ledger.service import LedgerService

router = APIRouter(prefix="/api/ledger", tags=["ledger"])

ENTRY_COLUMNS = (
    "on",
    "kind",
    "resource_id",
    "resource_zh",
    "resource_en",
    "provider_id",
    "provider_zh",
    "provider_en",
    "receiver_id",
    "receiver_zh",
    "receiver_en",
    "seats",
    "hours",
)


@router.get("", response_model=EntryPage, summary="Who shared what with whom, and when")
def entries(
    user: CurrentUser,
    store: StoreDep,
    since: date | None = None,
    until: date | None = None,
    kind: EntryKind | None = None,
    skip: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> EntryPage:
    return LedgerService(store).entries(user, since, until, kind, skip, limit)


@router.get(
    "/utilisation", response_model=Utilisation, summary="Utilisation per resource and member"
)
def utilisation(
    user: CurrentUser, store: StoreDep, since: date | None = None, until: date | None = None
) -> Utilisation:
    return LedgerService(store).utilisation(user, since, until)


@router.get(
    "/export.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
    summary="The ledger or utilisation as CSV (UTF-8 with BOM)",
)
def export(
    user: CurrentUser,
    store: StoreDep,
    table: Literal["entries", "resources", "members"] = "entries",
    since: date | None = None,
    until: date | None = None,
) -> Response:
    service = LedgerService(store)
    if table == "entries":
        rows = [
            {
                **e.model_dump(exclude={"provider", "receiver"}),
                "provider_id": e.provider.id,
                "provider_zh": e.provider.name_zh,
                "provider_en": e.provider.name_en,
                "receiver_id": e.receiver.id if e.receiver else None,
                "receiver_zh": e.receiver.name_zh if e.receiver else None,
                "receiver_en": e.receiver.name_en if e.receiver else None,
            }
            for e in service.all_entries(user, since, until)
        ]
        return csv_response("ledger.csv", ENTRY_COLUMNS, rows)
    u = service.utilisation(user, since, until)
    if table == "resources":
        cols = (
            "id",
            "kind",
            "name_zh",
            "name_en",
            "owner_id",
            "owner_zh",
            "owner_en",
            "bookings",
            "hours",
            "seat_hours",
            "available_seat_hours",
            "utilisation",
        )
        return csv_response(
            "utilisation-resources.csv",
            cols,
            [
                {
                    **r.model_dump(exclude={"owner"}),
                    "owner_id": r.owner.id,
                    "owner_zh": r.owner.name_zh,
                    "owner_en": r.owner.name_en,
                }
                for r in u.resources
            ],
        )
    member_cols = (
        "member_id",
        "member_zh",
        "member_en",
        "given",
        "received",
        "given_hours",
        "received_hours",
    )
    return csv_response(
        "utilisation-members.csv",
        member_cols,
        [
            {
                **m.model_dump(exclude={"member", "by_kind"}),
                "member_id": m.member.id,
                "member_zh": m.member.name_zh,
                "member_en": m.member.name_en,
            }
            for m in u.members
        ],
    )
