"""Rules checked inside the schemas speak both languages and name their field.

A validator that raised a plain ``ValueError`` reached a Chinese page only as
"请检查此项。"; each rule now raises ``backend.errors.invalid`` with an English and a
Chinese message and the field a form shows it beside. A static check keeps new
ones from coming back.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from backend.competitions.schemas import ResultsCreate
from backend.errors import InvalidInput
from backend.pathways.schemas import parse_profile
from backend.projects.schemas import ProjectCreate
from backend.resources.schemas import BookingCreate, FacilityCreate
from tests.pathways.helpers import profile
from web.pages.forms import FormErrors

BACKEND = Path(__file__).resolve().parent.parent / "backend"

PROJECT = {"name_zh": "订单班", "kind": "local", "goals": "共建订单班"}
FACILITY = {"name_zh": "焊接实训基地", "kind": "workshop", "capacity": 20}
BOOKING = {"kind": "facility", "resource_id": "facility-1"}


def refusal(
    model: type[BaseModel], data: dict[str, Any]
) -> tuple[dict[str, Any], FormErrors, FormErrors]:
    """The one error the model raises, and a Chinese and an English form's errors for it."""
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    [err] = caught.value.errors()
    zh, en = FormErrors("zh"), FormErrors("en")
    zh.add_validation(caught.value)
    en.add_validation(caught.value)
    return dict(err), zh, en


CASES: list[tuple[str, type[BaseModel], dict[str, Any], str, str, str]] = [
    (
        "a person listed twice in competition results",
        ResultsCreate,
        {"results": [{"person_id": "person-li", "rank": 1}, {"person_id": "person-li", "rank": 2}]},
        "results",
        "person-li is listed twice: give each person one result.",
        "person-li 重复了：每人只能有一项成绩。",
    ),
    (
        "a partner listed twice in a project",
        ProjectCreate,
        {
            **PROJECT,
            "partners": [{"kind": "Firm", "id": "firm-a"}, {"kind": "Firm", "id": "firm-a"}],
        },
        "partners",
        "firm-a is listed twice as a partner.",
        "合作方 firm-a 重复了。",
    ),
    (
        "opening hours that end before they start",
        FacilityCreate,
        {**FACILITY, "open_hours": "18:00-08:00"},
        "open_hours",
        "Opening hours look like 08:00-21:00 and end after they start.",
        "开放时间的格式如 08:00-21:00，且结束须晚于开始。",
    ),
    (
        "a piece of equipment without a name",
        FacilityCreate,
        {**FACILITY, "equipment": ["氩弧焊机", " "]},
        "equipment",
        "Each piece of equipment needs a name of 1 to 120 characters.",
        "每件设备的名称须为 1 至 120 个字符。",
    ),
    (
        "a booking that ends before it starts",
        BookingCreate,
        {**BOOKING, "start": "2030-03-02T12:00:00", "end": "2030-03-02T09:00:00"},
        "end",
        "The end must be after the start.",
        "结束时间须晚于开始时间。",
    ),
]


@pytest.mark.parametrize(
    ("model", "data", "field", "en", "zh"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_a_rule_names_its_field_in_both_languages(
    model: type[BaseModel], data: dict[str, Any], field: str, en: str, zh: str
) -> None:
    err, zh_form, en_form = refusal(model, data)
    assert err["msg"] == en  # read as written, no "Value error, "
    assert err["ctx"] == {"field": field, "message_zh": zh}
    assert zh_form.get(field) == zh  # beside its field on a Chinese page, not "请检查此项。"
    assert en_form.get(field) == en


class TestPathwaysProfiles:
    @pytest.mark.parametrize(
        ("fields", "where", "en", "zh"),
        [
            (
                {"as_of": "1 March"},
                "as_of",
                "must be a date written YYYY-MM-DD",
                "日期须写作 YYYY-MM-DD",
            ),
            (
                {"as_of": "2025-02-30"},
                "as_of",
                "2025-02-30 is not a calendar date",
                "2025-02-30 不是有效日期",
            ),
            (
                {"current_occupation": "welder"},
                "current_occupation",
                "must be a CSCO 2022 occupation code such as 6-31-01-03",
                "须为 CSCO 2022 职业代码，如 6-31-01-03",
            ),
            (
                {"current_occupation": "9-99-99-99"},
                "current_occupation",
                "9-99-99-99 is not a CSCO 2022 level-4 occupation",
                "9-99-99-99 不是 CSCO 2022 的细类职业",
            ),
        ],
    )
    def test_a_bad_date_or_occupation_is_explained_in_chinese(
        self, fields: dict[str, Any], where: str, en: str, zh: str
    ) -> None:
        with pytest.raises(InvalidInput) as caught:
            parse_profile(profile(**fields))
        assert caught.value.field == where
        assert caught.value.message == f"{where}: {en}"
        assert caught.value.message_zh == f"{where}：{zh}"


def test_no_schema_raises_a_plain_value_error() -> None:
    """``raise ValueError(`` in a schema reaches a Chinese page as "请检查此项。"."""
    plain = re.compile(r"raise ValueError\(")
    found = [
        f"{path.relative_to(BACKEND)}:{n}"
        for path in sorted(BACKEND.glob("*/schemas.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if plain.search(line)
    ]
    assert not found, f"raise backend.errors.invalid(...) instead: {found}"
