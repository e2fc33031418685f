"""In a real browser (Chromium): staff import a small file and watch the progress
bar finish; a firm edits a vacancy; a user who forgot the password resets it
through the link the development sender wrote to ``var/mail.log`` and signs in."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.test_story import DESK, PHONE, fits_the_screen, new_page, sign_in
from tests.web.world import FIRM, HR, PLACEMENT, STAFF, STUDENT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VACANCIES = (
    "id,firm,title,title_en,kind,required,pay_min,pay_max,places\n"
    f"vac-web-1,{FIRM},焊接机器人操作工,Robot welder,job,robot_welding:1.0:3,5000,7000,2\n"
    f"vac-web-2,{FIRM},数控车工助理,,job,数控车床操做,4000,5000,1\n"
    f"vac-web-3,{FIRM},焊工,,job,arc_welding,9000,3000,1\n"
)


def test_staff_import_a_file_and_watch_the_progress_finish(
    browser: Any, base_url: str, shots: Path
) -> None:
    staff = new_page(browser, base_url, PHONE)
    sign_in(staff, STAFF)
    staff.goto("/staff/jobs")
    assert fits_the_screen(staff)
    form = staff.locator("form[data-import]")
    form.locator('select[name="file_kind"]').select_option("vacancies")
    form.locator('input[name="file"]').set_input_files(
        files=[{"name": "ours.csv", "mimeType": "text/csv", "buffer": VACANCIES.encode()}]
    )
    form.locator('input[name="skip_bad"]').check()
    form.locator('button[type="submit"]').click()
    staff.wait_for_url(re.compile(r"/staff/jobs/op-"))
    assert staff.locator("progress").count() == 1
    # site.js polls the progress and reloads the page with the result when it is done
    staff.wait_for_selector("[data-job-result]", timeout=60_000)
    assert staff.locator("section.job").get_attribute("data-state") == "done"
    assert staff.locator("progress").get_attribute("value") == "1.0"
    assert staff.locator('dd[data-count="good"]').inner_text() == "2"
    assert staff.locator('dd[data-count="bad"]').inner_text() == "1"
    assert staff.locator("table.rejects tr[data-line]").get_attribute("data-line") == "4"
    assert staff.locator("table.fuzzy tr[data-line]").count() == 1
    assert fits_the_screen(staff)
    staff.screenshot(path=str(shots / "staff-import-phone.png"), full_page=True)
    staff.goto("/vacancies/vac-web-1")
    assert "焊接机器人操作工" in staff.locator("h1").inner_text()


def test_a_firm_edits_a_vacancy(browser: Any, base_url: str, shots: Path) -> None:
    hr = new_page(browser, base_url, DESK)
    sign_in(hr, HR)
    hr.goto(f"/firm/vacancies/{PLACEMENT}")
    hr.click("a[data-edit]")
    hr.wait_for_url(f"**/firm/vacancies/{PLACEMENT}/edit")
    assert hr.input_value('input[name="title"]') == "焊接机器人操作实习生"
    assert hr.input_value('select[name="occupation_id"]') == "6-31-07-03"
    hr.fill('input[name="title_en"]', "Robotic welding intern (Hunnan)")
    hr.fill('input[name="places"]', "5")
    hr.fill('input[name="pay_max"]', "3200")
    hr.screenshot(path=str(shots / "firm-edit-vacancy-desk.png"), full_page=True)
    hr.click("form[data-vacancy-form] button[type=submit]")
    hr.wait_for_url(f"**/firm/vacancies/{PLACEMENT}?done=vacancy_saved")
    assert hr.locator("p.notice").count() == 1
    assert "5" in hr.locator('[data-fact="places"]').inner_text()
    assert "3,200" in hr.locator('[data-fact="pay"]').inner_text()
    phone = new_page(browser, base_url, PHONE)
    sign_in(phone, HR)
    phone.goto(f"/firm/vacancies/{PLACEMENT}/edit")
    assert fits_the_screen(phone)


def test_a_user_resets_the_password_through_the_mailed_link(
    browser: Any, base_url: str, tmp_path: Path
) -> None:
    me = new_page(browser, base_url, PHONE)
    me.goto("/signin")
    me.click("a.forgot")
    me.wait_for_url("**/password/forgot")
    assert fits_the_screen(me)
    me.fill('input[name="email"]', STUDENT)
    me.click("form[data-forgot] button[type=submit]")
    me.wait_for_url("**/signin?done=reset_sent")
    assert me.locator("p.notice").count() == 1
    mails = [json.loads(x) for x in (tmp_path / "mail.log").read_text().splitlines() if x]
    assert [m["to"] for m in mails] == [STUDENT]
    link = re.search(r"https?://\S+/reset\?token=\S+", mails[0]["body"])
    assert link is not None
    me.goto("/reset?" + link.group(0).split("?", 1)[1])
    new = "我的新密码-tiexi-2027"
    me.fill('input[name="password"]', new)
    me.fill('input[name="password2"]', new)
    me.click("form[data-reset] button[type=submit]")
    me.wait_for_url("**/signin?done=password_set")
    me.fill('input[name="email"]', STUDENT)
    me.fill('input[name="password"]', new)
    me.click('form[action$="/signin"] button[type="submit"]')
    me.wait_for_url("**/my/jobs")
