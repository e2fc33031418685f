"""Every role's pages, driven like a browser would (forms, redirects, the session
cookie and the CSRF field), parsed as HTML and asserted on elements."""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup
from fastapi import FastAPI
from fastapi.testclient import TestClient

from matching.taxonomy import Taxonomy
from tests.helpers import add_node
from tests.web.conftest import SignIn, csrf_of, soup
from tests.web.world import (
    COURSE,
    FIRM,
    HR,
    LATHE_JOB,
    PARK_USER,
    PENDING_FIRM,
    PLACEMENT,
    SCHOOL_USER,
    STAFF,
    STUDENT,
    WORKER_ID,
)


def post(client: TestClient, url: str, data: dict[str, Any] | None = None) -> Any:
    """Submit a form as a page would: with the session's CSRF token in the form."""
    token = csrf_of(soup(client.get("/notifications").text))
    return client.post(url, data={"csrf_token": token, **(data or {})})


def page(client: TestClient, url: str) -> BeautifulSoup:
    r = client.get(url)
    assert r.status_code == 200, (url, r.status_code, r.text[:500])
    return soup(r.text)


def add_skills(client: TestClient, *phrases: str) -> None:
    for phrase in phrases:
        r = post(client, "/my/skills", {"skill": phrase, "level": "3"})
        assert r.status_code == 303, r.text


class TestSigningIn:
    def test_a_visitor_is_sent_to_sign_in_and_back(self, app: FastAPI) -> None:
        client = TestClient(app, follow_redirects=False)
        r = client.get("/my/jobs?kind=placement")
        assert r.status_code == 303
        assert r.headers["location"] == "/signin?next=%2Fmy%2Fjobs%3Fkind%3Dplacement"
        form = soup(client.get(r.headers["location"]).text)
        assert form.select_one('input[name="next"]')["value"] == "/my/jobs?kind=placement"  # type: ignore[index]
        r = client.post(
            "/signin",
            data={
                "email": STUDENT,
                "password": "沈阳-test-password-2026",
                "next": "/my/jobs?kind=placement",
            },
        )
        assert r.status_code == 303 and r.headers["location"] == "/my/jobs?kind=placement"

    def test_wrong_password_keeps_the_email_and_says_so_in_chinese(self, app: FastAPI) -> None:
        client = TestClient(app)
        r = client.post("/signin", data={"email": STUDENT, "password": "wrong-password-1"})
        assert r.status_code == 422
        page_ = soup(r.text)
        assert page_.select_one('input[name="email"]')["value"] == STUDENT  # type: ignore[index]
        assert page_.select_one('input[name="password"]')["value"] == ""  # type: ignore[index]
        assert page_.select_one("p.error").get_text() == "邮箱或密码错误"  # type: ignore[union-attr]

    def test_never_redirects_off_the_site(self, app: FastAPI) -> None:
        client = TestClient(app, follow_redirects=False)
        r = client.post(
            "/signin",
            data={
                "email": STUDENT,
                "password": "沈阳-test-password-2026",
                "next": "//evil.example/",
            },
        )
        assert r.headers["location"] == "/my/jobs"

    def test_each_role_lands_on_its_own_start_page(self, sign_in: SignIn) -> None:
        homes = {
            STUDENT: "/my/jobs",
            HR: "/firm",
            SCHOOL_USER: "/school",
            PARK_USER: "/park",
            STAFF: "/staff",
        }
        for email, home in homes.items():
            client = sign_in(email)
            assert client.get("/signin").status_code == 200
            r = client.post("/signin", data={"email": email, "password": "沈阳-test-password-2026"})
            assert r.headers["location"] == home
            nav = [a["href"] for a in page(client, home).select("nav.main a")]
            assert home in nav

    def test_a_page_of_another_role_is_refused_in_the_users_language(self, sign_in: SignIn) -> None:
        client = sign_in(STUDENT)
        r = client.get("/firm")
        assert r.status_code == 403
        assert soup(r.text).select_one("p.error").get_text() == "此页面仅供企业账号使用"  # type: ignore[union-attr]
        r = client.get("/firm?lang=en")
        assert soup(r.text).select_one("p.error").get_text() == "this page is for company accounts"  # type: ignore[union-attr]

    def test_a_form_without_the_csrf_token_is_refused(self, sign_in: SignIn) -> None:
        client = sign_in(STUDENT)
        r = client.post("/my/skills", data={"skill": "氩弧焊"})
        assert r.status_code == 403
        assert "CSRF" in soup(r.text).select_one("p.error").get_text()  # type: ignore[union-attr]
        assert not page(client, "/my/profile").select("ul.skills li")


