from __future__ import annotations

from backend.graph.doc import DOC, splice
from backend.graph.schema import NODES, STATS_LABELS

REQUIRED_LABELS = {
    "School",
    "Firm",
    "TrainingCentre",
    "Park",
    "Person",
    "Skill",
    "Occupation",
    "Course",
    "Vacancy",
    "Application",
    "Teacher",
    "Facility",
    "Competition",
    "Credential",
    "Assessment",
    "Project",
}


def test_graph_model_doc_matches_the_schema() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert splice(text) == text, "docs/graph-model.md is stale: run `python -m backend.graph.doc`"


def test_stats_report_every_label_the_issue_names() -> None:
    assert set(STATS_LABELS) >= REQUIRED_LABELS
    assert len({n.label for n in NODES}) == len(NODES)
