"""The alliance end to end in a real browser (Chromium), as its people use it:
a student signs up, adds skills in everyday words, sees recommendations with
reasons and applies; the firm shortlists the applicant and schedules an
interview; the student is notified; the school approves the placement; staff
see the counts change. Every main page is also checked at phone width (375 px:
nothing wider than the screen) and photographed at phone and desk widths."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers import PASSWORD
from tests.web.world import HR, PLACEMENT, SCHOOL, SCHOOL_USER, STAFF

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 375, "height": 812}
DESK = {"width": 1280, "height": 900}


def new_page(browser: Any, base_url: str, viewport: dict[str, int], lang: str = "zh") -> Any:
    context = browser.new_context(
        viewport=viewport, locale="zh-CN" if lang == "zh" else "en-GB", base_url=base_url
    )
    return context.new_page()


def sign_in(page: Any, email: str) -> None:
    page.goto("/signin")
    page.fill('input[name="email"]', email)
    page.fill('input[name="password"]', PASSWORD)
    page.click('form[action$="/signin"] button[type="submit"]')
    page.wait_for_load_state()


def fits_the_screen(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def count(page: Any, selector: str) -> str:
    return str(page.locator(selector).first.inner_text()).strip()


def test_the_story_from_sign_up_to_interview(browser: Any, base_url: str, shots: Path) -> None:
    staff = new_page(browser, base_url, DESK)
    sign_in(staff, STAFF)
    assert staff.url.endswith("/staff")
    before = {s: count(staff, f'[data-applications="{s}"]') for s in ("applied", "interview")}
    assert before == {"applied": "0", "interview": "0"}

    # -- the student, on a phone
    me = new_page(browser, base_url, PHONE)
    me.goto("/signup")
    me.check('input[name="role"][value="person"]')
    assert me.locator('[data-for-role="company"]').is_hidden()
    me.fill('input[name="display_name"]', "赵雪")
    me.fill('input[name="email"]', "zhao.xue@alliance-demo.cn")
    me.fill('input[name="password"]', "冬天的沈阳-2026")
    me.fill('input[name="password2"]', "冬天的沈阳-2026")
    me.select_option('select[name="school_id"]', SCHOOL)
    me.check('input[name="agree"]')
    me.click('form[action$="/signup"] button[type="submit"]')
    me.wait_for_url("**/my/jobs?done=signed_up")
    assert me.locator("p.notice").inner_text() == "欢迎！您的账号已开通。"

    me.goto("/my/profile")
    skill = me.locator('input[name="skill"]')
    skill.fill("会焊接机器")
    # suggestions as you type come from the taxonomy
    me.wait_for_function("document.querySelectorAll('#dl-skill option').length > 0")
    assert "焊接机器人" in me.locator("#dl-skill option").first.get_attribute("value")
    skill.fill("会焊接机器人")
    me.click("form.add-skill button[type=submit]")
    me.wait_for_url("**/my/profile?done=skill*")
    me.fill('input[name="skill"]', "电焊")
    me.click("form.add-skill button[type=submit]")
    me.wait_for_url("**/my/profile?done=skill*")
    skills = me.locator("ul.skills li").evaluate_all("els => els.map(e => e.dataset.skill)")
    assert sorted(skills) == ["arc_welding", "robot_welding"]
    assert fits_the_screen(me)
    me.screenshot(path=str(shots / "profile-phone.png"))

    me.goto("/my/jobs")
    first = me.locator("li.rec").first
    assert first.get_attribute("data-vacancy") == PLACEMENT
    matched = first.locator("li.matched").evaluate_all("els => els.map(e => e.dataset.skill)")
    assert sorted(matched) == ["arc_welding", "robot_welding"]
    assert first.locator('[data-fact="accommodation"]').inner_text() == "提供住宿"
    assert fits_the_screen(me)
    me.screenshot(path=str(shots / "jobs-phone.png"), full_page=True)
    first.locator("button[type=submit]").click()
    me.wait_for_url("**/my/applications?done=applied")
    assert me.locator("li.application").first.get_attribute("data-status") == "applied"

    # -- the firm's HR, at a desk
    hr = new_page(browser, base_url, DESK)
    sign_in(hr, HR)
    hr.goto(f"/firm/vacancies/{PLACEMENT}")
    card = hr.locator("li.application").first
    assert "赵雪" in card.locator("h3").inner_text()
    card.locator('button[data-step="shortlisted"]').click()
    hr.wait_for_url("**done=moved*")
    card = hr.locator("li.application").first
    assert card.get_attribute("data-status") == "shortlisted"
    card.locator('summary[data-step="interview"]').click()
    card.locator('input[name="interview_at"]').fill("2099-01-12T14:30")
    card.locator('input[name="interview_place"]').fill("沈阳市浑南区创新路 9 号 3 号楼 201 室")
    card.locator("details.step-form form button[type=submit]").first.click()
    hr.wait_for_url("**done=moved*")
    assert hr.locator("li.application").first.get_attribute("data-status") == "interview"
    hr.screenshot(path=str(shots / "firm-pipeline.png"), full_page=True)

    # -- the student hears of it
    me.goto("/notifications")
    note = me.locator("li.notification").first
    assert note.get_attribute("data-kind") == "interview"
    assert "2099-01-12 14:30" in note.inner_text()
    me.goto("/my/applications")
    assert "2099-01-12 14:30" in me.locator("[data-interview]").inner_text()

    # -- the school approves the placement
    school = new_page(browser, base_url, DESK)
    sign_in(school, SCHOOL_USER)
    school.goto("/school/placements")
    assert school.locator("[data-waiting]").get_attribute("data-waiting") == "1"
    school.fill('input[name="note"]', "指导教师：刘强")
    school.click('button[name="approved"][value="yes"]')
    school.wait_for_url("**done=approved")
    assert school.locator("[data-waiting]").get_attribute("data-waiting") == "0"
    me.goto("/my/applications")
    assert me.locator("[data-approved]").count() == 1

    # -- staff see the counts change, and switch to English in one click
    staff.reload()
    assert count(staff, '[data-applications="interview"]') == "1"
    staff.click('nav.langs a[lang="en"]')
    assert staff.locator("html").get_attribute("lang") == "en"
    assert staff.locator("h1").inner_text() == "The alliance at a glance"
    staff.goto("/staff/members")  # the choice is remembered
    assert staff.locator("html").get_attribute("lang") == "en"
    staff.goto("/staff")
    staff.screenshot(path=str(shots / "staff-en.png"), full_page=True)


MAIN_PAGES = {
    "members": (None, "/"),
    "vacancies": (None, "/vacancies"),
    "jobs": ("wang.lei@alliance-demo.cn", "/my/jobs"),
    "applications": ("wang.lei@alliance-demo.cn", "/my/applications"),
    "courses": ("wang.lei@alliance-demo.cn", f"/my/courses?vacancy={PLACEMENT}"),
    "profile": ("wang.lei@alliance-demo.cn", "/my/profile"),
    "my-data": ("wang.lei@alliance-demo.cn", "/my/data"),
    "firm-vacancy": (HR, f"/firm/vacancies/{PLACEMENT}"),
    "post-vacancy": (HR, "/firm/vacancies/new"),
    "school": (SCHOOL_USER, "/school/placements"),
    "park": ("guanwei@hunnan-park-demo.cn", "/park"),
    "staff": (STAFF, "/staff"),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_main_pages_fit_a_phone_and_a_desk(
    browser: Any, base_url: str, shots: Path, lang: str
) -> None:
    for viewport, suffix in ((PHONE, "-phone"), (DESK, "")):
        signed: dict[str | None, Any] = {}
        for name, (email, path) in MAIN_PAGES.items():
            page = signed.get(email)
            if page is None:
                page = signed[email] = new_page(browser, base_url, viewport, lang)
                if email:
                    sign_in(page, email)
            page.goto(f"{path}{'&' if '?' in path else '?'}lang={lang}")
            assert page.locator("html").get_attribute("lang") == ("zh-CN" if lang == "zh" else "en")
            assert fits_the_screen(page), f"{name} is wider than {viewport['width']} px"
            # the navigation stays reachable on a phone (it scrolls sideways inside its bar)
            assert page.locator("nav.main a").first.is_visible()
            page.screenshot(path=str(shots / f"{name}{'-en' if lang == 'en' else ''}{suffix}.png"))
        for p in signed.values():
            p.context.close()


def test_occupation_is_coded_as_the_title_is_typed(browser: Any, base_url: str) -> None:
    page = new_page(browser, base_url, DESK)
    sign_in(page, HR)
    page.goto("/firm/vacancies/new")
    page.fill('input[name="title"]', "焊接机器人操作工")
    page.wait_for_function(
        "document.querySelectorAll('select[name=occupation_id] option').length > 1"
    )
    assert page.locator("select[name=occupation_id]").input_value() == "6-31-07-03"