class TestSignUp:
    def test_a_student_signs_up_with_their_school_and_is_signed_in(self, app: FastAPI) -> None:
        client = TestClient(app, follow_redirects=False)
        form = soup(client.get("/signup").text)
        schools = [o["value"] for o in form.select('select[name="school_id"] option')]
        assert "school-lnemvc" in schools
        r = client.post(
            "/signup",
            data={
                "role": "person",
                "display_name": "赵雪",
                "email": "zhao.xue@alliance-demo.cn",
                "password": "冬天的沈阳-2026",
                "password2": "冬天的沈阳-2026",
                "person_role": "student",
                "school_id": "school-lnemvc",
                "agree": "on",
            },
        )
        assert r.status_code == 303 and r.headers["location"] == "/my/jobs?done=signed_up"
        jobs = soup(client.get(r.headers["location"]).text)
        assert jobs.select_one("p.notice").get_text() == "欢迎！您的账号已开通。"  # type: ignore[union-attr]
        # no skills yet: the empty state sends them to add some
        prompt = jobs.select_one(".empty a")
        assert prompt is not None and str(prompt["href"]).startswith("/my/profile")

    def test_mistakes_are_shown_beside_their_fields_and_values_kept(self, app: FastAPI) -> None:
        client = TestClient(app)
        r = client.post(
            "/signup",
            data={
                "role": "person",
                "display_name": "赵雪",
                "email": "not-an-email",
                "password": "short",
                "password2": "different",
            },
        )
        assert r.status_code == 422
        form = soup(r.text)
        errors = {e["data-error-for"]: e.get_text() for e in form.select("[data-error-for]")}
        assert errors["email"] == "请输入有效的邮箱地址。"
        assert errors["password2"] == "两次输入的密码不一致。"
        assert errors["agree"] == "请先同意隐私说明。"
        assert form.select_one('input[name="display_name"]')["value"] == "赵雪"  # type: ignore[index]
        assert form.select_one('input[name="password"]')["value"] == ""  # type: ignore[index]

    def test_a_company_account_waits_for_staff(self, app: FastAPI) -> None:
        client = TestClient(app, follow_redirects=False)
        r = client.post(
            "/signup?lang=en",
            data={
                "role": "company",
                "display_name": "Sun Hao",
                "email": "sun.hao@tiexi-precision-demo.cn",
                "password": "machinery-2026-sy",
                "password2": "machinery-2026-sy",
                "uscc": "91210106MAC8B3KX2Q",
                "agree": "on",
            },
        )
        assert r.status_code == 303 and r.headers["location"] == "/?done=signed_up_pending"
        assert client.get("/firm").status_code == 403


