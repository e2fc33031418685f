"""Edit pages: a firm edits its vacancy (every field of the post form; a new title is
coded again unless the firm chose the occupation) and its training need; a school
edits its course (seats never below those taken). Refusals come back beside their
field with what was typed; another organisation cannot open the form."""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backend.graph.store import GraphStore, cypher
from tests.helpers import add_user
from tests.web.conftest import SignIn, soup
from tests.web.test_pages import page, post
from tests.web.world import (
    COURSE,
    HR,
    LATHE_JOB,
    NEED,
    PENDING_FIRM,
    PLACEMENT,
    SCHOOL_USER,
    STUDENT,
    WORKER,
)

OTHER_HR = "hr@tiexi-precision-demo.cn"
VERIFY_FIRM = cypher("MATCH (f:Firm {id: $id}) SET f.verified = true RETURN f.id AS id")


def form_values(html: BeautifulSoup) -> dict[str, str]:
    """What the form would send as it stands (inputs, selects, textareas, checkboxes)."""
    form = html.select_one("form[data-vacancy-form], form[data-course-form], form[data-need-form]")
    assert form is not None
    out: dict[str, str] = {}
    for el in form.select("input[name], textarea[name], select[name]"):
        name = str(el["name"])
        if el.name == "textarea":
            out[name] = el.get_text()
        elif el.name == "select":
            chosen = el.select_one("option[selected]") or el.select_one("option")
            out[name] = str(chosen["value"]) if chosen else ""
        elif el.get("type") == "checkbox":
            if el.has_attr("checked"):
                out[name] = "on"
        else:
            out[name] = str(el.get("value", ""))
    return out


def error_for(html: BeautifulSoup, name: str) -> str:
    el = html.select_one(f'[data-error-for="{name}"]')
    return el.get_text() if el else ""


def submit(client: TestClient, url: str, changes: dict[str, Any]) -> Any:
    data = {**form_values(page(client, url)), **changes}
    return client.post(url, data=data)


