"""An interview is scheduled in the future, and the rules of a status change
name their field in both languages (through the API, on both stores)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tests.applications.test_applications_api import INTERVIEW, apply, move
from tests.vacancies.world import HR, WORKER, World

PLACE = INTERVIEW["interview_place"]


def shortlisted(world: World) -> str:
    job = world.post_vacancy()
    a = apply(world, WORKER, job["id"])
    assert move(world, HR, a["id"], {"status": "shortlisted"}).status_code == 200
    return str(a["id"])


def error_of(r: Any) -> dict[str, Any]:
    assert r.status_code == 422, r.text
    out: dict[str, Any] = r.json()["error"]
    return out


class TestInterviewTime:
    def test_a_time_in_the_past_is_refused_on_the_time_field(self, world: World) -> None:
        app_id = shortlisted(world)
        body = {
            "status": "interview",
            "interview_at": "2020-01-01T10:00:00",
            "interview_place": PLACE,
        }
        err = error_of(move(world, HR, app_id, body))
        assert err["field"] == "interview_at"
        assert "2020-01-01 10:00" in err["message"] and "future" in err["message"]
        assert err["message_zh"] == "面试时间 2020-01-01 10:00 已过，请选择将来的时间。"
        got = world.as_(WORKER).get(f"/api/applications/{app_id}").json()
        assert got["status"] == "shortlisted" and got["interview_at"] is None

    def test_a_minute_ago_is_past_and_tomorrow_is_fine(self, world: World) -> None:
        app_id = shortlisted(world)
        # Shenyang wall-clock time, as the form sends it (UTC+8)
        now = datetime.utcnow() + timedelta(hours=8)
        ago = (now - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%S")
        body = {"status": "interview", "interview_at": ago, "interview_place": PLACE}
        assert error_of(move(world, HR, app_id, body))["field"] == "interview_at"
        soon = (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S")
        r = move(world, HR, app_id, {**body, "interview_at": soon})
        assert r.status_code == 200, r.text

    def test_a_time_with_an_offset_is_compared_as_that_instant(self, world: World) -> None:
        app_id = shortlisted(world)
        body = {
            "status": "interview",
            "interview_at": "2020-01-01T02:00:00Z",
            "interview_place": PLACE,
        }
        assert error_of(move(world, HR, app_id, body))["field"] == "interview_at"


class TestRulesNameTheirField:
    def test_time_and_place_are_asked_for_one_by_one(self, world: World) -> None:
        app_id = shortlisted(world)
        err = error_of(move(world, HR, app_id, {"status": "interview", "interview_place": PLACE}))
        assert err["field"] == "interview_at"
        assert err["message"] == "An interview needs its date and time."
        assert err["message_zh"] == "请填写面试的日期和时间。"
        at = {"status": "interview", "interview_at": INTERVIEW["interview_at"]}
        err = error_of(move(world, HR, app_id, at))
        assert err["field"] == "interview_place" and err["message_zh"] == "请填写面试地点。"

    def test_an_agreement_ending_before_it_starts(self, world: World) -> None:
        app_id = shortlisted(world)
        for body in (INTERVIEW, {"status": "offer"}):
            assert move(world, HR, app_id, body).status_code == 200
        hire = {
            "status": "hired",
            "agreement": {"start_date": "2099-03-01", "end_date": "2099-02-01", "terms": "x"},
        }
        err = error_of(move(world, HR, app_id, hire))
        assert err["field"] == "agreement.end_date"
        assert err["message"] == (
            "The end date (2099-02-01) must not be before the start date (2099-03-01)."
        )
        assert err["message_zh"] == "结束日期（2099-02-01）不能早于开始日期（2099-03-01）。"
