"""The bilingual skill taxonomy as the matcher sees it, and free-text resolution.

Loaded from the dict (or JSON file) that ``seed`` builds; this module never
imports ``seed``. ``resolve`` turns what people actually write ("会开数控车床",
"CNC turning", "焊工证") into skill ids with a confidence in (0, 1].
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from matching.text import char_tfidf, has_cjk, normalize, stem_en

_EN_WORD = re.compile(r"[a-z0-9][a-z0-9+#.\-]*")


@dataclass(frozen=True)
class Skill:
    id: str
    zh: str
    en: str = ""
    synonyms_zh: tuple[str, ...] = ()
    synonyms_en: tuple[str, ...] = ()
    occupations: tuple[str, ...] = ()
    curated: bool = False

    @property
    def label(self) -> str:
        return f"{self.zh} / {self.en}" if self.en else self.zh


@dataclass(frozen=True)
class Occupation:
    code: str
    name_zh: str
    name_en: str = ""
    unit_group: str = ""
    definition: str = ""
    tasks: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass
class Taxonomy:
    skills: dict[str, Skill]
    occupations: dict[str, Occupation]
    related: dict[str, dict[str, float]] = field(default_factory=dict)
    glossary: dict[str, tuple[str, ...]] = field(default_factory=dict)
    version: str = ""

    # -- loading -----------------------------------------------------------------
    @classmethod
    def from_file(cls, path: str | Path) -> Taxonomy:
        p = Path(path)
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ValueError(f"taxonomy file not found: {p}") from exc
        except json.JSONDecodeError as exc:
            raise ValueError(f"taxonomy file {p} is not valid JSON: {exc}") from exc
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Taxonomy:
        if not isinstance(data, dict) or "skills" not in data:
            raise ValueError("taxonomy must be an object with a 'skills' list")
        skills = {
            s["id"]: Skill(
                id=s["id"],
                zh=s.get("zh", ""),
                en=s.get("en", "") or "",
                synonyms_zh=tuple(s.get("synonyms_zh") or ()),
                synonyms_en=tuple(s.get("synonyms_en") or ()),
                occupations=tuple(s.get("occupations") or ()),
                curated=bool(s.get("curated", False)),
            )
            for s in data["skills"]
        }
        occupations = {
            o["code"]: Occupation(
                code=o["code"],
                name_zh=o.get("name_zh", ""),
                name_en=o.get("name_en", "") or "",
                unit_group=o.get("unit_group", "") or o["code"][:7],
                definition=o.get("definition", "") or "",
                tasks=tuple(o.get("tasks") or ()),
                aliases=tuple(o.get("aliases") or ()),
            )
            for o in data.get("occupations", [])
        }
        related: dict[str, dict[str, float]] = defaultdict(dict)
        for r in data.get("related", []):
            a, b, w = r["a"], r["b"], float(r["weight"])
            if a in skills and b in skills and a != b:
                related[a][b] = max(w, related[a].get(b, 0.0))
                related[b][a] = max(w, related[b].get(a, 0.0))
        glossary: dict[str, tuple[str, ...]] = {}
        for g in data.get("glossary", []):
            key = " ".join(stem_en(w) for w in _EN_WORD.findall(normalize(g["en"])))
            if key:
                glossary[key] = tuple(dict.fromkeys((*glossary.get(key, ()), *g["zh"])))
        return cls(skills, occupations, dict(related), glossary, str(data.get("version", "")))

    def subset(self, keep: set[str]) -> Taxonomy:
        """A taxonomy with only the skills in ``keep`` (used to avoid eval leakage)."""
        skills = {k: v for k, v in self.skills.items() if k in keep}
        related = {
            a: {b: w for b, w in nb.items() if b in skills}
            for a, nb in self.related.items()
            if a in skills
        }
        return Taxonomy(skills, self.occupations, related, self.glossary, self.version)

    # -- English to Chinese ------------------------------------------------------
    def translate(self, text: str) -> list[str]:
        """Chinese glossary terms for the English words and phrases in ``text``.

        Longest match first over stemmed words, so "cnc lathe" wins over "lathe".
        """
        words = [stem_en(w) for w in _EN_WORD.findall(normalize(text))]
        out: list[str] = []
        i = 0
        while i < len(words):
            for n in (4, 3, 2, 1):
                key = " ".join(words[i : i + n])
                if i + n <= len(words) and key in self.glossary:
                    out.extend(self.glossary[key])
                    i += n
                    break
            else:
                i += 1
        return out

    def bridge(self, text: str) -> str:
        """Text plus its Chinese glossary terms, so English reaches Chinese documents."""
        terms = self.translate(text)
        return f"{text} {' '.join(terms)}" if terms else text

    # -- resolution ---------------------------------------------------------------
    def _build_index(self) -> None:
        forms: list[str] = []
        owners: list[str] = []
        exact: dict[str, set[str]] = defaultdict(set)
        for s in self.skills.values():
            surface = [s.zh, *s.synonyms_zh, s.en, *s.synonyms_en] if s.curated else [s.zh]
            for f in surface:
                n = normalize(f)
                if not n:
                    continue
                exact[n].add(s.id)
                forms.append(n)
                owners.append(s.id)
        self._forms = forms
        self._owners = np.array(owners, dtype=object)
        self._exact = dict(exact)
        # Curated forms that are short enough to be spotted inside longer text.
        spot: list[tuple[str, str]] = []
        for s in self.skills.values():
            if not s.curated:
                continue
            for f in (s.zh, *s.synonyms_zh, s.en, *s.synonyms_en):
                n = normalize(f)
                if (has_cjk(n) and len(n) >= 2) or (not has_cjk(n) and len(n) >= 3):
                    spot.append((n, s.id))
        spot.sort(key=lambda t: -len(t[0]))
        self._spot = spot
        # forms keyed by their first two characters: one dict probe per position
        by_head: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for form, sid in spot:
            by_head[form[:2]].append((form, sid))
        self._spot_head = dict(by_head)
        self._vec = char_tfidf((1, 2))
        self._mat = sp.csr_matrix(self._vec.fit_transform(forms)) if forms else None

    def _ready(self) -> None:
        if not hasattr(self, "_forms"):
            self._build_index()

    def spot(self, text: str) -> dict[str, float]:
        """Curated skills named inside free text (longest names first)."""
        self._ready()
        t = normalize(text)
        found: dict[str, float] = {}
        for i in range(len(t) - 1):
            for form, sid in self._spot_head.get(t[i : i + 2], ()):
                if not t.startswith(form, i):
                    continue
                if not has_cjk(form) and i > 0 and t[i - 1].isalpha():
                    continue  # an English name must start a word
                found[sid] = max(found.get(sid, 0.0), 0.9 if len(form) >= 3 else 0.75)
        return found

    def resolve(
        self, phrase: str, top: int = 3, min_confidence: float = 0.45
    ) -> list[tuple[str, float]]:
        """Skill ids for a free-text phrase, best first, with confidence.

        Exact names and synonyms score 1.0; curated names inside the phrase 0.75-0.9;
        otherwise the closest names by character n-gram cosine. English is bridged
        to Chinese through the glossary first.
        """
        self._ready()
        if phrase in self.skills:
            return [(phrase, 1.0)]
        n = normalize(phrase)
        if not n:
            return []
        if n in self._exact:
            return [(sid, 1.0) for sid in sorted(self._exact[n])][:top]
        scores: dict[str, float] = dict(self.spot(n))
        query = n if has_cjk(n) else self.bridge(n)
        if not has_cjk(n):
            for term in self.translate(n):
                for sid in self._exact.get(normalize(term), ()):
                    scores[sid] = max(scores.get(sid, 0.0), 0.85)
        if self._mat is not None:
            q = self._vec.transform([query])
            if q.nnz:
                sims = np.asarray((self._mat @ q.T).toarray()).ravel()
                best = np.argsort(-sims)[: top * 4]
                for i in best:
                    conf = float(sims[i])
                    sid = str(self._owners[i])
                    if conf >= min_confidence:
                        scores[sid] = max(scores.get(sid, 0.0), round(conf, 4))
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        return [(k, v) for k, v in ranked if v >= min_confidence][:top]

    def name(self, skill_id: str) -> str:
        s = self.skills.get(skill_id)
        return s.label if s else skill_id