class TestFirmEditsItsVacancy:
    def test_the_form_holds_every_field_as_posted(self, sign_in: SignIn) -> None:
        hr = sign_in(HR)
        vacancy = page(hr, f"/firm/vacancies/{PLACEMENT}")
        edit = vacancy.select_one("a[data-edit]")
        assert edit is not None and edit["href"] == f"/firm/vacancies/{PLACEMENT}/edit"
        sent = form_values(page(hr, f"/firm/vacancies/{PLACEMENT}/edit"))
        assert sent["title"] == "焊接机器人操作实习生"
        assert sent["title_en"] == "Robotic welding intern"
        assert sent["occupation_id"] == "6-31-07-03"
        assert sent["pay_min"] == "2400" and sent["pay_max"] == "3000"
        assert sent["pay_unit"] == "stipend_month" and sent["duration_months"] == "6"
        assert sent["accommodation"] == "on" and sent["places"] == "3"
        assert "焊接机器人" in sent["skills"] or "机器人焊接" in sent["skills"]

    def test_saving_changes_every_field_and_keeps_skill_levels(self, sign_in: SignIn) -> None:
        hr = sign_in(HR)
        url = f"/firm/vacancies/{LATHE_JOB}/edit"
        r = submit(
            hr,
            url,
            {
                "title_en": "CNC lathe operator (nights)",
                "pay_min": "6500",
                "pay_max": "9000",
                "shifts": "three_shifts",
                "places": "5",
                "location": "",
                "accommodation": "on",
                "skills": page(hr, url).select_one("#f-skills")["value"] + ", 看图纸",  # type: ignore[index, operator]
            },
        )
        assert r.status_code == 303, r.text
        assert r.headers["location"] == f"/firm/vacancies/{LATHE_JOB}?done=vacancy_saved"
        v = hr.get(f"/api/vacancies/{LATHE_JOB}").json()
        assert v["title_en"] == "CNC lathe operator (nights)"
        assert (v["pay_min"], v["pay_max"], v["places"]) == (6500, 9000, 5)
        assert v["shifts"] == "three_shifts" and v["accommodation"] is True
        assert v["location"] is None
        levels = {s["id"]: (s["importance"], s["level"]) for s in v["skills"]}
        assert levels["cnc_lathe_operation"] == (1.0, 3) and levels["cnc_programming"] == (0.7, 3)
        assert "engineering_drawing_reading" in levels
        shown = page(hr, r.headers["location"])
        assert shown.select_one("p.notice") is not None

    def test_a_new_title_is_coded_again_unless_the_firm_chose_the_occupation(
        self, sign_in: SignIn
    ) -> None:
        hr = sign_in(HR)
        url = f"/firm/vacancies/{LATHE_JOB}/edit"
        assert submit(hr, url, {"title": "焊接机器人操作工"}).status_code == 303
        recoded = hr.get(f"/api/vacancies/{LATHE_JOB}").json()["occupation"]["id"]
        assert recoded != "6-18-01-01"
        # the firm picks one itself: a later title change keeps it
        assert submit(hr, url, {"occupation_id": "6-18-01-07"}).status_code == 303
        assert submit(hr, url, {"title": "数控车工"}).status_code == 303
        assert hr.get(f"/api/vacancies/{LATHE_JOB}").json()["occupation"]["id"] == "6-18-01-07"

    def test_refusals_come_back_beside_their_field(self, sign_in: SignIn) -> None:
        hr = sign_in(HR)
        url = f"/firm/vacancies/{PLACEMENT}/edit"
        r = submit(hr, url, {"pay_min": "5000", "pay_max": "3000", "title_en": "kept"})
        assert r.status_code == 422
        again = soup(r.text)
        assert error_for(again, "pay_min") or error_for(again, "pay_max")
        assert form_values(again)["title_en"] == "kept"  # what was typed stays
        r = submit(hr, url, {"title": "", "duration_months": ""})
        assert r.status_code == 422
        html = soup(r.text)
        assert error_for(html, "title") == "此项为必填。"
        r = submit(hr, url, {"duration_months": ""})
        assert r.status_code == 422
        assert "实习" in error_for(soup(r.text), "duration_months")
        r = submit(hr, url, {"closing_date": "2001-01-01"})
        assert r.status_code == 422 and error_for(soup(r.text), "closing_date")
        assert hr.get(f"/api/vacancies/{PLACEMENT}").json()["pay_min"] == 2400  # nothing saved

    def test_a_closed_vacancy_cannot_be_edited(self, sign_in: SignIn) -> None:
        hr = sign_in(HR)
        url = f"/firm/vacancies/{PLACEMENT}/edit"
        values = form_values(page(hr, url))
        assert post(hr, f"/firm/vacancies/{PLACEMENT}/close").status_code == 303
        assert page(hr, f"/firm/vacancies/{PLACEMENT}").select_one("a[data-edit]") is None
        r = hr.post(url, data={**values, "title_en": "late"})
        assert r.status_code == 422
        assert "已关闭" in (soup(r.text).select_one("p.error") or soup("")).get_text()

    def test_another_firm_cannot_open_or_save_the_form(
        self, app: FastAPI, store: GraphStore, sign_in: SignIn
    ) -> None:
        add_user(store, OTHER_HR, "company", org=("Firm", PENDING_FIRM))
        store.execute(VERIFY_FIRM, {"id": PENDING_FIRM})
        other = sign_in(OTHER_HR)
        assert other.get(f"/firm/vacancies/{PLACEMENT}/edit").status_code == 403
        values = form_values(page(sign_in(HR), f"/firm/vacancies/{PLACEMENT}/edit"))
        token = soup(other.get("/firm").text).select_one('input[name="csrf_token"]')
        values["csrf_token"] = str(token["value"]) if token else ""
        r = other.post(f"/firm/vacancies/{PLACEMENT}/edit", data={**values, "title": "x"})
        assert r.status_code == 403
        assert sign_in(STUDENT).get(f"/firm/vacancies/{PLACEMENT}/edit").status_code == 403


