"""Dev sets built from the CSCO 2022 classification itself.

Job matching: for each level-4 occupation with enough tasks, a *profile* made of
2-3 of its tasks (what a person did) and a *vacancy* made of its name,
definition and the remaining tasks (what a firm asks for). The profile must find
its own occupation's vacancy among all vacancies.

Occupation coding: the recruiting-site job titles CSCO lists as aliases
(``alias`` column, e.g. "GIS工程师") are held out of the coder's index and used
as queries, clean and with recruiting noise added ("GIS工程师 五险一金").
"""

from __future__ import annotations

import csv
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from matching.eval.splits import DEFAULT_SEED, split_keys

REPO_ROOT = Path(__file__).resolve().parents[2]
CSCO_PATH = REPO_ROOT / "seed" / "data" / "csco22.csv"
_TASK_SPLIT = re.compile(r"(?:^|\s)\d{1,2}\.")
# CSCO 2022 marks green (L) and digital (S) occupations with a suffix on the name.
_MARK = re.compile(r"(?<=[\u4e00-\u9fff）)])(?:L/S|L|S)$")


def clean_name(name: str) -> str:
    return _MARK.sub("", name.strip())


@dataclass(frozen=True)
class CscoOccupation:
    code: str
    name: str
    definition: str
    tasks: tuple[str, ...]
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class MatchCase:
    occupation: str
    profile: str
    vacancy_title: str
    vacancy_text: str


@dataclass(frozen=True)
class CodingCase:
    query: str
    codes: frozenset[str]
    noisy: bool = False


@dataclass
class DevSet:
    occupations: list[CscoOccupation]
    match_cases: list[MatchCase]
    coding_cases: list[CodingCase]
    tune: set[str] = field(default_factory=set)
    test: set[str] = field(default_factory=set)

    def match_part(self, part: str) -> list[MatchCase]:
        keep = self.tune if part == "tune" else self.test
        return [c for c in self.match_cases if c.occupation in keep]

    def coding_part(self, part: str, noisy: bool | None = None) -> list[CodingCase]:
        keep = self.tune if part == "tune" else self.test
        return [
            c for c in self.coding_cases if c.codes & keep and (noisy is None or c.noisy == noisy)
        ]


def split_tasks(tasks: str) -> list[str]:
    parts = [p.strip(" 。；;") for p in _TASK_SPLIT.split(tasks)]
    return [p for p in parts if p]


def load_csco(path: Path = CSCO_PATH) -> list[CscoOccupation]:
    out: list[CscoOccupation] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            # two codes appear twice in the file; the first row of each is kept
            if row["level"] != "4" or row["code"] in seen:
                continue
            seen.add(row["code"])
            aliases = tuple(
                clean_name(a)
                for a in row["alias"].split(",")
                if a.strip() and a.strip() != row["name"]
            )
            out.append(
                CscoOccupation(
                    code=row["code"],
                    name=clean_name(row["name"]),
                    definition=row["definition"].strip(),
                    tasks=tuple(split_tasks(row["tasks"])),
                    aliases=aliases,
                )
            )
    return out


_PERKS = ("五险一金", "包吃住", "不加班", "双休", "急招", "+提成", "高薪", "底薪+提成", "可无经验")


def build(path: Path = CSCO_PATH, seed: int = DEFAULT_SEED) -> DevSet:
    occupations = load_csco(path)
    rng = random.Random(seed)
    cases: list[MatchCase] = []
    for occ in occupations:
        if len(occ.tasks) < 4:
            continue
        tasks = list(occ.tasks)
        rng.shuffle(tasks)
        k = rng.choice((2, 3))  # people name a couple of things they did
        cases.append(
            MatchCase(
                occupation=occ.code,
                profile="；".join(tasks[:k]),
                vacancy_title=occ.name,
                vacancy_text="；".join([occ.definition, *tasks[k:]]),
            )
        )
    by_alias: dict[str, set[str]] = {}
    for occ in occupations:
        for alias in occ.aliases:
            by_alias.setdefault(alias, set()).add(occ.code)
    coding: list[CodingCase] = []
    for alias in sorted(by_alias):
        codes = frozenset(by_alias[alias])
        coding.append(CodingCase(alias, codes))
        perk = rng.choice(_PERKS)
        noisy = f"{alias}{perk}" if perk.startswith("+") else f"{alias} {perk}"
        coding.append(CodingCase(noisy, codes, noisy=True))
    tune, test = split_keys((o.code for o in occupations), 0.5, seed)
    return DevSet(occupations, cases, coding, set(tune), set(test))
