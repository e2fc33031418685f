"""Long operations from the pages: staff import a file and seed the demo alliance,
a firm or school imports its own vacancies or courses; each shows its progress
until it finishes and then what happened (counts, rejected lines with reasons,
fuzzy taxonomy matches). A file with a bad row writes nothing."""

from __future__ import annotations

import threading
import time
from typing import Any

from fastapi.testclient import TestClient

from backend.accounts.schemas import Principal
from backend.errors import Conflict
from tests.web.conftest import SignIn, csrf_of, soup
from tests.web.world import FIRM, HR, SCHOOL, SCHOOL_USER, STAFF
from web.pages.operations import Job, Operations

HEADER = "id,firm,title,title_en,kind,required,pay_min,pay_max,places,start_date,closing_date\n"
GOOD = (
    f"vac-imp-1,{FIRM},焊接机器人操作工,Robot welder,job,robot_welding:1.0:3,5000,7000,2,"
    "2099-09-01,2099-06-30\n"
)
FUZZY = f"vac-imp-2,{FIRM},数控车工助理,,job,数控车床操做,4000,5000,1,2099-09-01,2099-06-30\n"
BAD_PAY = f"vac-imp-3,{FIRM},焊工,,job,arc_welding,9000,3000,1,2099-09-01,2099-06-30\n"
BAD_FIRM = "vac-imp-4,firm-nobody,焊工,,job,arc_welding,3000,4000,1,2099-09-01,2099-06-30\n"


def upload(client: TestClient, url: str, name: str, text: str, **fields: str) -> Any:
    token = csrf_of(soup(client.get("/notifications").text))
    return client.post(
        url,
        data={"csrf_token": token, **fields},
        files={"file": (name, text.encode("utf-8"), "text/csv")},
    )


def follow(client: TestClient, job_url: str) -> tuple[dict[str, Any], list[float]]:
    """Poll the job page's progress URL until it finishes, as site.js does."""
    page = soup(client.get(job_url).text)
    box = page.select_one("[data-progress-url]")
    assert box is not None and box.select_one("progress") is not None
    seen: list[float] = []
    for _ in range(600):
        state = client.get(str(box["data-progress-url"])).json()
        seen.append(state["progress"])
        if state["state"] != "running":
            return state, seen
        time.sleep(0.1)
    raise AssertionError(f"{job_url} still running: {state}")


def counts(client: TestClient, job_url: str) -> dict[str, int]:
    page = soup(client.get(job_url).text)
    return {str(dd["data-count"]): int(dd.get_text()) for dd in page.select("dd[data-count]")}


def rejected_lines(client: TestClient, job_url: str) -> dict[int, str]:
    page = soup(client.get(job_url).text)
    return {
        int(str(tr["data-line"])): tr.select("td")[1].get_text()
        for tr in page.select("table.rejects tr[data-line]")
    }


class TestStaffImport:
    def test_a_bad_file_writes_nothing_and_lists_every_bad_line(self, sign_in: SignIn) -> None:
        staff = sign_in(STAFF)
        r = upload(
            staff,
            "/staff/jobs/import",
            "ours.csv",
            HEADER + GOOD + BAD_PAY + BAD_FIRM,
            file_kind="vacancies",
        )
        assert r.status_code == 303, r.text
        job_url = r.headers["location"]
        state, _ = follow(staff, job_url)
        assert state["state"] == "failed"
        assert counts(staff, job_url) == {
            "rows": 3,
            "good": 0,
            "bad": 2,
            "existing": 0,
            "fuzzy": 0,
        }
        rejects = rejected_lines(staff, job_url)
        assert sorted(rejects) == [3, 4]
        assert "pay_max" in rejects[3] and "firm-nobody" in rejects[4]
        # each reason in the page's language
        zh = rejected_lines(staff, job_url + "?lang=zh")
        assert "低于" in zh[3] and "图中没有" in zh[4] and "企业" in zh[4]
        en = rejected_lines(staff, job_url + "?lang=en")
        assert "is below" in en[3] and "no Firm with id 'firm-nobody'" in en[4]
        page = soup(staff.get(job_url).text)
        assert page.select_one("[data-job-result] p.error") is not None  # "nothing was written"
        assert staff.get("/vacancies/vac-imp-1").status_code == 404

    def test_skipping_bad_rows_writes_the_good_ones_with_progress_to_the_end(
        self, sign_in: SignIn
    ) -> None:
        staff = sign_in(STAFF)
        r = upload(
            staff,
            "/staff/jobs/import",
            "ours.csv",
            HEADER + GOOD + FUZZY + BAD_PAY,
            file_kind="vacancies",
            skip_bad="on",
        )
        job_url = r.headers["location"]
        state, seen = follow(staff, job_url)
        assert state["state"] == "done", state
        assert seen == sorted(seen) and seen[-1] == 1.0
        assert counts(staff, job_url) == {"rows": 3, "good": 2, "bad": 1, "existing": 0, "fuzzy": 1}
        assert sorted(rejected_lines(staff, job_url)) == [4]
        fuzzy = soup(staff.get(job_url).text).select("table.fuzzy tr[data-line]")
        assert [tr["data-line"] for tr in fuzzy] == ["3"]
        assert "cnc_lathe_operation" in fuzzy[0].get_text()
        shown = soup(staff.get("/vacancies/vac-imp-1").text)
        assert "焊接机器人操作工" in shown.get_text()
        # the same file again changes nothing: its rows are already present
        again = upload(
            staff,
            "/staff/jobs/import",
            "ours.csv",
            HEADER + GOOD + FUZZY,
            file_kind="vacancies",
        )
        follow(staff, again.headers["location"])
        assert counts(staff, again.headers["location"])["existing"] == 2

    def test_the_form_says_what_is_missing_beside_the_field(self, sign_in: SignIn) -> None:
        staff = sign_in(STAFF)
        token = csrf_of(soup(staff.get("/staff/jobs").text))
        r = staff.post("/staff/jobs/import", data={"csrf_token": token, "file_kind": "vacancies"})
        assert r.status_code == 422
        assert soup(r.text).select_one('[data-error-for="file"]') is not None
        r = upload(staff, "/staff/jobs/import", "ours.xlsx", "a,b\n", file_kind="vacancies")
        assert r.status_code == 422
        error = soup(r.text).select_one('[data-error-for="file"]')
        assert error is not None and ".csv" in error.get_text()