class TestStudent:
    def test_skills_in_everyday_words_are_added_from_the_taxonomy(self, sign_in: SignIn) -> None:
        client = sign_in(STUDENT)
        add_skills(client, "会焊接机器人", "电焊")
        skills = {li["data-skill"] for li in page(client, "/my/profile").select("ul.skills li")}
        assert skills == {"robot_welding", "arc_welding"}

    def test_a_skill_not_found_keeps_the_words_and_explains(self, sign_in: SignIn) -> None:
        client = sign_in(STUDENT)
        r = post(client, "/my/skills", {"skill": "zzqqxx", "level": "3"})
        assert r.status_code == 422
        form = soup(r.text)
        assert form.select_one('input[name="skill"]')["value"] == "zzqqxx"  # type: ignore[index]
        error = form.select_one('[data-error-for="skill"]').get_text()  # type: ignore[union-attr]
        assert "zzqqxx" in error and "技能库" in error

    def test_suggestions_as_you_type(self, sign_in: SignIn) -> None:
        client = sign_in(STUDENT)
        body = client.get("/api/skills/suggest", params={"q": "焊接机器"}).json()
        assert body["items"][0]["id"] == "robot_welding"
        assert {i["id"] for i in body["items"]} <= {
            "robot_welding",
            "arc_welding",
            "tig_welding",
            "industrial_robot_operation",
            "industrial_robot_programming",
            "cnc_lathe_operation",
            "cnc_programming",
            "plc_programming",
            "engineering_drawing_reading",
        }

    def test_english_suggestions_put_skills_with_english_names_first(
        self, sign_in: SignIn, app: FastAPI, taxonomy: Taxonomy
    ) -> None:
        """Most task-derived skills have only their Chinese line: an English page
        would insert Chinese into the box if they came first."""
        store = app.state.store
        derived = "csco.6-14-02-00.12"  # a welding task line, no English name
        assert not taxonomy.skills[derived].en
        for sid in (derived, "pipe_welding", "pressure_vessel_fabrication"):
            s = taxonomy.skills[sid]
            add_node(store, "Skill", {"id": sid, "zh": s.zh, "en": s.en})
        client = sign_in(STUDENT)

        def ids(lang: str) -> list[str]:
            q = {"q": "焊接机器", "lang": lang}
            return [i["id"] for i in client.get("/api/skills/suggest", params=q).json()["items"]]

        zh, en = ids("zh"), ids("en")
        assert sorted(zh) == sorted(en) and derived in zh
        assert zh.index(derived) < zh.index("pipe_welding")  # confidence order
        assert en[-1] == derived  # after every skill with an English name
        assert [i for i in en if i != derived] == [i for i in zh if i != derived]
        assert (
            client.get("/api/skills/suggest", params={"q": "焊", "lang": "fr"}).status_code == 422
        )

    def test_recommendations_show_reasons_and_what_students_choose_by(
        self, sign_in: SignIn
    ) -> None:
        client = sign_in(STUDENT)
        add_skills(client, "会焊接机器人")
        jobs = page(client, "/my/jobs")
        first = jobs.select_one("li.rec")
        assert first is not None and first["data-vacancy"] == PLACEMENT
        assert [li["data-skill"] for li in first.select("li.matched")] == ["robot_welding"]
        # arc welding is close to robotic welding: counted as related, not missing
        assert [li["data-skill"] for li in first.select("li.related")] == ["arc_welding"]
        # the fit is bounded and its reasons are its parts, point for point
        fit = int(first.select_one("[data-fit]")["data-fit"])  # type: ignore[index]
        points = [int(li["data-points"]) for li in first.select("li[data-points]")]
        assert 0 < fit <= 100 and sum(points) == fit
        # the lathe job shares no skill and no occupation with a welder: not padded in
        assert jobs.select_one(f'li.rec[data-vacancy="{LATHE_JOB}"]') is None
        add_skills(client, "数控车床")
        lathe = page(client, "/my/jobs").select_one(f'li.rec[data-vacancy="{LATHE_JOB}"]')
        assert lathe is not None
        assert [li["data-skill"] for li in lathe.select("li.matched")] == ["cnc_lathe_operation"]
        assert [li["data-skill"] for li in lathe.select("li.related")] == ["cnc_programming"]
        assert lathe.select_one(".missing") is None  # nothing left to learn, so no gap link
        # skills are named in the page's language only
        en = page(client, "/my/jobs?lang=en").select_one(f'li.rec[data-vacancy="{PLACEMENT}"]')
        have = en.select_one('li.matched[data-skill="robot_welding"]').get_text()  # type: ignore[union-attr]
        assert "Robotic welding" in have and "焊接机器人" not in have and "/" not in have
        zh = first.select_one('li.matched[data-skill="robot_welding"]').get_text()  # type: ignore[union-attr]
        assert "焊接机器人" in zh and "Robotic welding" not in zh
        facts = {li["data-fact"]: li.get_text(" ", strip=True) for li in first.select(".facts li")}
        assert facts["pay"].startswith("¥2,400–3,000")
        assert facts["shifts"] == "白班"
        assert facts["accommodation"] == "提供住宿"
        assert facts["closing"].endswith("2099-06-30")
        placements_only = page(client, "/my/jobs?kind=job")
        assert PLACEMENT not in {li["data-vacancy"] for li in placements_only.select("li.rec")}

    def test_apply_then_see_it_with_the_school_approval_pending(self, sign_in: SignIn) -> None:
        client = sign_in(STUDENT)
        add_skills(client, "会焊接机器人")
        r = post(client, f"/vacancies/{PLACEMENT}/apply")
        assert r.status_code == 303 and r.headers["location"] == "/my/applications?done=applied"
        apps = page(client, r.headers["location"])
        card = apps.select_one("li.application")
        assert card is not None and card["data-status"] == "applied"
        assert card.select_one(".supervision") is not None
        assert apps.select_one("p.notice").get_text() == "申请已提交，企业已收到通知。"  # type: ignore[union-attr]
        # applying twice is refused with the service's message
        again = post(client, f"/vacancies/{PLACEMENT}/apply")
        assert again.status_code == 409
        # the jobs page now shows the status instead of the button
        rec = page(client, "/my/jobs").select_one(f'li.rec[data-vacancy="{PLACEMENT}"]')
        assert rec is not None and rec.select_one("[data-status]")["data-status"] == "applied"  # type: ignore[index]

    def test_courses_that_close_the_gap_and_enrolling(self, sign_in: SignIn) -> None:
        client = sign_in(STUDENT)
        plan = page(client, f"/my/courses?vacancy={PLACEMENT}")
        gap = {t["data-skill"] for t in plan.select("[data-plan] > p:first-of-type .tag")}
        assert gap == {"robot_welding", "arc_welding"}
        en = page(client, f"/my/courses?vacancy={PLACEMENT}&lang=en")
        tag = en.select_one('[data-plan] .tag[data-skill="robot_welding"]')
        assert tag is not None and tag.get_text() == "Robotic welding"
        page(client, "/my/courses?lang=zh")  # the language sticks: back to Chinese
        assert [c["data-course"] for c in plan.select("[data-plan] li[data-course]")] == [COURSE]
        r = post(client, f"/courses/{COURSE}/enrol")
        assert r.status_code == 303
        mine = page(client, "/my/courses")
        assert [tr["data-course"] for tr in mine.select("table.list tr[data-course]")] == [COURSE]
        course = page(client, f"/courses/{COURSE}")
        assert course.select_one('[data-fact="seats"]').get_text() == "共 30 个名额，剩余 29 个"  # type: ignore[union-attr]

    def test_profile_errors_keep_values(self, sign_in: SignIn) -> None:
        client = sign_in(STUDENT)
        r = post(client, "/my/profile", {"name": "王磊", "phone": "call me", "summary": "想做焊接"})
        assert r.status_code == 422
        form = soup(r.text)
        assert form.select_one('[data-error-for="phone"]').get_text() == "格式不正确。"  # type: ignore[union-attr]
        assert form.select_one('textarea[name="summary"]').get_text() == "想做焊接"  # type: ignore[union-attr]
        r = post(
            client, "/my/profile", {"name": "王磊", "phone": "024-2345 6789", "district": "铁西区"}
        )
        assert r.status_code == 303
        saved = page(client, "/my/profile")
        assert saved.select_one('input[name="district"]')["value"] == "铁西区"  # type: ignore[index]

    def test_employment_history(self, sign_in: SignIn) -> None:
        client = sign_in(STUDENT)
        r = post(
            client,
            "/my/employment",
            {
                "firm_id": FIRM,
                "post": "焊装车间学徒",
                "from_date": "2025-07-01",
                "to_date": "2025-08-31",
            },
        )
        assert r.status_code == 303
        history = page(client, "/my/profile").select_one("#employment ul.history")
        assert history is not None and "焊装车间学徒" in history.get_text()

    def test_consent_and_erasure(self, sign_in: SignIn, app: FastAPI) -> None:
        client = sign_in(STUDENT)
        r = post(client, "/my/consent", {"visible_to_employers": "on"})
        assert r.status_code == 303
        data = page(client, "/my/data")
        assert data.select_one('input[name="visible_to_employers"]').has_attr("checked")  # type: ignore[union-attr]
        assert not data.select_one('input[name="recommendations_enabled"]').has_attr("checked")  # type: ignore[union-attr]
        assert data.select_one(".empty") is not None  # nobody has looked
        off = page(client, "/my/jobs")
        assert off.select_one(".empty a")["href"] == "/my/data"  # type: ignore[index]
        refused = post(client, "/my/erase", {})
        assert refused.status_code == 422
        r = post(client, "/my/erase", {"confirm": "on"})
        assert r.status_code == 303
        fresh = TestClient(app)
        assert (
            fresh.post(
                "/signin", data={"email": STUDENT, "password": "沈阳-test-password-2026"}
            ).status_code
            == 422
        )


