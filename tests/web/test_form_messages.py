"""What reviewers found on the forms: errors on the firm's whole pipeline come back
in the page beside their field with what was typed; rules across fields speak of
the field as the user sees it, in both languages, beside it (the same field on
the new and the edit form); limits read as whole numbers and ``nan`` is not a
number; the profile clears optional fields and keeps the name required; an
applicant can open the vacancy they applied to once it is closed; pay by the
hour says so; a count of one is singular in English."""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from tests.web.conftest import SignIn, soup
from tests.web.test_edit_pages import error_for, form_values, submit
from tests.web.test_pages import page, post
from tests.web.world import COURSE, HR, LATHE_JOB, PLACEMENT, SCHOOL_USER, STAFF, STUDENT
from web.i18n import catalogue, ngettext

PLACE = "沈阳市浑南区创新路 9 号 3 号楼 201 室"
NEW_VACANCY = {
    "title": "焊接机器人操作工",
    "kind": "job",
    "pay_min": "6500",
    "pay_max": "8000",
    "pay_unit": "month",
    "shifts": "day",
    "places": "2",
    "start_date": "2099-03-01",
    "closing_date": "2099-01-31",
    "skills": "焊接机器人",
}


def english(client: TestClient) -> TestClient:
    client.cookies.set("lang", "en")
    return client


def card(html: BeautifulSoup, app_id: str) -> BeautifulSoup:
    found = html.select_one(f'[data-application="{app_id}"]')
    assert found is not None, "the application is not on the page"
    return found  # type: ignore[return-value]


def applied_and_shortlisted(sign_in: SignIn) -> tuple[TestClient, str]:
    student = sign_in(STUDENT)
    assert post(student, f"/vacancies/{PLACEMENT}/apply").status_code == 303
    hr = sign_in(HR)
    app_id = str(page(hr, "/firm/applications").select_one("li.application")["data-application"])  # type: ignore[index]
    r = post(
        hr,
        f"/firm/applications/{app_id}/status",
        {"status": "shortlisted", "next": "/firm/applications"},
    )
    assert r.status_code == 303
    return hr, app_id


def step(hr: TestClient, app_id: str, **fields: str) -> Any:
    """A step sent from the whole pipeline's form (its vacancy_id is empty)."""
    data = {"next": "/firm/applications", "vacancy_id": "", **fields}
    return post(hr, f"/firm/applications/{app_id}/status", data)


class TestTheWholePipelineKeepsWhatWasTyped:
    def test_an_interview_without_a_place_or_with_a_bad_time(self, sign_in: SignIn) -> None:
        hr, app_id = applied_and_shortlisted(sign_in)
        r = step(hr, app_id, status="interview", interview_at="2099-01-12T14:30")
        assert r.status_code == 422
        html = soup(r.text)
        assert html.select_one("[data-stage]") is not None  # the pipeline, not an error page
        mine = card(html, app_id)
        assert error_for(mine, "interview_place") == "请填写面试地点。"
        assert mine.select_one('input[name="interview_at"]')["value"] == "2099-01-12T14:30"  # type: ignore[index]
        assert mine.select_one("details.step-form[open]") is not None

        r = step(hr, app_id, status="interview", interview_at="garbage", interview_place=PLACE)
        assert r.status_code == 422
        mine = card(soup(r.text), app_id)
        assert error_for(mine, "interview_at") == "请输入日期和时间。"
        assert mine.select_one('input[name="interview_place"]')["value"] == PLACE  # type: ignore[index]

    def test_an_interview_in_the_past_is_refused_beside_the_time(self, sign_in: SignIn) -> None:
        hr, app_id = applied_and_shortlisted(sign_in)
        r = step(
            english(hr),
            app_id,
            status="interview",
            interview_at="2020-01-01T10:00",
            interview_place=PLACE,
        )
        assert r.status_code == 422
        mine = card(soup(r.text), app_id)
        said = error_for(mine, "interview_at")
        assert "2020-01-01 10:00" in said and "future" in said
        assert mine["data-status"] == "shortlisted"

    def test_a_hire_ending_before_it_starts(self, sign_in: SignIn) -> None:
        hr, app_id = applied_and_shortlisted(sign_in)
        r = step(
            hr, app_id, status="interview", interview_at="2099-01-12T14:30", interview_place=PLACE
        )
        assert r.status_code == 303
        assert step(hr, app_id, status="offer").status_code == 303
        typed = {"start_date": "2099-03-01", "end_date": "2099-02-01", "terms": "每周五天"}
        r = step(hr, app_id, status="hired", **typed)
        assert r.status_code == 422
        mine = card(soup(r.text), app_id)
        assert (
            error_for(mine, "end_date") == "结束日期（2099-02-01）不能早于开始日期（2099-03-01）。"
        )
        assert mine.select_one('input[name="start_date"]')["value"] == "2099-03-01"  # type: ignore[index]
        assert mine.select_one('textarea[name="terms"]').get_text() == "每周五天"  # type: ignore[union-attr]
        # terms forgotten: said beside the terms
        r = step(hr, app_id, status="hired", start_date="2099-03-01")
        assert error_for(card(soup(r.text), app_id), "terms") == "此项为必填。"


