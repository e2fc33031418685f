"""The generated alliance: deterministic, schema-true, loadable chunk by chunk, and
plausible (ladders in order, seats and places respected, outcomes follow fit)."""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from datetime import date
from itertools import pairwise
from typing import Any

import pytest

from backend.errors import InvalidInput
from backend.graph.generic import coerce_props, coerce_rel_props
from backend.graph.schema import REL_BY_TYPE
from backend.pathways.ladders import SKILL_LEVELS, TITLE_LEVELS
from seed import generate as gen
from seed import uscc
from seed.model import SeedGraph
from seed.vocab import Vocabulary
from seed.vocab import load as load_vocabulary

SCALE = 0.05


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


@pytest.fixture(scope="module")
def graph(vocab: Vocabulary) -> SeedGraph:
    return gen.generate(SCALE, 20240817, vocab)


def _rels(g: SeedGraph, type_: str) -> list[dict[str, Any]]:
    return [r for (t, _, _), b in g.rels.items() if t == type_ for r in b.rows]


def _fingerprint(g: SeedGraph) -> tuple[Any, Any]:
    nodes = {k: sorted(json.dumps(r, sort_keys=True) for r in v) for k, v in g.nodes.items()}
    rels = {
        "|".join(k): sorted(json.dumps(r, sort_keys=True) for r in b.rows)
        for k, b in g.rels.items()
    }
    return nodes, rels


