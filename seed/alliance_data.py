"""The curated facts about the alliance (``seed/data/alliance/*.yaml``): parks,
schools, industries, firm trade names, training centres, projects, competitions
and subsidy policies. The generator draws everything else from these and the
taxonomy."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "data" / "alliance"


def _yaml(name: str) -> Any:
    with (DATA / name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@dataclass(frozen=True)
class Park:
    id: str
    zh: str
    en: str
    district: str
    district_en: str
    division: str
    address: str


@dataclass(frozen=True)
class School:
    id: str
    zh: str
    en: str
    kind: str
    district: str
    park: str | None
    students: int
    industries: tuple[str, ...]


@dataclass(frozen=True)
class Industry:
    key: str
    zh: str
    en: str
    firms: int
    parks: tuple[str, ...]
    businesses: tuple[tuple[str, str], ...]
    programmes: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Static:
    parks: tuple[Park, ...]
    schools: tuple[School, ...]
    industries: tuple[Industry, ...]
    brands: tuple[tuple[str, str], ...]
    centres: tuple[dict[str, Any], ...]
    projects: tuple[dict[str, Any], ...]
    competitions: tuple[dict[str, Any], ...]
    policies: tuple[dict[str, Any], ...]

    def park(self, park_id: str) -> Park:
        return next(p for p in self.parks if p.id == park_id)


@cache
def static() -> Static:
    parks = tuple(
        Park(
            p["id"],
            p["zh"],
            p["en"],
            p["district"],
            p["district_en"],
            str(p["division"]),
            p["address"],
        )
        for p in _yaml("parks.yaml")
    )
    schools = tuple(
        School(
            s["id"],
            s["zh"],
            s["en"],
            s["kind"],
            s["district"],
            s.get("park"),
            int(s["students"]),
            tuple(s["industries"]),
        )
        for s in _yaml("schools.yaml")
    )
    industries = tuple(
        Industry(
            key,
            v["zh"],
            v["en"],
            int(v["firms"]),
            tuple(v["parks"]),
            tuple((b[0], b[1]) for b in v["businesses"]),
            tuple((p[0], p[1]) for p in v["programmes"]),
        )
        for key, v in _yaml("industries.yaml").items()
    )
    brands = tuple((b[0], b[1]) for b in _yaml("firms.yaml")["brands"])
    return Static(
        parks=parks,
        schools=schools,
        industries=industries,
        brands=brands,
        centres=tuple(_yaml("centres.yaml")),
        projects=tuple(_yaml("projects.yaml")),
        competitions=tuple(_yaml("competitions.yaml")),
        policies=tuple(_yaml("policies.yaml")),
    )
