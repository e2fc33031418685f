"""Skill bank (Z1-Z2): credits from training, signed exports that refuse tampering.

Z1: "Shenzhen will pilot establishing a “skill bank” to keep employees’ lifelong
training profiles..." Z2: "The city will work out a point accumulation and
training accreditation system that breaks down the silos between vocational skill
training and formal education." """

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from backend.errors import InvalidInput
from backend.pathways.skillbank import (
    SCHEME_FILE,
    TrainingRecord,
    accredit,
    canonical_json,
    load_scheme,
    settings_key,
    sign_export,
    verify_export,
)

KEY = "test-key-沈阳"

RECORD = TrainingRecord.model_validate(
    {
        "person_id": "chen-jing",
        "courses": [
            {"name": "PLC 编程与调试", "hours": 32, "completed": True, "on": "2025-04-18"},
            {"name": "安全生产须知", "hours": 6, "completed": True, "on": "2025-03-01"},
            {"name": "工业机器人系统集成", "hours": 100, "completed": True, "on": "2025-07-30"},
            {"name": "数控车床编程", "hours": 40, "completed": False, "on": "2025-09-01"},
        ],
        "assessments": [
            {
                "occupation": "6-31-01-03",
                "level": "senior_worker",
                "passed": True,
                "on": "2025-05-20",
            },
            {
                "occupation": "6-31-01-03",
                "level": "technician",
                "passed": False,
                "on": "2025-11-20",
            },
        ],
        "competitions": [
            {
                "name": "全国技能大赛 工业机器人系统运维",
                "level": "national",
                "result": "second",
                "on": "2025-09-12",
            },
        ],
        "credentials": [
            {"kind": "professional_certificate", "name": "低压电工作业证", "on": "2024-01-10"},
        ],
    }
)


class TestAccredit:
    def test_points_by_hand(self) -> None:
        """32 h -> 20; 6 h under the 8 h minimum -> 0; 100 h -> 62.5 capped at 40;
        not completed -> 0; senior worker passed -> 20; failed -> 0; national second
        -> 30; professional certificate -> 10. Total 120 points = 12 credits."""
        report = accredit(RECORD)
        assert [line.points for line in report.lines] == [20, 0, 40, 0, 20, 0, 30, 10]
        assert report.points == 120
        assert report.credits == 12
        assert report.recognised_credits == 12

    def test_half_credits_round_down(self) -> None:
        """27.2 h -> 17 points = 1.7 credits -> 1.5: never more than was earned."""
        record = TrainingRecord.model_validate(
            {
                "person_id": "x",
                "courses": [
                    {"name": "钳工基础", "hours": 27.2, "completed": True, "on": "2025-01-01"}
                ],
            }
        )
        report = accredit(record)
        assert (report.points, report.credits) == (17, 1.5)

    def test_school_cap(self) -> None:
        medals = [
            {"name": f"世界技能大赛 {i}", "level": "world", "result": "gold", "on": "2025-01-01"}
            for i in range(6)
        ]
        report = accredit(TrainingRecord.model_validate({"person_id": "x", "competitions": medals}))
        assert report.credits == 36
        assert report.recognised_credits == 30

    def test_unknown_competition_result_is_named(self) -> None:
        bad = TrainingRecord.model_validate(
            {
                "person_id": "x",
                "competitions": [
                    {
                        "name": "沈阳市职业技能大赛",
                        "level": "city",
                        "result": "gold",
                        "on": "2025-01-01",
                    }
                ],
            }
        )
        with pytest.raises(InvalidInput, match="result 'gold'"):
            accredit(bad)

    def test_scheme_is_documented_and_validated(self, tmp_path: Path) -> None:
        scheme = load_scheme()
        assert scheme.interpretation["en"]
        data = yaml.safe_load(SCHEME_FILE.read_text(encoding="utf-8"))
        data["courses"]["hours_per_point"] = 0
        bad = tmp_path / "scheme.yaml"
        bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        with pytest.raises(ValueError, match="hours_per_point"):
            load_scheme(bad)


class TestSignedExport:
    def export(self) -> dict[str, Any]:
        return sign_export(RECORD, KEY, date(2026, 1, 5))

    def test_round_trip(self) -> None:
        payload = verify_export(self.export(), KEY)
        assert payload["record"]["person_id"] == "chen-jing"
        assert payload["credits"]["credits"] == 12
        assert payload["issued_on"] == "2026-01-05"

    def test_key_order_does_not_matter(self) -> None:
        export = self.export()
        reordered = {
            "signature": export["signature"],
            "payload": dict(reversed(list(export["payload"].items()))),
        }
        assert verify_export(reordered, KEY) == export["payload"]

    def test_tampered_credits_rejected(self) -> None:
        export = copy.deepcopy(self.export())
        export["payload"]["credits"]["recognised_credits"] = 30
        with pytest.raises(InvalidInput, match="does not match") as info:
            verify_export(export, KEY)
        assert info.value.field == "signature"

    def test_tampered_course_hours_rejected(self) -> None:
        export = copy.deepcopy(self.export())
        export["payload"]["record"]["courses"][1]["hours"] = 60
        with pytest.raises(InvalidInput, match="does not match"):
            verify_export(export, KEY)

    def test_other_key_rejected(self) -> None:
        with pytest.raises(InvalidInput, match="does not match"):
            verify_export(self.export(), "another-key")

    def test_malformed_exports_named(self) -> None:
        with pytest.raises(InvalidInput) as info:
            verify_export({"payload": {}}, KEY)
        assert info.value.field == "export"
        export = self.export()
        export["signature"] = {"alg": "none", "value": ""}
        with pytest.raises(InvalidInput) as info:
            verify_export(export, KEY)
        assert info.value.field == "signature"

    def test_signature_is_hmac_sha256_of_canonical_json(self) -> None:
        import hashlib
        import hmac

        export = self.export()
        expected = hmac.new(
            KEY.encode(), canonical_json(export["payload"]), hashlib.sha256
        ).hexdigest()
        assert export["signature"] == {"alg": "HMAC-SHA256", "value": expected}

    def test_canonical_json_is_stable_and_refuses_nan(self) -> None:
        assert canonical_json({"b": 1, "a": "沈阳"}) == '{"a":"沈阳","b":1}'.encode()
        with pytest.raises(ValueError):
            canonical_json({"x": float("nan")})

    def test_key_comes_from_settings(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from backend.settings import get_settings

        monkeypatch.setenv("ALLIANCE_SECRET_KEY", "from-the-environment")
        get_settings.cache_clear()
        try:
            assert settings_key() == b"from-the-environment"
        finally:
            get_settings.cache_clear()
