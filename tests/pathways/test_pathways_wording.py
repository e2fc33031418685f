"""What a person reads about their next step is human text in both languages: no
field names or interpretation ids, years to one decimal with "1 year" singular, and
occupations by their English name in English."""

from __future__ import annotations

import re
from typing import Any

import pytest

from backend.pathways.conditions import _years, _years_en
from backend.pathways.rulebook import default_correspondence
from tests.pathways.helpers import profile, run

ELECTRICIAN = "6-31-01-03"
INTERNET_MARKETER = "4-01-06-02"  # in CSCO's English names, not in the rule table
ENGINEER = {
    "series": "engineering",
    "level": "intermediate",
    "specialty": "electromechanical",
    "obtained": "2019-07-01",
}
RAW = re.compile(r"\b[a-z]+_[a-z_]+\b|\b[A-Z]\d\.[a-z_]+\b|\bnational\.[a-z_]+\b")
LONG_NUMBER = re.compile(r"\d+\.\d{2,}")


def _texts(result: dict[str, Any]) -> list[str]:
    out = []
    for o in result["options"]:
        out += [o["explanation"]["zh"], o["explanation"]["en"]]
        out += [m[lang] for m in o["missing"] for lang in ("zh", "en")]
    return out


@pytest.mark.parametrize(
    "fields",
    [
        # a title holder with an odd amount of experience and no current occupation
        {"titles": [ENGINEER], "relevant_experience_years": 15.2501},
        # the same with an occupation, one year exactly (N5.years, national.in_force_from)
        {"titles": [ENGINEER], "current_occupation": ELECTRICIAN, "relevant_experience_years": 1},
        # Guangzhou counts years in the region, which this profile does not give
        {
            "region": "guangzhou",
            "as_of": "2026-03-01",
            "honors": ["worldskills_medal"],
            "current_occupation": "6-31-07-01",
            "relevant_experience_years": 3.04,
        },
    ],
)
def test_no_field_names_ids_or_long_numbers(fields: dict[str, Any]) -> None:
    texts = _texts(run(profile(**fields)))
    assert texts
    for text in texts:
        assert not RAW.findall(text), text
        assert not LONG_NUMBER.findall(text), text
        assert "1 years" not in text, text


def test_missing_occupation_and_region_years_read_as_text() -> None:
    r = run(profile(titles=[ENGINEER], relevant_experience_years=5))
    missing = [m for o in r["options"] for m in o["missing"]]
    occ = next(m for m in missing if m["condition"] == "current_occupation")
    assert occ["en"].startswith("needs the occupation of the current post")
    assert "current_occupation" not in occ["zh"] + occ["en"]
    r = run(
        profile(
            region="guangzhou",
            as_of="2026-03-01",
            honors=["worldskills_medal"],
            current_occupation="6-31-07-01",
            relevant_experience_years=3,
        )
    )
    region = [m for o in r["options"] for m in o["missing"] if "Guangzhou" in m["en"]]
    assert region and all("experience_in_region_years" not in m["en"] for m in region)
    assert all("广州" in m["zh"] for m in region)


def test_interpretations_are_counted_not_listed_by_id() -> None:
    r = run(profile(titles=[ENGINEER], current_occupation=ELECTRICIAN, relevant_experience_years=1))
    o = next(o for o in r["options"] if o["interpretations"])
    n = len(o["interpretations"])
    assert f"Relies on {n} interpretation" in o["explanation"]["en"]
    assert f"含{n}处" in o["explanation"]["zh"]
    assert all(i["id"] not in o["explanation"]["en"] for i in o["interpretations"])


@pytest.mark.parametrize(
    ("years", "text", "en"),
    [
        (15.2501, "15.2", "15.2 years"),
        (1, "1", "1 year"),
        (1.0, "1", "1 year"),
        (0.99, "0.9", "0.9 years"),  # rounded down: never shows a requirement met early
        (2.96, "2.9", "2.9 years"),
        (3, "3", "3 years"),
        (0, "0", "0 years"),
    ],
)
def test_years_are_written_as_people_write_them(years: float, text: str, en: str) -> None:
    assert _years(years) == text and _years_en(years) == en


def test_occupations_have_english_names_beyond_the_rule_table() -> None:
    corr = default_correspondence()
    assert corr.occupation_en(INTERNET_MARKETER) is None
    assert corr.occupation_label(INTERNET_MARKETER, "en").startswith("Internet marketer")
    assert corr.occupation_label(INTERNET_MARKETER, "zh") == "互联网营销师"