class TestOrganisationImport:
    def test_a_firm_imports_its_own_vacancies(self, sign_in: SignIn) -> None:
        hr = sign_in(HR)
        form = soup(hr.get("/firm/import").text)
        assert form.select_one('input[name="file_kind"]')["value"] == "vacancies"  # type: ignore[index]
        r = upload(hr, "/firm/import", "ours.csv", HEADER + GOOD)
        assert r.status_code == 303, r.text
        state, _ = follow(hr, r.headers["location"])
        assert state["state"] == "done", state
        mine = soup(hr.get("/firm").text)
        assert mine.select_one('[data-vacancy="vac-imp-1"]') is not None
        # the school cannot follow the firm's job; staff can
        job_id = r.headers["location"].rsplit("/", 1)[1]
        assert sign_in(SCHOOL_USER).get(f"/school/import/{job_id}").status_code == 404
        assert sign_in(STAFF).get(f"/staff/jobs/{job_id}").status_code == 200

    def test_a_row_for_another_firm_refuses_the_whole_file(self, sign_in: SignIn) -> None:
        hr = sign_in(HR)
        other = GOOD.replace(f",{FIRM},", ",firm-someone-else,").replace("vac-imp-1", "vac-imp-9")
        r = upload(hr, "/firm/import", "ours.csv", HEADER + GOOD + other, skip_bad="on")
        state, _ = follow(hr, r.headers["location"])
        assert state["state"] == "failed"
        rejects = rejected_lines(hr, r.headers["location"])
        assert list(rejects) == [3] and FIRM in rejects[3]
        assert hr.get("/vacancies/vac-imp-1").status_code == 404

    def test_a_school_may_import_only_courses_for_itself(self, sign_in: SignIn) -> None:
        school = sign_in(SCHOOL_USER)
        courses = (
            "id,provider,title_zh,title_en,skills,seats,hours,start_date,end_date\n"
            f"course-imp-1,{SCHOOL},数控车床入门,CNC lathe basics,cnc_lathe_operation:2,20,40,"
            "2099-09-01,2099-10-01\n"
        )
        r = upload(school, "/school/import", "c.csv", courses, file_kind="vacancies")
        assert r.status_code == 422  # a school's file holds courses only
        r = upload(school, "/school/import", "c.csv", courses)
        state, _ = follow(school, r.headers["location"])
        assert state["state"] == "done", state
        assert school.get("/school/courses/course-imp-1").status_code == 200


class TestSeeding:
    def test_staff_seed_a_small_alliance_and_watch_it_finish(self, sign_in: SignIn) -> None:
        staff = sign_in(STAFF)
        token = csrf_of(soup(staff.get("/staff/jobs").text))
        r = staff.post("/staff/jobs", data={"csrf_token": token, "kind": "seed", "scale": "0"})
        assert r.status_code == 422
        assert soup(r.text).select_one('[data-error-for="scale"]') is not None
        r = staff.post("/staff/jobs", data={"csrf_token": token, "kind": "seed", "scale": "0.05"})
        assert r.status_code == 303
        state, seen = follow(staff, r.headers["location"])
        assert state["state"] == "done", state
        assert seen == sorted(seen) and seen[-1] == 1.0
        assert state["result"]["nodes"] > 1000 and state["result"]["accounts"] >= 5
        demo = TestClient(staff.app, follow_redirects=False)
        signed = demo.post(
            "/signin", data={"email": "hr@alliance-demo.cn", "password": "alliance-demo-2026"}
        )
        assert signed.status_code == 303


class TestOneAtATime:
    def test_a_second_start_returns_the_running_one_or_waits(self) -> None:
        ops = Operations()
        release = threading.Event()
        staff = Principal("u1", "a@b.cn", "staff", "A", "active", "zh", "s", "c", org_id="gov")
        other = Principal("u2", "c@d.cn", "staff", "C", "active", "zh", "s2", "c2", org_id="gov")

        def work(job: Job) -> None:
            release.wait(5)

        first = ops.start("seed", staff, work)
        assert ops.start("seed", staff, work) is first  # a double click
        try:
            ops.start("import", other, work)
        except Conflict:
            pass
        else:
            raise AssertionError("a second operation started while one ran")
        release.set()
        for _ in range(50):
            if first.state != "running":
                break
            time.sleep(0.05)
        assert first.state == "done" and first.progress == 1.0