class TestCompany:
    def test_post_a_vacancy_coded_to_an_occupation(self, sign_in: SignIn) -> None:
        client = sign_in(HR)
        suggest = client.get(
            "/api/occupations/suggest", params={"title": "焊接机器人操作工"}
        ).json()
        assert suggest["items"][0]["id"] == "6-31-07-03"
        r = post(
            client,
            "/firm/vacancies/new",
            {
                "title": "焊接机器人操作工",
                "kind": "job",
                "pay_min": "6500",
                "pay_max": "8000",
                "pay_unit": "month",
                "shifts": "two_shifts",
                "places": "2",
                "start_date": "2099-03-01",
                "closing_date": "2099-01-31",
                "skills": "焊接机器人, 看得懂图纸",
                "accommodation": "on",
            },
        )
        assert r.status_code == 303, r.text
        vacancy = page(client, r.headers["location"])
        assert vacancy.select_one("[data-occupation]")["data-occupation"] == "6-31-07-03"  # type: ignore[index]
        facts = {li["data-fact"] for li in vacancy.select(".facts li")}
        assert {"pay", "shifts", "accommodation", "start", "closing", "places"} <= facts
        # a visible worker with the skill is ranked as a candidate, with reasons
        cand = vacancy.select_one("li.candidate")
        assert cand is not None and cand["data-person"] == WORKER_ID
        assert cand.select("li.matched")

    def test_a_bad_vacancy_form_keeps_every_value(self, sign_in: SignIn) -> None:
        client = sign_in(HR)
        r = post(
            client,
            "/firm/vacancies/new?lang=en",
            {
                "title": "数控车工",
                "kind": "placement",
                "pay_min": "9000",
                "pay_max": "6000",
                "places": "0",
                "start_date": "2099-03-01",
                "closing_date": "2099-01-31",
                "skills": "数控车床, zzqqxx",
            },
        )
        assert r.status_code == 422
        form = soup(r.text)
        errors = {e["data-error-for"]: e.get_text() for e in form.select("[data-error-for]")}
        assert errors["places"] == "Must be at least 1."
        assert errors["skills"] == "No skill found for: zzqqxx"
        assert form.select_one('input[name="title"]')["value"] == "数控车工"  # type: ignore[index]
        assert form.select_one('input[name="skills"]')["value"] == "数控车床, zzqqxx"  # type: ignore[index]
        assert form.select_one('select[name="kind"] option[selected]')["value"] == "placement"  # type: ignore[index]
        # the occupation was coded from the title and is offered for editing
        coded = form.select_one('select[name="occupation_id"] option[selected]')
        assert coded is not None and coded["value"] == "6-18-01-01"

    def test_pipeline_shortlist_interview_and_the_student_is_told(self, sign_in: SignIn) -> None:
        student = sign_in(STUDENT)
        add_skills(student, "会焊接机器人")
        post(student, f"/vacancies/{PLACEMENT}/apply")
        hr = sign_in(HR)
        ours = page(hr, "/firm")
        assert {li["data-vacancy"] for li in ours.select("li[data-vacancy]")} == {
            PLACEMENT,
            LATHE_JOB,
        }
        pipeline = page(hr, f"/firm/vacancies/{PLACEMENT}")
        card = pipeline.select_one("li.application")
        assert card is not None and card["data-status"] == "applied"
        app_id = card["data-application"]
        r = post(
            hr,
            f"/firm/applications/{app_id}/status",
            {
                "status": "shortlisted",
                "next": f"/firm/vacancies/{PLACEMENT}",
                "vacancy_id": PLACEMENT,
            },
        )
        assert r.status_code == 303
        # an interview without a place is refused, in the page, values kept
        bad = post(
            hr,
            f"/firm/applications/{app_id}/status",
            {
                "status": "interview",
                "interview_at": "2099-01-12T14:30",
                "next": f"/firm/vacancies/{PLACEMENT}",
                "vacancy_id": PLACEMENT,
            },
        )
        assert bad.status_code == 422
        again = soup(bad.text)
        card = again.select_one(f'[data-application="{app_id}"]')
        assert card is not None
        place = card.select_one('[data-error-for="interview_place"]')
        assert place is not None and place.get_text() == "请填写面试地点。"  # beside the field
        assert again.select_one('input[name="interview_at"]')["value"] == "2099-01-12T14:30"  # type: ignore[index]
        ok = post(
            hr,
            f"/firm/applications/{app_id}/status",
            {
                "status": "interview",
                "interview_at": "2099-01-12T14:30",
                "interview_place": "沈阳市浑南区创新路 9 号 3 号楼 201 室",
                "next": "/firm/applications",
            },
        )
        assert ok.status_code == 303
        stage = page(hr, "/firm/applications").select_one('[data-stage="interview"]')
        assert stage is not None and stage.select_one(f'[data-application="{app_id}"]')
        mine = page(student, "/my/applications")
        assert "2099-01-12 14:30" in mine.select_one("[data-interview]").get_text()  # type: ignore[union-attr]
        kinds = [
            li["data-kind"] for li in page(student, "/notifications").select("li.notification")
        ]
        assert kinds[:2] == ["interview", "shortlisted"]

    def test_training_needs_and_hr_users(self, sign_in: SignIn) -> None:
        hr = sign_in(HR)
        r = post(
            hr,
            "/firm/needs",
            {
                "title": "数控车床操作与编程培训（12人）",
                "skills": "数控车床, 数控编程",
                "seats": "12",
                "deadline": "2099-05-31",
            },
        )
        assert r.status_code == 303
        needs = page(hr, "/firm/needs")
        assert len(needs.select("li[data-need]")) == 2  # the world's need and this one
        users = page(hr, "/firm/users")
        assert [td.get_text() for td in users.select("tr[data-user] td:nth-of-type(2)")] == [HR]


