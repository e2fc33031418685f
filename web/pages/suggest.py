"""Suggestions as you type (skills from the taxonomy, occupations for a job title),
and turning a list of skills in everyday words into taxonomy ids for a form."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from backend.dashboard.service import DashboardService
from backend.deps import StoreDep, TaxonomyDep
from matching.occupations import OccupationCoder
from matching.taxonomy import Taxonomy
from web.i18n import Lang
from web.pages import pick
from web.pages.deps import CoderDep
from web.pages.forms import FormErrors

router = APIRouter(include_in_schema=False)

# Phrases are separated by commas, Chinese enumeration commas, semicolons or new lines.
_SPLIT = re.compile(r"[,，、;；\n]+")


@router.get("/api/skills/suggest")
def suggest_skills(
    taxonomy: TaxonomyDep,
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=120)],
    top: Annotated[int, Query(ge=1, le=20)] = 8,
    lang: Annotated[str, Query(pattern="^(zh|en)$")] = "zh",
) -> JSONResponse:
    """Skills for what the user is typing, best first, only those in the graph (a
    skill must be in the graph to be added to a record). In English, skills with an
    English name come first: most task-derived skills have only their Chinese line."""
    hits = taxonomy.resolve(q, top=top * 2, min_confidence=0.3)
    known = {s["id"] for s in DashboardService(store).skills([sid for sid, _ in hits])}
    items = [
        {
            "id": sid,
            "zh": taxonomy.skills[sid].zh,
            "en": taxonomy.skills[sid].en,
            "confidence": round(conf, 3),
        }
        for sid, conf in hits
        if sid in known and sid in taxonomy.skills
    ]
    if lang == "en":
        items.sort(key=lambda item: not item["en"])  # stable: confidence order within
    return JSONResponse({"q": q, "items": items[:top]})


def code_title(
    coder: OccupationCoder, store: StoreDep, title: str, top: int = 5
) -> list[dict[str, Any]]:
    """CSCO occupations for a vacancy title, best first, among those in the graph."""
    if not title.strip():
        return []
    ranked = coder.predict([title], top=top * 4)[0]
    found = DashboardService(store).occupations([code for code, _ in ranked])
    scores = dict(ranked)
    return [{**o, "score": scores[o["id"]]} for o in found[:top]]


@router.get("/api/occupations/suggest")
def suggest_occupations(
    coder: CoderDep,
    store: StoreDep,
    title: Annotated[str, Query(min_length=1, max_length=120)],
    top: Annotated[int, Query(ge=1, le=20)] = 5,
) -> JSONResponse:
    return JSONResponse({"title": title, "items": code_title(coder, store, title, top)})


def resolve_skills(
    text: str,
    taxonomy: Taxonomy,
    store: StoreDep,
    errors: FormErrors,
    field: str,
    level: int = 3,
) -> list[dict[str, Any]]:
    """Each phrase to the taxonomy's best skill; a phrase that finds none is named
    in the field's error, so the user knows which word to change."""
    phrases = [p.strip() for p in _SPLIT.split(text) if p.strip()]
    chosen: list[str] = []
    unknown: list[str] = []
    for phrase in phrases:
        hits = taxonomy.resolve(phrase, top=1)
        if hits and hits[0][0] not in chosen:
            chosen.append(hits[0][0])
        elif not hits:
            unknown.append(phrase)
    present = {s["id"] for s in DashboardService(store).skills(chosen)}
    unknown += [taxonomy.name(s) for s in chosen if s not in present]
    if unknown:
        errors.add_msgid(field, "No skill found for: %(words)s", words="、".join(unknown))
    return [{"skill_id": s, "level": level} for s in chosen if s in present]


def skills_text(skills: list[Any], lang: Lang) -> str:
    """A record's skills as the words the form takes back (names in the page's language)."""
    return ", ".join(pick(lang, s.zh, s.en) or s.id for s in skills)


def keep_levels(
    chosen: list[dict[str, Any]], before: list[Any], *fields: str
) -> list[dict[str, Any]]:
    """Skills kept from before keep their level (and importance); new ones take the form's."""
    known = {s.id: s for s in before}
    out = []
    for c in chosen:
        old = known.get(c["skill_id"])
        kept = {f: getattr(old, f) for f in fields if old is not None and getattr(old, f)}
        out.append({**c, **kept})
    return out