class TestRulesAcrossFields:
    def test_pay_to_below_pay_from_sits_beside_pay_to_on_both_forms(self, sign_in: SignIn) -> None:
        hr = sign_in(HR)
        r = post(hr, "/firm/vacancies/new", {**NEW_VACANCY, "pay_min": "8000", "pay_max": "5000"})
        assert r.status_code == 422
        html = soup(r.text)
        assert error_for(html, "pay_max") == "最高薪酬（5000）不能低于最低薪酬（8000）。"
        assert not error_for(html, "pay_min") and html.select_one("p.error[role=alert]") is None
        r = submit(
            english(hr), f"/firm/vacancies/{LATHE_JOB}/edit", {"pay_min": "8000", "pay_max": "5000"}
        )
        assert r.status_code == 422
        assert (
            error_for(soup(r.text), "pay_max") == "Pay to (5000) must not be below pay from (8000)."
        )

    def test_apply_by_after_the_start_date_is_refused_beside_apply_by(
        self, sign_in: SignIn
    ) -> None:
        hr = sign_in(HR)
        late = {**NEW_VACANCY, "start_date": "2099-01-01", "closing_date": "2099-03-01"}
        r = post(hr, "/firm/vacancies/new", late)
        assert r.status_code == 422
        html = soup(r.text)
        assert error_for(html, "closing_date") == (
            "截止日期（2099-03-01）不能晚于开始日期（2099-01-01）。"
        )
        assert form_values(html)["closing_date"] == "2099-03-01"
        r = submit(english(hr), f"/firm/vacancies/{LATHE_JOB}/edit", {"closing_date": "2099-12-01"})
        assert r.status_code == 422
        said = error_for(soup(r.text), "closing_date")
        assert said.startswith("The apply-by date (2099-12-01) must not be after the start date")

    def test_months_and_past_dates_in_words_people_use(self, sign_in: SignIn) -> None:
        hr = sign_in(HR)
        r = submit(hr, f"/firm/vacancies/{PLACEMENT}/edit", {"duration_months": ""})
        assert (
            error_for(soup(r.text), "duration_months") == "实习岗位需要填写期限（1 至 60 个月）。"
        )
        r = submit(english(hr), f"/firm/vacancies/{PLACEMENT}/edit", {"closing_date": "2020-01-01"})
        said = error_for(soup(r.text), "closing_date")
        assert said.startswith("The apply-by date 2020-01-01 has already passed")

    def test_a_course_ending_before_it_starts_and_a_subsidy_above_cost(
        self, sign_in: SignIn
    ) -> None:
        school = sign_in(SCHOOL_USER)
        url = f"/school/courses/{COURSE}/edit"
        r = submit(school, url, {"start_date": "2099-05-01", "end_date": "2099-04-01"})
        assert r.status_code == 422
        assert error_for(soup(r.text), "end_date") == (
            "结束日期（2099-04-01）不能早于开始日期（2099-05-01）。"
        )
        r = submit(school, url, {"cost": "100", "subsidy": "200"})
        assert error_for(soup(r.text), "subsidy") == "补贴（200）不能高于费用（100）。"

    def test_a_subsidy_policy_ending_before_it_starts(self, sign_in: SignIn) -> None:
        staff = sign_in(STAFF)
        body = {
            "name_zh": "补贴",
            "kind": "training",
            "amount": "100",
            "valid_from": "2025-01-01",
            "valid_until": "2024-01-01",
        }
        r = post(staff, "/staff/subsidies", body)
        assert r.status_code == 422
        assert error_for(soup(r.text), "valid_until") == (
            "失效日期（2024-01-01）不能早于生效日期（2025-01-01）。"
        )

    def test_a_job_ending_before_it_began(self, sign_in: SignIn) -> None:
        student = sign_in(STUDENT)
        firm = page(student, "/my/profile").select_one(
            'select[name="firm_id"] option[value]:not([value=""])'
        )
        assert firm is not None
        body = {
            "firm_id": firm["value"],
            "from_date": "2024-05-01",
            "to_date": "2023-01-01",
            "post": "焊工",
        }
        r = post(student, "/my/employment", body)
        assert r.status_code == 422
        assert error_for(soup(r.text), "to_date") == (
            "结束日期（2023-01-01）不能早于起始日期（2024-05-01）。"
        )