class TestSchoolEditsItsCourse:
    def test_seats_never_go_below_those_taken(self, sign_in: SignIn) -> None:
        student = sign_in(STUDENT)
        assert post(student, f"/courses/{COURSE}/enrol").status_code == 303
        school = sign_in(SCHOOL_USER)
        course = page(school, f"/school/courses/{COURSE}")
        assert course.select_one("a[data-edit]") is not None
        url = f"/school/courses/{COURSE}/edit"
        form = page(school, url)
        assert form_values(form)["seats"] == "30"
        r = submit(school, url, {"seats": "0"})
        assert r.status_code == 422 and error_for(soup(r.text), "seats")
        r = submit(school, url, {"seats": "1", "hours": "60", "title_en": "Welding robots"})
        assert r.status_code == 303, r.text
        c = school.get(f"/api/courses/{COURSE}").json()
        assert (c["seats"], c["hours"], c["title_en"]) == (1, 60, "Welding robots")
        assert [(s["id"], s["level"]) for s in c["skills"]] == [("robot_welding", 2)]

    def test_seats_below_enrolled_are_refused_with_the_count(self, sign_in: SignIn) -> None:
        for email in (STUDENT, WORKER):
            assert post(sign_in(email), f"/courses/{COURSE}/enrol").status_code == 303
        school = sign_in(SCHOOL_USER)
        url = f"/school/courses/{COURSE}/edit"
        hint = page(school, url).select_one("#f-seats ~ small.hint")
        assert hint is not None and "2" in hint.get_text()
        r = submit(school, url, {"seats": "1", "title_en": "kept"})
        assert r.status_code == 422
        html = soup(r.text)
        assert "2" in error_for(html, "seats") and form_values(html)["title_en"] == "kept"
        r = submit(school, url, {"subsidy": "5000"})
        assert r.status_code == 422 and error_for(soup(r.text), "subsidy")
        assert school.get(f"/api/courses/{COURSE}").json()["seats"] == 30

    def test_another_organisation_cannot_edit(self, sign_in: SignIn) -> None:
        assert sign_in(HR).get(f"/school/courses/{COURSE}/edit").status_code == 403


class TestFirmEditsItsTrainingNeed:
    def test_edit_and_save(self, sign_in: SignIn) -> None:
        hr = sign_in(HR)
        needs = page(hr, "/firm/needs")
        assert needs.select_one(f'[data-need="{NEED}"] a[data-edit]') is not None
        url = f"/firm/needs/{NEED}/edit"
        sent = form_values(page(hr, url))
        assert sent["seats"] == "12" and sent["deadline"] == "2099-06-30"
        r = submit(hr, url, {"seats": "15", "skills": sent["skills"] + "，数控编程"})
        assert r.status_code == 303, r.text
        need = hr.get(f"/api/training-needs/{NEED}").json()
        assert need["seats"] == 15
        assert {s["id"] for s in need["skills"]} == {"cnc_lathe_operation", "cnc_programming"}

    def test_required_fields_and_past_deadlines_are_refused(self, sign_in: SignIn) -> None:
        hr = sign_in(HR)
        url = f"/firm/needs/{NEED}/edit"
        r = submit(hr, url, {"title": "", "skills": ""})
        assert r.status_code == 422
        html = soup(r.text)
        assert error_for(html, "title") and error_for(html, "skills")
        r = submit(hr, url, {"deadline": "2001-01-01"})
        assert r.status_code == 422 and error_for(soup(r.text), "deadline")
        assert hr.get(f"/api/training-needs/{NEED}").json()["seats"] == 12

    def test_only_the_firm_that_raised_it(self, sign_in: SignIn) -> None:
        assert sign_in(SCHOOL_USER).get(f"/firm/needs/{NEED}/edit").status_code == 403
