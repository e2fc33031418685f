"""Sharing in a real browser (Chromium): a school publishes a facility, a firm
books a slot from the facility's page, the school approves it and both sides
see the state; staff publish a competition result and the person finds it as a
credential on their record. The facility page is checked at phone width."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from backend.courses.access import today
from tests.browser.test_story import DESK, PHONE, fits_the_screen, new_page, sign_in
from tests.web.world import HR, SCHOOL_USER, STAFF, STUDENT

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def status_of(page: Any, side: str) -> str:
    row = page.locator(f'section[data-side="{side}"] tr[data-booking]').first
    return str(row.get_attribute("data-status"))


def test_share_book_approve_and_a_result_becomes_a_credential(
    browser: Any, base_url: str, shots: Path
) -> None:
    day = (date.fromisoformat(today()) + timedelta(days=3)).isoformat()

    # -- the school shares its welding base
    school = new_page(browser, base_url, DESK)
    sign_in(school, SCHOOL_USER)
    school.goto("/resources/facilities")
    form = school.locator('form[data-form="facility"]')
    form.locator('input[name="name_zh"]').fill("辽宁装备制造职业技术学院焊接实训基地")
    form.locator('select[name="kind"]').select_option("training_base")
    form.locator('input[name="capacity"]').fill("24")
    form.locator('input[name="equipment"]').fill("氩弧焊机，焊接机器人工作站")
    form.locator('input[name="open_hours"]').fill("08:00-18:00")
    form.locator("button[type=submit]").click()
    school.wait_for_url("**/resources/facilities?ok=facility")

    # -- the firm finds it, opens its page on a phone and books a morning
    firm = new_page(browser, base_url, PHONE)
    sign_in(firm, HR)
    firm.goto("/resources/facilities")
    firm.locator("li[data-facility] h2 a").first.click()
    firm.wait_for_url("**/resources/facilities/facility-*")
    facility_url = firm.url
    assert firm.locator("[data-capacity]").get_attribute("data-capacity") == "24"
    assert fits_the_screen(firm)
    firm.screenshot(path=str(shots / "facility-phone.png"), full_page=True)
    book = firm.locator("form[data-book]")
    book.locator('input[name="day"]').fill(day)
    book.locator('input[name="start"]').fill("09:00")
    book.locator('input[name="end"]').fill("12:00")
    book.locator('input[name="seats"]').fill("16")
    book.locator('input[name="purpose"]').fill("焊工考前实操")
    book.locator("button[type=submit]").click()
    firm.wait_for_url("**/resources/bookings?ok=requested")
    assert status_of(firm, "requested") == "requested"

    # -- the school approves; both sides see it
    school.goto("/resources/bookings")
    assert status_of(school, "received") == "requested"
    school.locator('section[data-side="received"] button[data-action="approve"]').first.click()
    school.wait_for_url("**/resources/bookings?ok=approve")
    assert status_of(school, "received") == "approved"
    firm.goto("/resources/bookings")
    assert status_of(firm, "requested") == "approved"
    firm.goto(facility_url)
    slot = firm.locator("[data-schedule] tr[data-slot]").first
    assert slot.get_attribute("data-slot") == f"{day}T09:00:00"
    assert (slot.get_attribute("data-bookings"), slot.get_attribute("data-free")) == ("1", "8")

    # -- staff publish a competition and its result
    staff = new_page(browser, base_url, DESK)
    sign_in(staff, STAFF)
    staff.goto("/resources/competitions")
    form = staff.locator('form[data-form="competition"]')
    form.locator('input[name="name_zh"]').fill("沈阳市焊工职业技能大赛")
    form.locator('select[name="level"]').select_option("city")
    held = (date.fromisoformat(today()) - timedelta(days=5)).isoformat()
    form.locator('input[name="held_on"]').fill(held)
    form.locator("button[type=submit]").click()
    staff.wait_for_url("**/resources/competitions/comp-*?ok=competition")
    staff.locator('textarea[name="results"]').fill("person-wang-lei, 1")
    staff.locator('form[data-form="results"] button[type=submit]').click()
    staff.wait_for_url("**?ok=results")
    assert staff.locator("[data-roll] tr[data-rank]").first.get_attribute("data-award") == "first"

    # -- the student sees it among their results and as a credential on their record
    me = new_page(browser, base_url, PHONE)
    sign_in(me, STUDENT)
    me.goto("/resources/competitions")
    assert "沈阳市焊工职业技能大赛" in me.locator("[data-mine]").inner_text()
    me.locator("[data-mine] a[data-record]").click()
    me.wait_for_url("**/my/profile#credentials")
    assert "沈阳市焊工职业技能大赛 一等奖" in me.locator("#credentials").inner_text()
    me.screenshot(path=str(shots / "credential-phone.png"), full_page=True)