class TestNumbers:
    def test_limits_read_as_whole_numbers(self, sign_in: SignIn) -> None:
        hr = sign_in(HR)
        r = post(hr, "/firm/vacancies/new", {**NEW_VACANCY, "pay_min": "-1"})
        assert error_for(soup(r.text), "pay_min") == "不能小于 0。"
        r = post(english(hr), "/firm/vacancies/new", {**NEW_VACANCY, "pay_max": "2000000"})
        assert error_for(soup(r.text), "pay_max") == "Must be at most 1000000."
        staff = sign_in(STAFF)
        body = {
            "name_zh": "补贴",
            "kind": "training",
            "amount": "20000000",
            "valid_from": "2025-01-01",
        }
        r = post(staff, "/staff/subsidies", body)
        assert error_for(soup(r.text), "amount") == "不能大于 10000000。"

    def test_nan_and_inf_are_not_numbers(self, sign_in: SignIn) -> None:
        school = sign_in(SCHOOL_USER)
        url = f"/school/courses/{COURSE}/edit"
        for typed in ("nan", "inf", "-inf", "NaN"):
            r = submit(school, url, {"cost": typed})
            assert r.status_code == 422, typed
            assert error_for(soup(r.text), "cost") == "请输入数字。", typed
        hr = english(sign_in(HR))
        r = post(hr, "/firm/vacancies/new", {**NEW_VACANCY, "pay_max": "inf"})
        assert error_for(soup(r.text), "pay_max") == "Enter a number."


class TestProfile:
    def test_the_name_is_required_and_optional_fields_can_be_cleared(self, sign_in: SignIn) -> None:
        student = sign_in(STUDENT)
        full = {
            "name": "王磊",
            "district": "铁西区",
            "phone": "024-2345 6789",
            "summary": "想做焊接",
        }
        assert post(student, "/my/profile", full).status_code == 303
        r = post(student, "/my/profile", {**full, "name": ""})
        assert r.status_code == 422
        assert error_for(soup(r.text), "name") == "此项为必填。"
        assert page(student, "/my/profile").select_one('input[name="name"]')["value"] == "王磊"  # type: ignore[index]
        cleared = {
            "name": "王磊",
            "district": "",
            "phone": "",
            "summary": "",
            "relevant_experience_years": "",
        }
        assert post(student, "/my/profile", cleared).status_code == 303
        form = page(student, "/my/profile")
        assert form.select_one('input[name="district"]')["value"] == ""  # type: ignore[index]
        assert form.select_one('input[name="phone"]')["value"] == ""  # type: ignore[index]
        assert form.select_one('textarea[name="summary"]').get_text() == ""  # type: ignore[union-attr]


