"""Print every figure in docs/matching.md: ``python -m matching.eval [--part test]``."""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path

from matching.eval import baselines, devset, metrics
from matching.jobs import JobMatcher
from matching.model import PersonDoc, VacancyDoc
from matching.occupations import OccupationCoder
from matching.taxonomy import Taxonomy

TAXONOMY = devset.REPO_ROOT / "seed" / "data" / "taxonomy.json"
EVERYDAY = Path(__file__).parent / "data" / "everyday_profiles.jsonl"


def _row(name: str, scores: dict[str, float], base: float | None = None) -> str:
    cells = " | ".join(f"{scores[m]:.3f}" for m in ("NDCG@10", "MRR@10", "Recall@10", "acc@1"))
    vs = f" | {scores['NDCG@10'] / base - 1:+.1%}" if base else " | "
    return f"| {name} | {cells}{vs} |"


def _baseline_rows(
    docs: list[str], ids: list[str], queries: list[str], rel: list[set[str]]
) -> list[tuple[str, dict[str, float]]]:
    out = []
    for b in baselines.baselines():
        b.fit(docs)
        out.append((b.name, metrics.evaluate(baselines.top_ids(b.score(queries), ids), rel)))
    return out


def job_matching(d: devset.DevSet, tax: Taxonomy, part: str) -> list[str]:
    # Only curated skills: CSCO task skills were cut from the very task text the
    # profiles are made of, so using them would leak the answer.
    curated = tax.subset({k for k, s in tax.skills.items() if s.curated})
    vac = [VacancyDoc(c.occupation, c.vacancy_title, c.vacancy_text) for c in d.match_cases]
    ids = [v.id for v in vac]
    docs = [f"{v.title}；{v.description}" for v in vac]
    cases = d.match_part(part)
    rel = [{c.occupation} for c in cases]
    rows = _baseline_rows(docs, ids, [c.profile for c in cases], rel)
    m = JobMatcher(curated).fit(vac)
    ranked = [
        [r.id for r in m.recommend(PersonDoc(f"p{i}", text=c.profile))] for i, c in enumerate(cases)
    ]
    rows.append(("**platform (JobMatcher)**", metrics.evaluate(ranked, rel)))
    return _table(
        f"Job matching, CSCO task profiles, {part} part ({len(cases)} queries, "
        f"{len(vac)} vacancies)",
        rows,
        "TF-IDF (char 1-3-grams)",
    )


def coding(d: devset.DevSet, tax: Taxonomy, part: str) -> list[str]:
    occs = [replace(o, aliases=()) for o in tax.occupations.values()]  # held-out aliases
    ids = [o.code for o in d.occupations]
    docs = [" ".join([o.name, o.definition, *o.tasks]) for o in d.occupations]
    coder = OccupationCoder(tax).fit(occs)
    out: list[str] = []
    for noisy in (False, True):
        cases = d.coding_part(part, noisy)
        rel = [set(c.codes) for c in cases]
        queries = [c.query for c in cases]
        rows = _baseline_rows(docs, ids, queries, rel)
        ranked = [[k for k, _ in r] for r in coder.predict(queries)]
        rows.append(("**platform (OccupationCoder)**", metrics.evaluate(ranked, rel)))
        kind = "with recruiting noise" if noisy else "clean"
        out += _table(
            f"Occupation coding, held-out CSCO aliases, {kind}, {part} part ({len(cases)} titles)",
            rows,
            "TF-IDF (char 1-3-grams)",
            "MRR@10",
        )
    return out


def everyday(d: devset.DevSet, tax: Taxonomy) -> list[str]:
    if not EVERYDAY.exists():
        return ["(everyday profiles not present)"]
    profiles = [
        json.loads(line)
        for line in EVERYDAY.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    vac = [
        VacancyDoc(o.code, o.name, "；".join([o.definition, *o.tasks]), occupation=o.code)
        for o in d.occupations
    ]
    ids = [v.id for v in vac]
    docs = [f"{v.title}；{v.description}" for v in vac]
    m = JobMatcher(tax).fit(vac)
    out: list[str] = []
    for lang in ("zh", "en"):
        ps = [p for p in profiles if p["lang"] == lang]
        rel = [set(p["occupations"]) for p in ps]
        queries = ["；".join([*p["skills"], p["text"]]) for p in ps]
        rows = _baseline_rows(docs, ids, queries, rel)
        ranked = [
            [r.id for r in m.recommend(PersonDoc(p["id"], tuple(p["skills"]), p["text"]))]
            for p in ps
        ]
        rows.append(("**platform (JobMatcher)**", metrics.evaluate(ranked, rel)))
        out += _table(
            f"Everyday profiles ({lang}, {len(ps)}) against {len(vac)} Chinese CSCO vacancies",
            rows,
            "TF-IDF (char 1-3-grams)",
        )
    return out


def _table(
    title: str, rows: list[tuple[str, dict[str, float]]], base_name: str, key: str = "NDCG@10"
) -> list[str]:
    base = dict(rows)[base_name][key]
    head = f"| method | NDCG@10 | MRR@10 | Recall@10 | acc@1 | {key} vs TF-IDF |"
    lines = [f"\n**{title}**\n", head, "|---|---|---|---|---|---|"]
    for name, s in rows:
        cells = " | ".join(f"{s[m]:.3f}" for m in ("NDCG@10", "MRR@10", "Recall@10", "acc@1"))
        lines.append(
            f"| {name} | {cells} | {s[key] / base - 1:+.1%} |"
            if base
            else f"| {name} | {cells} | |"
        )
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--part", choices=("tune", "test"), default="test")
    args = ap.parse_args()
    d = devset.build()
    tax = Taxonomy.from_file(TAXONOMY)
    for line in [*job_matching(d, tax, args.part), *coding(d, tax, args.part), *everyday(d, tax)]:
        print(line, flush=True)


if __name__ == "__main__":
    main()