class TestSchool:
    def test_publish_a_course_and_record_a_completion(self, sign_in: SignIn) -> None:
        school = sign_in(SCHOOL_USER)
        r = post(
            school,
            "/school/courses/new",
            {
                "title_zh": "数控车床操作（中级）",
                "hours": "48",
                "seats": "2",
                "start_date": "2099-03-06",
                "end_date": "2099-04-24",
                "cost": "1680",
                "subsidy": "1200",
                "mode": "in_person",
                "shared": "on",
                "skills": "数控车床",
                "level": "3",
            },
        )
        assert r.status_code == 303, r.text
        course_id = r.headers["location"].split("/")[3].split("?")[0]
        student = sign_in(STUDENT)
        assert post(student, f"/courses/{course_id}/enrol").status_code == 303
        roll = page(school, f"/school/courses/{course_id}")
        assert [tr["data-person"] for tr in roll.select("tr[data-person]")] == ["person-wang-lei"]
        r = post(school, f"/school/courses/{course_id}/complete/person-wang-lei")
        assert r.status_code == 303
        skills = {li["data-skill"] for li in page(student, "/my/profile").select("ul.skills li")}
        assert "cnc_lathe_operation" in skills

    def test_shared_courses_are_marked_and_can_be_picked_out(self, sign_in: SignIn) -> None:
        school = sign_in(SCHOOL_USER)
        r = post(
            school,
            "/school/courses/new",
            {
                "title_zh": "本校学生专用：钳工基础",
                "hours": "32",
                "seats": "20",
                "start_date": "2099-03-06",
                "end_date": "2099-04-24",
                "cost": "900",
                "mode": "in_person",
                "skills": "数控车床",
                "level": "3",
            },
        )
        assert r.status_code == 303, r.text
        own = r.headers["location"].split("/")[3].split("?")[0]
        everyone = page(sign_in(STUDENT), "/courses")
        marks = {
            str(li["data-course"]): li.select_one("[data-shared]")["data-shared"]  # type: ignore[index]
            for li in everyone.select("li[data-course]")
        }
        assert marks[COURSE] == "yes" and marks[own] == "no"
        shared = page(sign_in(STUDENT), "/courses?shared=1")
        listed = {str(li["data-course"]) for li in shared.select("li[data-course]")}
        assert COURSE in listed and own not in listed

    def test_answer_a_training_need_with_our_course(self, sign_in: SignIn) -> None:
        hr = sign_in(HR)
        post(
            hr,
            "/firm/needs",
            {
                "title": "焊接机器人培训",
                "skills": "焊接机器人",
                "seats": "8",
                "deadline": "2099-05-31",
            },
        )
        school = sign_in(SCHOOL_USER)
        needs = page(school, "/school/needs")
        need = needs.select_one("li[data-need]")
        assert need is not None
        r = post(school, f"/school/needs/{need['data-need']}/answer", {"course_id": COURSE})
        assert r.status_code == 303
        answers = page(hr, "/firm/needs").select("[data-answer]")
        assert [a["data-answer"] for a in answers] == [COURSE]

    def test_approve_a_students_placement(self, sign_in: SignIn) -> None:
        student = sign_in(STUDENT)
        post(student, f"/vacancies/{PLACEMENT}/apply")
        school = sign_in(SCHOOL_USER)
        placements = page(school, "/school/placements")
        assert placements.select_one("[data-waiting]")["data-waiting"] == "1"  # type: ignore[index]
        app_id = placements.select_one("li[data-application]")["data-application"]  # type: ignore[index]
        r = post(
            school,
            f"/school/applications/{app_id}/approval",
            {"approved": "yes", "note": "指导教师：刘强"},
        )
        assert r.status_code == 303
        waiting = page(school, "/school/placements").select_one("[data-waiting]")
        assert waiting is not None and waiting["data-waiting"] == "0"
        assert page(student, "/my/applications").select_one("[data-approved]") is not None
        glance = page(school, "/school")
        assert glance.select_one('[data-count="employment-rate"]').get_text() == "–"  # type: ignore[union-attr]


