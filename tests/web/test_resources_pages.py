"""The shared-resource pages driven like a browser (forms, redirects, the
session's CSRF field), parsed as HTML, on both stores: facility and teacher
detail pages with their booked slots and the booking form; weekly hours;
competitions published and their results becoming credentials the person sees;
cooperation projects proposed, signed and updated; both languages."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from backend.courses.access import today
from backend.graph.store import GraphStore, cypher
from tests.web.conftest import SignIn, csrf_of, soup
from tests.web.test_i18n import untranslated
from tests.web.world import FIRM, HR, SCHOOL, SCHOOL_USER, STAFF, STUDENT

BOOKINGS = cypher("MATCH (b:Booking) RETURN count(b) AS n")
TEACHERS = cypher("MATCH (t:Teacher) RETURN count(t) AS n")
COMPETED = cypher("MATCH (:Person)-[r:COMPETED_IN]->(:Competition) RETURN count(r) AS n")


def page(client: TestClient, url: str, **params: str) -> BeautifulSoup:
    r = client.get(url, params=params)
    assert r.status_code == 200, (url, r.status_code, r.text[:400])
    return soup(r.text)


def submit(client: TestClient, url: str, data: dict[str, Any], token_from: str) -> Any:
    """Post a form the way its page would: with the CSRF field of that page."""
    token = csrf_of(page(client, token_from))
    return client.post(url, data={"csrf_token": token, **data})


def ahead(days: int) -> date:
    return date.fromisoformat(today()) + timedelta(days=days)


def on_weekday(weekday: int) -> date:
    return next(ahead(n) for n in range(2, 10) if ahead(n).isoweekday() == weekday)


def text(node: Any) -> str:
    assert node is not None
    return " ".join(str(node.get_text(" ")).split())


@pytest.fixture
def facility(sign_in: SignIn) -> str:
    school = sign_in(SCHOOL_USER)
    r = submit(
        school,
        "/resources/facilities",
        {
            "name_zh": "辽宁装备制造职业技术学院焊接实训基地",
            "name_en": "LNEMVC welding training base",
            "kind": "training_base",
            "capacity": "24",
            "equipment": "氩弧焊机，焊接机器人工作站",
            "open_hours": "08:00-18:00",
        },
        "/resources/facilities",
    )
    assert r.status_code == 303, r.text
    card = page(school, "/resources/facilities").select_one("li[data-facility]")
    assert card is not None
    return str(card["data-facility"])


class TestFacilityPage:
    def test_details_slots_and_booking_from_the_page(
        self, sign_in: SignIn, store: GraphStore, facility: str
    ) -> None:
        hr, school = sign_in(HR), sign_in(SCHOOL_USER)
        listing = page(hr, "/resources/facilities")
        link = listing.select_one(f'li[data-facility="{facility}"] h2 a')
        assert link is not None and link["href"] == f"/resources/facilities/{facility}"
        detail = page(hr, str(link["href"]))
        assert detail.select_one("[data-capacity]")["data-capacity"] == "24"  # type: ignore[index]
        assert [text(li) for li in detail.select("[data-equipment] li")] == [
            "氩弧焊机",
            "焊接机器人工作站",
        ]
        assert detail.select_one("[data-schedule] tr[data-slot]") is None
        form = detail.select_one("form[data-book]")
        assert form is not None and form.select_one('input[name="back"]') is not None
        slot = {
            "kind": "facility",
            "resource_id": facility,
            "back": "detail",
            "day": ahead(3).isoformat(),
            "start": "09:00",
            "end": "12:00",
            "seats": "30",
            "purpose": "焊工考前实操",
        }
        url = f"/resources/facilities/{facility}"
        # more people than it holds: the detail page again, the reason beside the field
        bad = submit(hr, "/resources/book", slot, url)
        assert bad.status_code == 422
        again = soup(bad.text)
        assert again.select_one("article[data-facility]") is not None
        assert "最多容纳 24 人" in text(again.select_one('[data-error-for="seats"]'))
        assert store.query(BOOKINGS)[0]["n"] == 0
        r = submit(hr, "/resources/book", {**slot, "seats": "10"}, url)
        assert r.status_code == 303
        # the school approves from its bookings page; the slot then shows on the facility
        theirs = page(school, "/resources/bookings")
        approve = theirs.select_one('section[data-side="received"] button[data-action="approve"]')
        assert approve is not None
        action = approve.find_parent("form")["action"]  # type: ignore[index]
        assert submit(school, str(action), {}, "/resources/bookings").status_code == 303
        row = page(hr, url).select_one("[data-schedule] tr[data-slot]")
        assert row is not None
        assert (row["data-bookings"], row["data-free"]) == ("1", "14")
        assert row["data-slot"] == f"{ahead(3).isoformat()}T09:00:00"

    def test_an_unknown_facility_is_404(self, sign_in: SignIn) -> None:
        r = sign_in(HR).get("/resources/facilities/facility-nope")
        assert r.status_code == 404


class TestTeacherPage:
    def share(self, client: TestClient, **slots: str) -> Any:
        return submit(
            client,
            "/resources/teachers",
            {
                "name": "赵建国",
                "title": "高级技师",
                "expertise": "robot_welding, arc_welding",
                "bio": "焊接机器人操作与编程，二十年车间经验。",
                **slots,
            },
            "/resources/teachers",
        )

    def test_weekly_hours_shown_and_bookings_held_to_them(
        self, sign_in: SignIn, store: GraphStore
    ) -> None:
        school, hr = sign_in(SCHOOL_USER), sign_in(HR)
        # an end before the start: the form again, the reason beside the hours
        bad = self.share(school, slot_day_0="2", slot_start_0="12:00", slot_end_0="09:00")
        assert bad.status_code == 422
        assert soup(bad.text).select_one('[data-error-for="availability"]') is not None
        assert store.query(TEACHERS)[0]["n"] == 0
        r = self.share(
            school,
            slot_day_0="4",
            slot_start_0="14:00",
            slot_end_0="17:00",
            slot_day_1="2",
            slot_start_1="08:30",
            slot_end_1="11:30",
        )
        assert r.status_code == 303, r.text
        card = page(hr, "/resources/teachers").select_one("li[data-teacher]")
        assert card is not None
        tid = str(card["data-teacher"])
        url = f"/resources/teachers/{tid}"
        detail = page(hr, url)
        assert [li["data-slot"] for li in detail.select("[data-hours] li")] == [
            "2 08:30-11:30",
            "4 14:00-17:00",
        ]
        assert text(detail.select_one("[data-hours] li")) == "周二 08:30–11:30"
        assert {li["data-skill"] for li in detail.select("[data-expertise] li")} == {
            "robot_welding",
            "arc_welding",
        }
        tuesday = on_weekday(2).isoformat()
        slot = {"kind": "teacher", "resource_id": tid, "back": "detail", "day": tuesday}
        bad = submit(hr, "/resources/book", {**slot, "start": "13:00", "end": "15:00"}, url)
        assert bad.status_code == 422
        reason = text(soup(bad.text).select_one('[data-error-for="day"]'))
        assert "不在该教师每周可预约时段内" in reason and "周二 08:30-11:30" in reason
        assert store.query(BOOKINGS)[0]["n"] == 0
        ok = submit(hr, "/resources/book", {**slot, "start": "09:00", "end": "11:00"}, url)
        assert ok.status_code == 303
        # the owner edits the hours on the same page; others get no such form
        assert page(hr, url).select_one('form[data-form="hours"]') is None
        mine = page(school, url)
        assert mine.select_one('select[name="slot_day_0"] option[selected]')["value"] == "2"  # type: ignore[index]
        r = submit(
            school,
            f"/resources/teachers/{tid}/hours",
            {"slot_day_0": "6", "slot_start_0": "09:00", "slot_end_0": "12:00"},
            url,
        )
        assert r.status_code == 303
        assert [li["data-slot"] for li in page(hr, url).select("[data-hours] li")] == [
            "6 09:00-12:00"
        ]


class TestCompetitionPages:
    def test_staff_publish_and_the_person_sees_the_credential(
        self, sign_in: SignIn, store: GraphStore
    ) -> None:
        staff, student, hr = sign_in(STAFF), sign_in(STUDENT), sign_in(HR)
        held = (date.fromisoformat(today()) - timedelta(days=5)).isoformat()
        r = submit(
            staff,
            "/resources/competitions",
            {
                "name_zh": "沈阳市焊工职业技能大赛",
                "name_en": "Shenyang welding contest",
                "level": "city",
                "held_on": held,
            },
            "/resources/competitions",
        )
        assert r.status_code == 303, r.text
        url = r.headers["location"].split("?")[0]
        detail = page(staff, url)
        assert detail.select_one("[data-level]")["data-level"] == "city"  # type: ignore[index]
        publish = f"{url}/results"
        # a line without a rank, then an unknown person: named, nothing written
        bad = submit(staff, publish, {"results": "person-wang-lei\n"}, url)
        assert bad.status_code == 422
        assert "第 1 行" in text(soup(bad.text).select_one('[data-error-for="results"]'))
        bad = submit(staff, publish, {"results": "person-nobody, 1"}, url)
        assert bad.status_code == 422
        assert "person-nobody" in text(soup(bad.text).select_one('[data-error-for="results"]'))
        assert store.query(COMPETED)[0]["n"] == 0
        r = submit(staff, publish, {"results": "person-wang-lei，1"}, url)
        assert r.status_code == 303
        full = page(staff, url).select_one("[data-results] tr[data-person]")
        assert full is not None and full["data-person"] == "person-wang-lei"
        # anyone reads the roll, with the name shortened and no ids
        roll = page(TestClient(hr.app), url)
        [row] = roll.select("[data-roll] tr[data-rank]")
        assert (row["data-rank"], row["data-award"]) == ("1", "first")
        assert "person-wang-lei" not in roll.decode()
        assert page(hr, url).select_one("[data-results]") is None
        # the person: my results link to the credential on my record
        mine = page(student, "/resources/competitions")
        assert mine.select_one("[data-mine] [data-result]") is not None
        record = mine.select_one("[data-mine] a[data-record]")
        assert record is not None and record["href"] == "/my/profile#credentials"
        profile = page(student, "/my/profile")
        assert "沈阳市焊工职业技能大赛 一等奖" in text(profile.select_one("#credentials"))

    def test_a_firm_offers_only_its_own_contests(self, sign_in: SignIn) -> None:
        hr = sign_in(HR)
        levels = page(hr, "/resources/competitions").select('select[name="level"] option')
        form_levels = [o["value"] for o in levels if o.find_parent("form", method="post")]
        assert form_levels == ["enterprise"]
        r = submit(
            hr,
            "/resources/competitions",
            {"name_zh": "浑南机器人公司焊工比武", "level": "national", "held_on": today()},
            "/resources/competitions",
        )
        assert r.status_code == 422
        assert "企业只能举办本企业的技能比武" in text(soup(r.text).select_one("p.error"))
        assert (
            page(sign_in(STUDENT), "/resources/competitions").select_one(
                'form[data-form="competition"]'
            )
            is None
        )


class TestProjectPages:
    def test_propose_sign_and_record_results(self, sign_in: SignIn) -> None:
        school, hr = sign_in(SCHOOL_USER), sign_in(HR)
        propose = {
            "name_zh": "焊接机器人订单班",
            "name_en": "Robotic welding order class",
            "kind": "local",
            "goals": "为企业定向培养 30 名焊接机器人操作工。",
        }
        # no partner chosen: the form again with the reason beside the partners
        bad = submit(school, "/resources/projects", propose, "/resources/projects")
        assert bad.status_code == 422
        assert soup(bad.text).select_one('[data-error-for="partners"]') is not None
        options = page(school, "/resources/projects").select('select[name="partners"] option')
        assert f"Firm:{FIRM}" in [o["value"] for o in options]
        assert f"School:{SCHOOL}" not in [o["value"] for o in options]  # not itself
        r = submit(
            school,
            "/resources/projects",
            {**propose, "partners": f"Firm:{FIRM}"},
            "/resources/projects",
        )
        assert r.status_code == 303, r.text
        url = r.headers["location"].split("?")[0]
        detail = page(hr, url)
        assert detail.select_one("article")["data-status"] == "proposed"  # type: ignore[index]
        assert detail.select_one(f'tr[data-party="{FIRM}"]')["data-signed"] == "no"  # type: ignore[index]
        assert detail.select_one('form[data-form="update"]') is None  # a partner does not edit
        sign = detail.select_one('button[data-action="sign"]')
        assert sign is not None
        action = str(sign.find_parent("form")["action"])  # type: ignore[index]
        assert submit(hr, action, {}, url).status_code == 303
        after = page(school, url)
        assert after.select_one("article")["data-status"] == "in_progress"  # type: ignore[index]
        # the lead records results and completes it
        r = submit(
            school,
            url,
            {"status": "completed", "results": "首期 28 人结业，26 人入职。"},
            url,
        )
        assert r.status_code == 303
        done = page(hr, url)
        assert done.select_one("article")["data-status"] == "completed"  # type: ignore[index]
        assert text(done.select_one("[data-results]")) == "首期 28 人结业，26 人入职。"
        listed = page(TestClient(hr.app), "/resources/projects")
        link = listed.select_one(f'li[data-project] h2 a[href="{url}"]')
        assert link is not None


class TestCounts:
    """Counts read as English counts ("1 teacher", "2 teachers"); Chinese has one form."""

    def share_facility(self, client: TestClient, capacity: int) -> Any:
        return submit(
            client,
            "/resources/facilities",
            {"name_zh": f"{capacity} 人实训室", "kind": "lab", "capacity": str(capacity)},
            "/resources/facilities",
        )

    def share_teacher(self, client: TestClient, name: str) -> Any:
        return submit(
            client,
            "/resources/teachers",
            {
                "name": name,
                "expertise": "arc_welding",
                "slot_day_0": "1",
                "slot_start_0": "09:00",
                "slot_end_0": "12:00",
            },
            "/resources/teachers",
        )

    def texts(self, client: TestClient, url: str, lang: str) -> list[str]:
        return [text(n) for n in page(client, url, lang=lang).select("main p, main li, main h2")]

    def test_one_and_many_in_english_one_form_in_chinese(self, sign_in: SignIn) -> None:
        school, hr = sign_in(SCHOOL_USER), sign_in(HR)
        assert self.share_facility(school, 1).status_code == 303
        assert self.share_teacher(school, "赵建国").status_code == 303
        en = self.texts(hr, "/resources/facilities", "en")
        assert "1 facility" in en and "Holds 1 person" in en
        assert "1 teacher" in self.texts(hr, "/resources/teachers", "en")
        assert "共 1 个实训设施" in self.texts(hr, "/resources/facilities", "zh")
        assert "共 1 名教师" in self.texts(hr, "/resources/teachers", "zh")
        card = page(hr, "/resources/facilities").select_one("li[data-facility] h2 a")
        assert card is not None
        detail = self.texts(hr, str(card["href"]), "en")
        assert "Holds 1 person" in detail and "Booked slots in the next 14 days" in detail
        assert "可容纳 1 人" in self.texts(hr, str(card["href"]), "zh")
        assert self.share_facility(school, 30).status_code == 303
        assert self.share_teacher(school, "孙丽").status_code == 303
        en = self.texts(hr, "/resources/facilities", "en")
        assert {"2 facilities", "Holds 1 person", "Holds 30 people"} <= set(en)
        assert "2 teachers" in self.texts(hr, "/resources/teachers", "en")
        teacher = page(hr, "/resources/teachers").select_one("li[data-teacher] h2 a")
        assert teacher is not None
        assert "Booked times in the next 14 days" in self.texts(hr, str(teacher["href"]), "en")


class TestListedTwice:
    """A person or partner listed twice: the reason beside the field, in the page's
    language (not the vague "请检查此项。")."""

    def test_a_person_twice_in_the_results(self, sign_in: SignIn, store: GraphStore) -> None:
        staff = sign_in(STAFF)
        held = (date.fromisoformat(today()) - timedelta(days=2)).isoformat()
        url = (
            submit(
                staff,
                "/resources/competitions",
                {"name_zh": "沈阳市钳工大赛", "level": "city", "held_on": held},
                "/resources/competitions",
            )
            .headers["location"]
            .split("?")[0]
        )
        twice = {"results": "person-wang-lei 1\nperson-wang-lei 2"}
        for lang, reason in [
            ("zh", "person-wang-lei 重复了：每人只能有一项成绩。"),
            ("en", "person-wang-lei is listed twice: give each person one result."),
        ]:
            r = submit(staff, f"{url}/results?lang={lang}", twice, url)
            assert r.status_code == 422
            assert text(soup(r.text).select_one('[data-error-for="results"]')) == reason
        assert store.query(COMPETED)[0]["n"] == 0

    def test_a_partner_twice_in_a_project(self, sign_in: SignIn) -> None:
        school = sign_in(SCHOOL_USER)
        body = {
            "name_zh": "焊接机器人订单班",
            "kind": "local",
            "goals": "定向培养焊接机器人操作工。",
            "partners": [f"Firm:{FIRM}", f"Firm:{FIRM}"],
        }
        for lang, reason in [
            ("zh", f"合作方 {FIRM} 重复了。"),
            ("en", f"{FIRM} is listed twice as a partner."),
        ]:
            r = submit(school, f"/resources/projects?lang={lang}", body, "/resources/projects")
            assert r.status_code == 422
            assert text(soup(r.text).select_one('[data-error-for="partners"]')) == reason


class TestLanguages:
    @pytest.mark.parametrize("lang", ["zh", "en"])
    def test_detail_pages_in_the_users_language(
        self, sign_in: SignIn, facility: str, lang: str
    ) -> None:
        school, hr, staff = sign_in(SCHOOL_USER), sign_in(HR), sign_in(STAFF)
        submit(
            school,
            "/resources/teachers",
            {
                "name": "孙丽",
                "expertise": "arc_welding",
                "slot_day_0": "1",
                "slot_start_0": "09:00",
                "slot_end_0": "12:00",
            },
            "/resources/teachers",
        )
        card = page(hr, "/resources/teachers").select_one("li[data-teacher]")
        assert card is not None
        held = (date.fromisoformat(today()) - timedelta(days=1)).isoformat()
        comp = (
            submit(
                staff,
                "/resources/competitions",
                {"name_zh": "沈阳市数控车工大赛", "level": "city", "held_on": held},
                "/resources/competitions",
            )
            .headers["location"]
            .split("?")[0]
        )
        submit(staff, f"{comp}/results", {"results": "person-wang-lei 2"}, comp)
        proj = (
            submit(
                school,
                "/resources/projects",
                {
                    "name_zh": "中德双元制合作",
                    "kind": "international",
                    "goals": "引进双元制课程。",
                    "partners": f"Firm:{FIRM}",
                },
                "/resources/projects",
            )
            .headers["location"]
            .split("?")[0]
        )
        pages = [
            f"/resources/facilities/{facility}",
            f"/resources/teachers/{card['data-teacher']}",
            comp,
            proj,
            "/resources/competitions",
            "/resources/projects",
        ]
        for client in (hr, school, staff, sign_in(STUDENT)):
            for url in pages:
                got = page(client, url, lang=lang)
                assert not untranslated(got, lang), (url, untranslated(got, lang))
