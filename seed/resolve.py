"""Match the words an import file uses to the taxonomy: skill names (Chinese,
English, everyday synonyms, ids) and occupation names (CSCO codes, names,
aliases, English names).

Three steps, first hit wins: exact text; normalised text (width, case, spaces
and punctuation folded, CSCO's L/S markers dropped); fuzzy, by the Dice
coefficient of character bigrams. A fuzzy hit is accepted only above
``FUZZY_ACCEPT`` and is always reported, so a near miss is never silent; below
it the importer refuses the row and names the nearest candidates.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from seed.vocab import Vocabulary

FUZZY_ACCEPT = 0.72
FUZZY_MARGIN = 0.1
_DROP = re.compile(r"[\s\-_/·•,，.。、:：;；()（）\[\]【】'\"“”‘’]+")
_CSCO_MARK = re.compile(r"(?<=[\u4e00-\u9fff])(L/S|L|S)$")


def normalise(text: str) -> str:
    t = unicodedata.normalize("NFKC", text).strip()
    t = _CSCO_MARK.sub("", t)
    return _DROP.sub("", t.lower())


def _grams(text: str) -> frozenset[str]:
    if len(text) < 2:
        return frozenset({text})
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


@dataclass(frozen=True)
class Resolution:
    id: str
    name: str
    how: str  # id | exact | normalised | fuzzy
    score: float


class _Index:
    def __init__(self, entries: list[tuple[str, str, str]]) -> None:
        """``entries``: (surface text, target id, display name)."""
        self.exact: dict[str, tuple[str, str]] = {}
        self.norm: dict[str, tuple[str, str]] = {}
        self.grams: list[tuple[frozenset[str], str, str, str]] = []
        seen: set[tuple[str, str]] = set()
        for text, target, name in entries:
            if not text:
                continue
            self.exact.setdefault(text.strip(), (target, name))
            n = normalise(text)
            if not n:
                continue
            self.norm.setdefault(n, (target, name))
            if (n, target) not in seen:
                seen.add((n, target))
                self.grams.append((_grams(n), n, target, name))
        self.by_gram: dict[str, list[int]] = defaultdict(list)
        for k, (g, _, _, _) in enumerate(self.grams):
            for gram in g:
                self.by_gram[gram].append(k)

    def nearest(self, text: str, limit: int = 3) -> list[Resolution]:
        n = normalise(text)
        q = _grams(n)
        shared: dict[int, int] = defaultdict(int)
        for gram in q:
            for k in self.by_gram.get(gram, ()):
                shared[k] += 1
        best: dict[str, Resolution] = {}
        for k, common in shared.items():
            g, _, target, name = self.grams[k]
            score = 2 * common / (len(q) + len(g))
            if target not in best or best[target].score < score:
                best[target] = Resolution(target, name, "fuzzy", round(score, 3))
        return sorted(best.values(), key=lambda r: (-r.score, r.id))[:limit]

    def resolve(self, text: str) -> Resolution | None:
        t = text.strip()
        if t in self.exact:
            target, name = self.exact[t]
            return Resolution(target, name, "exact", 1.0)
        n = normalise(t)
        if n in self.norm:
            target, name = self.norm[n]
            return Resolution(target, name, "normalised", 1.0)
        near = self.nearest(t, 2)
        if not near or near[0].score < FUZZY_ACCEPT:
            return None
        if len(near) > 1 and near[0].score - near[1].score < FUZZY_MARGIN:
            return None  # ambiguous ("welding": pipe or arc?): let a person choose
        return near[0]


class Resolver:
    """Skill and occupation lookup over one taxonomy (curated skills only by default:
    vacancies, courses and people use the skills that have English names)."""

    def __init__(self, vocab: Vocabulary, *, curated_only: bool = True) -> None:
        skills = vocab.curated if curated_only else vocab.skills
        s_entries: list[tuple[str, str, str]] = []
        for s in skills:
            label = f"{s.zh} ({s.en})" if s.en else s.zh
            for text in (s.id, s.zh, s.en, *s.synonyms_zh, *s.synonyms_en):
                s_entries.append((text, s.id, label))
        self._skills = _Index(s_entries)
        o_entries: list[tuple[str, str, str]] = []
        for o in vocab.occupations:
            label = f"{o.name_zh} ({o.code})"
            for text in (o.code, o.name_zh, o.name_en, *o.aliases):
                o_entries.append((text, o.code, label))
        self._occupations = _Index(o_entries)
        self._skill_ids = {s.id for s in skills}
        self._codes = {o.code for o in vocab.occupations}

    @lru_cache(maxsize=65536)  # noqa: B019 - one resolver lives for one import
    def skill(self, text: str) -> Resolution | None:
        if text.strip() in self._skill_ids:
            return Resolution(text.strip(), text.strip(), "id", 1.0)
        return self._skills.resolve(text)

    @lru_cache(maxsize=65536)  # noqa: B019
    def occupation(self, text: str) -> Resolution | None:
        if text.strip() in self._codes:
            return Resolution(text.strip(), text.strip(), "id", 1.0)
        return self._occupations.resolve(text)

    def skill_suggestions(self, text: str) -> list[Resolution]:
        return self._skills.nearest(text)

    def occupation_suggestions(self, text: str) -> list[Resolution]:
        return self._occupations.nearest(text)
