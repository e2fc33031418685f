"""Vacancies through the API, on both stores: a verified firm posts, edits and
closes its own; the public reads open ones with filters and pages; expired
vacancies never show as open; strangers are refused."""

from __future__ import annotations

from typing import Any

from tests.vacancies.world import (
    DINGSHENG,
    HR,
    HR2,
    HR_RUIFENG,
    HR_TAIHE,
    RUIFENG,
    STAFF,
    WELDER,
    WORKER,
    World,
    add_vacancy,
    in_days,
    placement_body,
    vacancy_body,
)


def _ids(page: dict[str, Any]) -> set[str]:
    return {v["id"] for v in page["items"]}


class TestPost:
    def test_a_verified_firm_posts_a_vacancy_with_skills_occupation_and_park(
        self, world: World
    ) -> None:
        v = world.post_vacancy()
        assert v["status"] == "open" and v["kind"] == "job"
        assert v["firm"]["id"] == DINGSHENG
        assert v["park"]["id"] == "park-hunnan"
        assert v["occupation"]["name_zh"] == "工业机器人系统操作员"
        assert [(s["id"], s["level"]) for s in v["skills"]] == [
            ("robot_welding", 3),
            ("tig_welding", 2),
        ]
        assert world.anonymous.get(f"/api/vacancies/{v['id']}").json() == v

    def test_anonymous_callers_must_sign_in(self, world: World) -> None:
        r = world.anonymous.post("/api/vacancies", json=vacancy_body())
        assert r.status_code == 401

    def test_people_and_unverified_firms_may_not_post(self, world: World) -> None:
        r = world.as_(WORKER).post("/api/vacancies", json=vacancy_body())
        assert r.status_code == 403
        r = world.as_(HR_TAIHE).post("/api/vacancies", json=vacancy_body())
        assert r.status_code == 403
        assert "verified" in r.json()["error"]["message"]
        assert r.json()["error"]["message_zh"]
        assert world.as_(STAFF).get("/api/vacancies").json()["total"] == 0

    def test_unknown_skill_is_named_and_nothing_is_created(self, world: World) -> None:
        body = vacancy_body(skills=[{"skill_id": "underwater_basket_weaving"}])
        r = world.as_(HR).post("/api/vacancies", json=body)
        assert r.status_code == 422
        assert "underwater_basket_weaving" in r.json()["error"]["message"]
        assert world.as_(STAFF).get("/api/vacancies").json()["total"] == 0

    def test_bad_bodies_are_refused_with_the_field_named(self, world: World) -> None:
        hr = world.as_(HR)
        cases = [
            (vacancy_body(status="closed"), "status"),  # no mass assignment
            (vacancy_body(pay_min=9000, pay_max=6000), "pay_max"),
            (vacancy_body(closing_date=in_days(-1)), "closing_date"),
            (vacancy_body(kind="internship"), "kind"),
            (vacancy_body(places=0), "places"),
            (vacancy_body(occupation_id="welder"), "occupation_id"),
            (placement_body(duration_months=None), "duration_months"),
        ]
        for body, word in cases:
            r = hr.post("/api/vacancies", json=body)
            assert r.status_code == 422, (word, r.text)
            assert r.json()["error"]["field"] == word, r.text
            assert r.json()["error"]["message_zh"]
        r = hr.post(
            "/api/vacancies", content=b"{not json", headers={"content-type": "application/json"}
        )
        assert r.status_code == 422
        assert world.as_(STAFF).get("/api/vacancies").json()["total"] == 0


class TestRead:
    def test_filters_and_pages(self, world: World) -> None:
        robot = world.post_vacancy()
        placement = world.post_vacancy(placement_body())
        welder = world.post_vacancy(
            vacancy_body(
                title="管道氩弧焊工",
                title_en="Pipe TIG welder",
                occupation_id=WELDER,
                skills=[{"skill_id": "tig_welding", "importance": 1.0, "level": 4}],
            ),
            email=HR_RUIFENG,
        )
        get = world.anonymous.get
        assert _ids(get("/api/vacancies").json()) == {robot["id"], placement["id"], welder["id"]}
        assert _ids(get("/api/vacancies?kind=placement").json()) == {placement["id"]}
        assert _ids(get("/api/vacancies?park=park-tiexi").json()) == {welder["id"]}
        assert _ids(get(f"/api/vacancies?firm={RUIFENG}").json()) == {welder["id"]}
        assert _ids(get(f"/api/vacancies?occupation={WELDER}").json()) == {welder["id"]}
        assert _ids(get("/api/vacancies?skill=tig_welding").json()) == {robot["id"], welder["id"]}
        assert _ids(get("/api/vacancies?q=氩弧焊").json()) == {welder["id"]}
        assert _ids(get("/api/vacancies?q=INTERN").json()) == {placement["id"]}
        page = get("/api/vacancies?limit=2&skip=2").json()
        assert (page["total"], page["skip"], page["limit"], len(page["items"])) == (3, 2, 2, 1)
        # newest first: the last posted leads the first page
        assert get("/api/vacancies?limit=1").json()["items"][0]["id"] == welder["id"]

    def test_bad_query_parameters_are_refused(self, world: World) -> None:
        get = world.anonymous.get
        for query, word in [
            ("limit=201", "limit"),
            ("skip=-1", "skip"),
            ("kind=internship", "kind"),
            ("status=deleted", "status"),
            ("occupation=welder", "occupation"),
            ("park=park%20hunnan'%20OR%201=1", "park"),
        ]:
            r = get(f"/api/vacancies?{query}")
            assert r.status_code == 422, query
            assert r.json()["error"]["field"] == word

    def test_an_expired_vacancy_never_shows_as_open(self, world: World) -> None:
        add_vacancy(world.store, "vac-expired", DINGSHENG, closing_date=in_days(-1))
        add_vacancy(world.store, "vac-today", DINGSHENG, closing_date=in_days(3))
        get = world.anonymous.get
        assert _ids(get("/api/vacancies").json()) == {"vac-today"}
        assert get("/api/vacancies/vac-expired").status_code == 404
        assert _ids(get("/api/vacancies?status=expired").json()) == set()
        own = world.as_(HR).get("/api/vacancies/vac-expired").json()
        assert own["status"] == "expired"
        assert _ids(world.as_(HR).get("/api/vacancies?status=expired").json()) == {"vac-expired"}
        assert _ids(world.as_(STAFF).get("/api/vacancies?status=open").json()) == {"vac-today"}

    def test_another_firm_sees_only_open_vacancies_of_others(self, world: World) -> None:
        add_vacancy(world.store, "vac-closed", DINGSHENG, status="closed")
        assert world.as_(HR_RUIFENG).get("/api/vacancies/vac-closed").status_code == 404
        assert world.as_(HR2).get("/api/vacancies/vac-closed").json()["status"] == "closed"