class TestDeterminism:
    def test_same_seed_same_graph(self, graph: SeedGraph, vocab: Vocabulary) -> None:
        assert _fingerprint(gen.generate(SCALE, 20240817, vocab)) == _fingerprint(graph)

    def test_another_seed_another_graph(self, graph: SeedGraph, vocab: Vocabulary) -> None:
        other = gen.generate(SCALE, 7, vocab)
        assert [p["name"] for p in other.nodes["Person"][:50]] != [
            p["name"] for p in graph.nodes["Person"][:50]
        ]

    def test_chunk_size_does_not_change_people(
        self, graph: SeedGraph, vocab: Vocabulary, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(gen, "PEOPLE_CHUNK", 97)
        chunks = list(gen.generate_chunks(SCALE, 20240817, vocab))
        assert len(chunks) == 1 + math.ceil(len(graph.nodes["Person"]) / 97)
        merged = SeedGraph()
        for c in chunks:
            for label, rows in c.nodes.items():
                merged.nodes.setdefault(label, []).extend(rows)
            for key, b in c.rels.items():
                for r in b.rows:
                    merged.add_rel(
                        key[0],
                        key[1],
                        r["src"],
                        key[2],
                        r["dst"],
                        **{k: v for k, v in r.items() if k not in ("src", "dst")},
                    )
        assert _fingerprint(merged) == _fingerprint(graph)


class TestShape:
    def test_the_alliance_of_seed_004(self, graph: SeedGraph) -> None:
        assert len(graph.nodes["School"]) == 45
        assert len(graph.nodes["Firm"]) == 86
        assert len(graph.nodes["Park"]) >= 3
        assert {s["kind"] for s in graph.nodes["School"]} == {
            "university",
            "higher_vocational",
            "technician_college",
            "secondary_vocational",
        }
        signers = {r["dst"] for r in _rels(graph, "SIGNED")}
        assert len(signers) == 22
        members = {r["src"] for r in _rels(graph, "MEMBER_OF")}
        assert len(members) == 1 + 45 + 86 + len(graph.nodes["Park"]) + len(
            graph.nodes["TrainingCentre"]
        )

    def test_scale_grows_people_vacancies_courses_linearly(self) -> None:
        one, ten = gen.Sizes.for_scale(1), gen.Sizes.for_scale(10)
        assert one.people >= 10_000 and one.vacancies >= 1_000 and one.courses >= 300
        assert one.teachers >= 50 and one.facilities >= 20
        assert (ten.people, ten.vacancies, ten.courses) == (
            10 * one.people,
            10 * one.vacancies,
            10 * one.courses,
        )
        assert gen.Sizes.for_scale(100).people >= 1_000_000

    def test_sizes_are_what_the_graph_holds(self, graph: SeedGraph) -> None:
        sizes = gen.Sizes.for_scale(SCALE)
        assert len(graph.nodes["Person"]) == sizes.people
        assert len(graph.nodes["Vacancy"]) == sizes.vacancies
        assert len(graph.nodes["Course"]) == sizes.courses

    @pytest.mark.parametrize("bad", [0, -1, float("nan"), 5000])
    def test_bad_scale_is_refused(self, bad: float) -> None:
        with pytest.raises(InvalidInput, match="scale"):
            gen.Sizes.for_scale(bad)

    def test_every_row_fits_the_schema(self, graph: SeedGraph) -> None:
        for label, rows in graph.nodes.items():
            for r in rows:
                coerce_props(label, r, full=False)
        for (type_, frm, to), batch in graph.rels.items():
            assert (frm, to) in REL_BY_TYPE[type_].pairs
            for r in batch.rows:
                coerce_rel_props(
                    type_, {k: v for k, v in r.items() if k not in ("src", "dst")}, full=False
                )

    def test_ids_are_unique_and_every_endpoint_exists(self, graph: SeedGraph) -> None:
        ids: dict[str, set[str]] = {}
        for label, rows in graph.nodes.items():
            ids[label] = {r["id"] for r in rows}
            assert len(ids[label]) == len(rows), label
        for (type_, frm, to), batch in graph.rels.items():
            for r in batch.rows:
                assert r["src"] in ids[frm], (type_, r)
                assert r["dst"] in ids[to], (type_, r)

    def test_each_chunk_owns_its_relationships(self, vocab: Vocabulary) -> None:
        """The loader creates a relationship only with its source node: each chunk's
        sources are its own nodes and its targets are already loaded."""
        seen: dict[str, set[str]] = defaultdict(set)
        for chunk in gen.generate_chunks(SCALE, 3, vocab):
            own = {label: {r["id"] for r in rows} for label, rows in chunk.nodes.items()}
            for label, s in own.items():
                seen[label] |= s
            for (type_, frm, to), batch in chunk.rels.items():
                for r in batch.rows:
                    assert r["src"] in own.get(frm, set()), (type_, r["src"])
                    assert r["dst"] in seen[to], (type_, r["dst"])


class TestRealData:
    def test_vacancies_and_courses_use_curated_skills(
        self, graph: SeedGraph, vocab: Vocabulary
    ) -> None:
        curated = {s.id for s in vocab.curated}
        for type_ in ("REQUIRES", "TEACHES", "HAS_SKILL", "NEEDS"):
            used = {r["dst"] for r in _rels(graph, type_)}
            assert used and used <= curated, type_

    def test_occupations_are_csco_codes(self, graph: SeedGraph, vocab: Vocabulary) -> None:
        codes = {o.code for o in vocab.occupations}
        assert {r["dst"] for r in _rels(graph, "FOR_OCCUPATION")} <= codes
        assert not any(v["title"].endswith("S") for v in graph.nodes["Vacancy"])

    def test_firms_have_valid_credit_codes_and_bilingual_names(self, graph: SeedGraph) -> None:
        firms = graph.nodes["Firm"]
        assert all(uscc.is_valid(f["uscc"]) and f["uscc"][2:4] == "21" for f in firms)
        assert len({f["name_zh"] for f in firms}) == 86
        assert all(
            f["name_zh"].startswith("沈阳") and f["name_en"].startswith("Shenyang") for f in firms
        )
        assert any(f["self_assessment_skills"] for f in firms)

    def test_surnames_follow_their_frequency(self, vocab: Vocabulary) -> None:
        people = gen.generate(0.3, 1, vocab).nodes["Person"]
        top = Counter(p["name"][0] for p in people).most_common(5)
        assert {s for s, _ in top[:3]} <= {"王", "李", "张", "刘"}

    def test_uscc_check_characters(self) -> None:
        assert uscc.is_valid("91350100M000100Y43")  # a published example code
        assert not uscc.is_valid("91350100M000100Y44")
        assert not uscc.is_valid("91350100M00010")


class TestPlausibility:
    def test_ladders_are_climbed_in_order_a_year_apart(self, graph: SeedGraph) -> None:
        creds = {c["id"]: c for c in graph.nodes["Credential"]}
        held: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in _rels(graph, "HOLDS"):
            held[r["src"]].append(creds[r["dst"]])
        checked = 0
        for cs in held.values():
            for kind, ladder in (("skill_level", SKILL_LEVELS), ("title", TITLE_LEVELS)):
                seq = sorted((c for c in cs if c["kind"] == kind), key=lambda c: c["obtained"])
                ranks = [ladder.index(c["level"]) for c in seq]
                assert ranks == sorted(set(ranks))
                for a, b in pairwise(seq):
                    gap = date.fromisoformat(b["obtained"]) - date.fromisoformat(a["obtained"])
                    assert gap.days >= 365
                checked += len(seq) > 1
            assert all(c["obtained"] <= gen.REFERENCE_DATE.isoformat() for c in cs)
        assert checked > 20

    def test_some_graduates_are_between_jobs(self, vocab: Vocabulary) -> None:
        """Not every degree holder works now, and the share differs by school, so a
        school's graduate employment rate is not always 100 %."""
        g = gen.generate(0.2, 20240817, vocab)
        works = _rels(g, "WORKS_AT")
        for w in works:
            assert w["to_date"] is None or w["from_date"] < w["to_date"]
            assert w["to_date"] is None or w["to_date"] < gen.REFERENCE_DATE.isoformat()
        working = {w["src"] for w in works if w["to_date"] is None}
        school_of = {r["src"]: r["dst"] for r in _rels(g, "ISSUED_BY")}
        creds = {c["id"]: c for c in g.nodes["Credential"]}
        graduates: dict[str, set[str]] = defaultdict(set)
        for r in _rels(g, "HOLDS"):
            if creds[r["dst"]]["kind"] == "degree":
                graduates[school_of[r["dst"]]].add(r["src"])
        rates = {
            s: len(people & working) / len(people)
            for s, people in graduates.items()
            if len(people) >= 30
        }
        total = sum(len(p) for p in graduates.values())
        overall = sum(len(p & working) for p in graduates.values()) / total
        assert 0.8 < overall < 0.97
        assert len(rates) >= 10 and max(rates.values()) - min(rates.values()) > 0.05

    def test_seats_and_places_are_respected(self, graph: SeedGraph) -> None:
        taken = Counter(r["dst"] for r in _rels(graph, "ENROLLED_IN") if r["status"] != "dropped")
        for c in graph.nodes["Course"]:
            assert c["seats_taken"] == taken[c["id"]] <= c["seats"]
        status = {a["id"]: a["status"] for a in graph.nodes["Application"]}
        hired = Counter(r["dst"] for r in _rels(graph, "APPLIED_TO") if status[r["src"]] == "hired")
        places = {v["id"]: v["places"] for v in graph.nodes["Vacancy"]}
        assert hired and all(n <= places[v] for v, n in hired.items())

    def test_history_is_twelve_months_and_ordered(self, graph: SeedGraph) -> None:
        start = gen.HISTORY_START.isoformat()
        end = gen.REFERENCE_DATE.isoformat()
        statuses: Counter[str] = Counter()
        for a in graph.nodes["Application"]:
            steps = json.loads(a["history"])
            ats = [s["at"] for s in steps]
            assert ats == sorted(ats) and start <= ats[0] and ats[-1] < end
            assert steps[-1]["status"] == a["status"]
            statuses[a["status"]] += 1
        assert {"hired", "rejected"} <= set(statuses)
        # Some are still under way on the reference date.
        assert set(statuses) & {"applied", "shortlisted", "interview", "offer"}

    def test_outcomes_depend_on_skill_fit(self, vocab: Vocabulary) -> None:
        g = gen.generate(0.2, 11, vocab)
        need: dict[str, dict[str, tuple[float, int]]] = defaultdict(dict)
        for r in _rels(g, "REQUIRES"):
            need[r["src"]][r["dst"]] = (r["importance"], r["level"])
        has: dict[str, dict[str, int]] = defaultdict(dict)
        for r in _rels(g, "HAS_SKILL"):
            has[r["src"]][r["dst"]] = r["level"]
        who = {r["src"]: r["dst"] for r in _rels(g, "APPLIED_BY")}
        what = {r["src"]: r["dst"] for r in _rels(g, "APPLIED_TO")}

        def fit(app: str) -> float:
            req, mine = need[what[app]], has[who[app]]
            total = sum(i for i, _ in req.values())
            return sum(i * min(1, mine.get(s, 0) / lv) for s, (i, lv) in req.items()) / total

        by: dict[str, list[float]] = defaultdict(list)
        for a in g.nodes["Application"]:
            by[a["status"]].append(fit(a["id"]))
        mean = {k: sum(v) / len(v) for k, v in by.items()}
        assert mean["hired"] > mean["rejected"] + 0.2
