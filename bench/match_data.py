"""Synthetic but real-worded vacancies and people for the matcher bench.

Each is drawn from a real CSCO 2022 occupation: its name, some of its tasks and
the curated skills linked to it, so the text looks like the alliance's data.
"""

from __future__ import annotations

import random

from matching.model import PersonDoc, VacancyDoc
from matching.taxonomy import Taxonomy

PARKS = ("铁西装备制造产业园", "浑南科技城", "沈北新区", "大东汽车城", "沈阳经济技术开发区")
KINDS = ("job", "job", "job", "placement", "apprenticeship")


def make(
    taxonomy: Taxonomy, n_vacancies: int, n_people: int, seed: int = 7
) -> tuple[list[VacancyDoc], list[PersonDoc]]:
    rng = random.Random(seed)
    occs = [o for o in taxonomy.occupations.values() if len(o.tasks) >= 3]
    skills_of: dict[str, list[str]] = {}
    for s in taxonomy.skills.values():
        if s.curated:
            for c in s.occupations:
                skills_of.setdefault(c, []).append(s.zh)
    vacancies = []
    for i in range(n_vacancies):
        o = rng.choice(occs)
        tasks = rng.sample(o.tasks, min(len(o.tasks), rng.randint(2, 4)))
        vacancies.append(
            VacancyDoc(
                f"v{i}",
                o.name_zh,
                "；".join(tasks),
                skills=tuple(skills_of.get(o.code, [])[:4]),
                kind=rng.choice(KINDS),
                park=rng.choice(PARKS),
                occupation=o.code,
            )
        )
    people = []
    for i in range(n_people):
        o = rng.choice(occs)
        people.append(
            PersonDoc(
                f"p{i}",
                skills=tuple(skills_of.get(o.code, [])[:2]),
                text="；".join(rng.sample(o.tasks, 2)),
                park=rng.choice(PARKS),
            )
        )
    return vacancies, people
