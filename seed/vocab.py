"""The taxonomy file (``seed/data/taxonomy.json``), read for seeding and importing.

Every Skill and Occupation node comes from this file; the generator and the
importer only pick from it. The file is built by ``python -m seed.taxonomy build``
(another module's job); this is the reader, typed for the parts we use.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from backend.errors import InvalidInput

TAXONOMY_PATH = Path(__file__).resolve().parent / "data" / "taxonomy.json"


@dataclass(frozen=True)
class Occupation:
    code: str
    name_zh: str
    name_en: str
    unit_group: str
    major_group: str
    definition: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Skill:
    id: str
    zh: str
    en: str
    synonyms_zh: tuple[str, ...]
    synonyms_en: tuple[str, ...]
    occupations: tuple[str, ...]
    specialty: str | None
    industry: str | None
    curated: bool


@dataclass(frozen=True)
class Related:
    a: str
    b: str
    weight: float
    why: str


@dataclass
class Vocabulary:
    version: str
    occupations: list[Occupation]
    skills: list[Skill]
    related: list[Related]
    _by_code: dict[str, Occupation] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_code = {o.code: o for o in self.occupations}

    def occupation(self, code: str) -> Occupation | None:
        return self._by_code.get(code)

    @cached_property
    def skill_by_id(self) -> dict[str, Skill]:
        return {s.id: s for s in self.skills}

    @cached_property
    def curated(self) -> list[Skill]:
        """Curated skills with an English name: the only ones vacancies and courses use."""
        return [s for s in self.skills if s.curated and s.en]

    @cached_property
    def neighbours(self) -> dict[str, list[tuple[str, float]]]:
        """Curated skill -> related curated skills, strongest first."""
        ok = {s.id for s in self.curated}
        out: dict[str, list[tuple[str, float]]] = {}
        for r in self.related:
            if r.a in ok and r.b in ok and r.a != r.b:
                out.setdefault(r.a, []).append((r.b, r.weight))
        for links in out.values():
            links.sort(key=lambda x: (-x[1], x[0]))
        return out


def _strs(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    return tuple(str(v) for v in value)


def from_dict(data: dict[str, Any]) -> Vocabulary:
    try:
        occupations = [
            Occupation(
                code=o["code"],
                name_zh=o["name_zh"],
                name_en=o.get("name_en") or "",
                unit_group=o.get("unit_group") or o["code"][:7],
                major_group=o.get("major_group") or o["code"][:1],
                definition=o.get("definition") or "",
                aliases=_strs(o.get("aliases")),
            )
            for o in data["occupations"]
        ]
        skills = [
            Skill(
                id=s["id"],
                zh=s["zh"],
                en=s.get("en") or "",
                synonyms_zh=_strs(s.get("synonyms_zh")),
                synonyms_en=_strs(s.get("synonyms_en")),
                occupations=_strs(s.get("occupations")),
                specialty=s.get("specialty"),
                industry=s.get("industry"),
                curated=bool(s.get("curated")),
            )
            for s in data["skills"]
        ]
        related = [
            Related(r["a"], r["b"], float(r["weight"]), str(r.get("why") or ""))
            for r in data.get("related", [])
        ]
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInput(f"the taxonomy file is not in the expected format: {exc!r}") from None
    return Vocabulary(str(data.get("version", "")), occupations, skills, related)


def load(path: Path | None = None) -> Vocabulary:
    """Read the taxonomy; a missing or broken file is a clear error, not a traceback."""
    p = path or TAXONOMY_PATH
    if not p.exists():
        raise InvalidInput(
            f"the taxonomy file {p} does not exist; build it with `python -m seed.taxonomy build`",
            message_zh=f"技能分类文件 {p} 不存在，请先运行 `python -m seed.taxonomy build`",
        )
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"cannot read the taxonomy file {p}: {exc}") from None
    return from_dict(data)