class TestEdit:
    def test_the_firm_edits_pay_and_replaces_skills(self, world: World) -> None:
        v = world.post_vacancy()
        r = world.as_(HR2).patch(
            f"/api/vacancies/{v['id']}",
            json={"pay_max": 10500, "skills": [{"skill_id": "plc_programming", "level": 2}]},
        )
        assert r.status_code == 200, r.text
        out = r.json()
        assert out["pay_max"] == 10500 and out["pay_min"] == 6500
        assert [s["id"] for s in out["skills"]] == ["plc_programming"]
        assert out["title"] == v["title"]

    def test_a_stranger_firm_is_refused_and_nothing_changes(self, world: World) -> None:
        v = world.post_vacancy()
        r = world.as_(HR_RUIFENG).patch(f"/api/vacancies/{v['id']}", json={"pay_max": 1})
        assert r.status_code == 403
        r = world.as_(WORKER).patch(f"/api/vacancies/{v['id']}", json={"pay_max": 1})
        assert r.status_code == 403
        assert world.anonymous.get(f"/api/vacancies/{v['id']}").json()["pay_max"] == 9000

    def test_a_stranger_cannot_learn_of_a_closed_vacancy(self, world: World) -> None:
        add_vacancy(world.store, "vac-closed", DINGSHENG, status="closed")
        r = world.as_(HR_RUIFENG).patch("/api/vacancies/vac-closed", json={"places": 5})
        assert r.status_code == 404

    def test_bad_updates_are_refused(self, world: World) -> None:
        v = world.post_vacancy()
        hr = world.as_(HR)
        for body, word in [
            ({}, "at least one"),
            ({"title": None}, "title"),
            ({"kind": "placement"}, "kind"),
            ({"pay_min": 12000}, "pay_max"),  # beside "pay to", as on the post form
            ({"closing_date": in_days(-3)}, "closing_date"),
            ({"skills": [{"skill_id": "tig_welding"}, {"skill_id": "tig_welding"}]}, "twice"),
        ]:
            r = hr.patch(f"/api/vacancies/{v['id']}", json=body)
            assert r.status_code == 422, (body, r.text)
            assert word in r.text
        assert world.anonymous.get(f"/api/vacancies/{v['id']}").json() == v


class TestClose:
    def test_the_firm_closes_its_vacancy_and_the_public_no_longer_sees_it(
        self, world: World
    ) -> None:
        v = world.post_vacancy()
        r = world.as_(HR).post(f"/api/vacancies/{v['id']}/close")
        assert r.status_code == 200 and r.json()["status"] == "closed"
        assert world.anonymous.get(f"/api/vacancies/{v['id']}").status_code == 404
        r = world.as_(HR).post(f"/api/vacancies/{v['id']}/close")
        assert r.status_code == 409
        r = world.as_(HR).patch(f"/api/vacancies/{v['id']}", json={"places": 9})
        assert r.status_code == 409

    def test_strangers_cannot_close_it(self, world: World) -> None:
        v = world.post_vacancy()
        assert world.as_(HR_RUIFENG).post(f"/api/vacancies/{v['id']}/close").status_code == 403
        assert world.as_(WORKER).post(f"/api/vacancies/{v['id']}/close").status_code == 403
        assert world.anonymous.post(f"/api/vacancies/{v['id']}/close").status_code == 401
        assert world.anonymous.get(f"/api/vacancies/{v['id']}").json()["status"] == "open"

    def test_staff_may_close_any_vacancy(self, world: World) -> None:
        v = world.post_vacancy()
        r = world.as_(STAFF).post(f"/api/vacancies/{v['id']}/close")
        assert r.status_code == 200 and r.json()["status"] == "closed"
