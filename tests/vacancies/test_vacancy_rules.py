"""Vacancy rules a reviewer found missing, through the API on both stores: the
apply-by date may not come after the start date (posting and editing), rules
across fields name the field a person sees in both languages, pay by the day or
the hour is kept as such, and an applicant can still open a vacancy they applied
to once it is closed, while nobody else can."""

from __future__ import annotations

from typing import Any

from tests.vacancies.world import HR, STUDENT, WORKER, World, in_days, placement_body, vacancy_body


def error_of(r: Any) -> dict[str, Any]:
    assert r.status_code == 422, r.text
    out: dict[str, Any] = r.json()["error"]
    return out


class TestApplyByBeforeStart:
    def test_posting_an_apply_by_date_after_the_start_is_refused_beside_it(
        self, world: World
    ) -> None:
        body = vacancy_body(start_date=in_days(40), closing_date=in_days(60))
        err = error_of(world.as_(HR).post("/api/vacancies", json=body))
        assert err["field"] == "closing_date"
        assert "apply-by date" in err["message"] and "start date" in err["message"]
        assert "截止日期" in err["message_zh"] and "开始日期" in err["message_zh"]
        assert world.as_(HR).get("/api/vacancies").json()["total"] == 0

    def test_apply_by_on_the_start_day_is_fine(self, world: World) -> None:
        day = in_days(40)
        assert world.post_vacancy(vacancy_body(start_date=day, closing_date=day))["id"]

    def test_an_edit_is_checked_against_the_stored_other_date(self, world: World) -> None:
        v = world.post_vacancy()  # apply by in 30 days, start in 45
        hr = world.as_(HR)
        err = error_of(hr.patch(f"/api/vacancies/{v['id']}", json={"start_date": in_days(20)}))
        assert err["field"] == "closing_date" and err["message_zh"]
        err = error_of(hr.patch(f"/api/vacancies/{v['id']}", json={"closing_date": in_days(50)}))
        assert err["field"] == "closing_date"
        ok = hr.patch(f"/api/vacancies/{v['id']}", json={"closing_date": in_days(45)})
        assert ok.status_code == 200, ok.text


class TestMessagesNameTheFieldInBothLanguages:
    def test_pay_to_below_pay_from_sits_on_pay_max_when_posting_and_editing(
        self, world: World
    ) -> None:
        hr = world.as_(HR)
        posted = error_of(hr.post("/api/vacancies", json=vacancy_body(pay_min=8000, pay_max=5000)))
        assert posted["field"] == "pay_max"
        assert posted["message"] == "Pay to (5000) must not be below pay from (8000)."
        assert posted["message_zh"] == "最高薪酬（5000）不能低于最低薪酬（8000）。"
        v = world.post_vacancy()
        edited = error_of(hr.patch(f"/api/vacancies/{v['id']}", json={"pay_min": 12000}))
        assert edited["field"] == "pay_max" and "pay_max" not in edited["message"]

    def test_a_placement_without_months_and_a_past_apply_by_date(self, world: World) -> None:
        hr = world.as_(HR)
        body = placement_body()
        del body["duration_months"]
        err = error_of(hr.post("/api/vacancies", json=body))
        assert err["field"] == "duration_months"
        assert err["message"] == "A placement needs its length in months (1 to 60)."
        assert err["message_zh"] == "实习岗位需要填写期限（1 至 60 个月）。"
        past = vacancy_body(closing_date="2020-01-01", start_date="2020-02-01")
        err = error_of(hr.post("/api/vacancies", json=past))
        assert err["field"] == "closing_date"
        assert err["message"].startswith("The apply-by date 2020-01-01 has already passed")
        assert "closing_date" not in err["message"]


class TestPayUnits:
    def test_pay_by_the_hour_or_day_is_kept(self, world: World) -> None:
        v = world.post_vacancy(vacancy_body(pay_min=25, pay_max=30, pay_unit="hour"))
        assert (v["pay_unit"], v["pay_min"], v["pay_max"]) == ("hour", 25, 30)
        r = world.as_(HR).patch(f"/api/vacancies/{v['id']}", json={"pay_unit": "day"})
        assert r.status_code == 200 and r.json()["pay_unit"] == "day"


class TestApplicantsSeeWhatTheyAppliedTo:
    def test_a_closed_vacancy_stays_readable_to_its_applicant_only(self, world: World) -> None:
        v = world.post_vacancy()
        r = world.as_(WORKER).post(f"/api/vacancies/{v['id']}/applications")
        assert r.status_code == 201, r.text
        assert world.as_(HR).post(f"/api/vacancies/{v['id']}/close").status_code == 200
        seen = world.as_(WORKER).get(f"/api/vacancies/{v['id']}")
        assert seen.status_code == 200 and seen.json()["status"] == "closed"
        # another person, and the public, still cannot see it; lists stay as they were
        assert world.as_(STUDENT).get(f"/api/vacancies/{v['id']}").status_code == 404
        assert world.anonymous.get(f"/api/vacancies/{v['id']}").status_code == 404
        listed = world.as_(WORKER).get("/api/vacancies").json()
        assert v["id"] not in {x["id"] for x in listed["items"]}
        # and applying again is still refused
        again = world.as_(WORKER).post(f"/api/vacancies/{v['id']}/applications")
        assert again.status_code == 409