class TestParkAndStaff:
    def test_park_sees_its_firms_and_vacancies(self, sign_in: SignIn) -> None:
        park = sign_in(PARK_USER)
        home = page(park, "/park")
        assert [tr["data-firm"] for tr in home.select("tr[data-firm]")] == [FIRM]
        assert home.select_one('[data-count="open-vacancies"]').get_text() == "2"  # type: ignore[union-attr]
        vacancies = page(park, "/vacancies")
        assert vacancies.select_one("[data-total]")["data-total"] == "2"  # type: ignore[index]

    def test_staff_counts_change_when_a_placement_is_filled(self, sign_in: SignIn) -> None:
        staff = sign_in(STAFF)
        before = page(staff, "/staff")
        assert before.select_one('[data-count="placements-filled"]').get_text() == "0"  # type: ignore[union-attr]
        assert before.select_one('[data-applications="applied"]').get_text() == "0"  # type: ignore[union-attr]
        student = sign_in(STUDENT)
        post(student, f"/vacancies/{PLACEMENT}/apply")
        hr = sign_in(HR)
        app_id = page(hr, "/firm/applications").select_one("li.application")["data-application"]  # type: ignore[index]
        school = sign_in(SCHOOL_USER)
        post(school, f"/school/applications/{app_id}/approval", {"approved": "yes"})
        for step in ("shortlisted",):
            post(hr, f"/firm/applications/{app_id}/status", {"status": step})
        post(
            hr,
            f"/firm/applications/{app_id}/status",
            {
                "status": "interview",
                "interview_at": "2099-01-12T14:30",
                "interview_place": "3 号楼 201 室",
            },
        )
        post(hr, f"/firm/applications/{app_id}/status", {"status": "offer"})
        r = post(
            hr,
            f"/firm/applications/{app_id}/status",
            {
                "status": "hired",
                "start_date": "2099-09-01",
                "end_date": "2100-02-28",
                "terms": "每周五天；企业购买实习责任保险。",
            },
        )
        assert r.status_code == 303, r.text
        after = page(staff, "/staff")
        assert after.select_one('[data-count="placements-filled"]').get_text() == "1"  # type: ignore[union-attr]
        assert after.select_one('[data-applications="hired"]').get_text() == "1"  # type: ignore[union-attr]

    def test_staff_approve_a_firm(self, sign_in: SignIn) -> None:
        staff = sign_in(STAFF)
        members = page(staff, "/staff/members")
        assert [tr["data-member"] for tr in members.select("tr[data-member]")] == [PENDING_FIRM]
        r = post(staff, f"/staff/members/Firm/{PENDING_FIRM}/approve")
        assert r.status_code == 303
        assert not page(staff, "/staff/members").select("tr[data-member]")

    def test_staff_publish_and_withdraw_a_subsidy_policy(self, sign_in: SignIn) -> None:
        staff = sign_in(STAFF)
        bad = post(
            staff,
            "/staff/subsidies",
            {"name_zh": "", "kind": "training", "amount": "-5", "valid_from": "2024-08-17"},
        )
        assert bad.status_code == 422
        errors = {e["data-error-for"] for e in soup(bad.text).select("[data-error-for]")}
        assert errors == {"name_zh", "amount"}
        r = post(
            staff,
            "/staff/subsidies",
            {
                "name_zh": "沈阳市职业技能培训补贴",
                "kind": "training",
                "amount": "1500",
                "region": "沈阳市",
                "valid_from": "2024-08-17",
            },
        )
        assert r.status_code == 303
        public = page(TestClient(staff.app), "/subsidies")
        policy = public.select_one("li[data-policy]")
        assert policy is not None
        post(staff, f"/staff/subsidies/{policy['data-policy']}/withdraw")
        assert not page(TestClient(staff.app), "/subsidies").select("li[data-policy]")