class TestWhatAnApplicantSees:
    def test_my_application_links_to_the_vacancy_even_once_closed(self, sign_in: SignIn) -> None:
        student = sign_in(STUDENT)
        assert post(student, f"/vacancies/{PLACEMENT}/apply").status_code == 303
        hr = sign_in(HR)
        assert post(hr, f"/firm/vacancies/{PLACEMENT}/close").status_code == 303
        link = page(student, "/my/applications").select_one(f'a[href="/vacancies/{PLACEMENT}"]')
        assert link is not None
        shown = page(student, f"/vacancies/{PLACEMENT}")
        assert shown.select_one('[data-vacancy-status="closed"]') is not None
        assert shown.select_one("form[action$='/apply']") is None
        # a visitor still finds nothing there
        assert TestClient(student.app).get(f"/vacancies/{PLACEMENT}").status_code == 404

    def test_pay_by_the_hour_says_so(self, sign_in: SignIn) -> None:
        hr = sign_in(HR)
        changes = {"pay_min": "25", "pay_max": "30", "pay_unit": "hour"}
        assert submit(hr, f"/firm/vacancies/{LATHE_JOB}/edit", changes).status_code == 303
        anyone = TestClient(hr.app)
        en = page(anyone, f"/vacancies/{LATHE_JOB}?lang=en").select_one('[data-fact="pay"]')
        assert en is not None and " ".join(en.get_text().split()) == "¥25–30 an hour"
        zh = page(anyone, f"/vacancies/{LATHE_JOB}?lang=zh").select_one('[data-fact="pay"]')
        assert zh is not None and "/小时" in zh.get_text() and "/月" not in zh.get_text()
        edit = page(hr, f"/firm/vacancies/{LATHE_JOB}/edit")
        assert form_values(edit)["pay_unit"] == "hour"  # an edit keeps the unit


class TestCounts:
    def test_one_is_singular_in_english(self, sign_in: SignIn) -> None:
        hr = sign_in(HR)
        assert submit(hr, f"/firm/vacancies/{LATHE_JOB}/edit", {"places": "1"}).status_code == 303
        facts = page(TestClient(hr.app), f"/vacancies/{LATHE_JOB}?lang=en")
        assert facts.select_one('[data-fact="places"]').get_text() == "1 place"  # type: ignore[union-attr]
        facts = page(TestClient(hr.app), f"/vacancies/{PLACEMENT}?lang=en")
        assert facts.select_one('[data-fact="places"]').get_text() == "3 places"  # type: ignore[union-attr]
        student = sign_in(STUDENT)
        assert post(student, f"/vacancies/{LATHE_JOB}/apply").status_code == 303
        home = page(english(hr), "/firm")
        texts = {a.get_text() for a in home.select("a")}
        assert "1 application" in texts and "0 applications" in texts

    def test_one_seat_is_singular_in_english(self, sign_in: SignIn) -> None:
        school = sign_in(SCHOOL_USER)
        facts = page(TestClient(school.app), f"/courses/{COURSE}?lang=en")
        assert facts.select_one('[data-fact="seats"]').get_text() == "30 of 30 seats free"  # type: ignore[union-attr]
        edit = f"/school/courses/{COURSE}/edit"
        assert submit(school, edit, {"seats": "1"}).status_code == 303
        facts = page(TestClient(school.app), f"/courses/{COURSE}?lang=en")
        assert facts.select_one('[data-fact="seats"]').get_text() == "1 of 1 seat free"  # type: ignore[union-attr]
        facts = page(TestClient(school.app), f"/courses/{COURSE}?lang=zh")
        assert facts.select_one('[data-fact="seats"]').get_text() == "共 1 个名额，剩余 1 个"  # type: ignore[union-attr]

    def test_every_count_has_its_chinese(self) -> None:
        import re

        from web import TEMPLATES_DIR

        call = re.compile(r'_n\(\s*"([^"]+)",\s*"([^"]+)"')
        zh = catalogue("zh")
        pairs = {
            m.groups() for p in TEMPLATES_DIR.rglob("*.html") for m in call.finditer(p.read_text())
        }
        assert pairs
        for one, many in pairs:
            assert zh.get(many), f"add {many!r} to the Chinese catalogue"
            assert ngettext("zh", one, many, 1) == zh[many]
            assert ngettext("en", one, many, 1) == one and ngettext("en", one, many, 2) == many
