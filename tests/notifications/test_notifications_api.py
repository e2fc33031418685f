"""Notifications through the API, on both stores: who hears of what (in the
app and by e-mail), bilingual texts, marking read, and that a user sees and
marks only their own."""

from __future__ import annotations

from typing import Any

from backend.notifications.mail import Mail
from tests.vacancies.world import (
    HR,
    HR2,
    HR_RUIFENG,
    STUDENT,
    TEACHER,
    TEACHER_SYLU,
    WORKER,
    World,
    placement_body,
)

INTERVIEW = {
    "status": "interview",
    "interview_at": "2099-01-12T14:30:00",
    "interview_place": "沈阳市浑南区创新路 9 号 3 号楼 201 室",
}


def _apply(world: World, email: str, vacancy_id: str) -> str:
    r = world.as_(email).post(f"/api/vacancies/{vacancy_id}/applications")
    assert r.status_code == 201, r.text
    app_id: str = r.json()["id"]
    return app_id


def _move(world: World, app_id: str, body: dict[str, Any]) -> None:
    r = world.as_(HR).post(f"/api/applications/{app_id}/status", json=body)
    assert r.status_code == 200, r.text


def _mine(world: World, email: str, query: str = "") -> dict[str, Any]:
    r = world.as_(email).get(f"/api/notifications{query}")
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


class TestWhoHears:
    def test_every_hr_user_of_the_firm_hears_of_a_new_applicant(self, world: World) -> None:
        v = world.post_vacancy()
        app_id = _apply(world, WORKER, v["id"])
        for email in (HR, HR2):
            page = _mine(world, email)
            assert page["total"] == 1 and page["unread"] == 1
            note = page["items"][0]
            assert note["kind"] == "applied" and note["read"] is False
            assert "焊接机器人操作工" in note["text_zh"]
            assert "Robotic welding operator" in note["text_en"]
            assert note["link"] == f"/api/applications/{app_id}"
        assert _mine(world, HR_RUIFENG)["total"] == 0
        assert _mine(world, WORKER)["total"] == 0
        mailed = sorted(m["to"] for m in world.mails())
        assert mailed == sorted([HR, HR2])

    def test_the_applicant_hears_when_shortlisted_invited_and_offered(self, world: World) -> None:
        v = world.post_vacancy()
        app_id = _apply(world, WORKER, v["id"])
        _move(world, app_id, {"status": "shortlisted"})
        _move(world, app_id, INTERVIEW)
        _move(world, app_id, {"status": "offer"})
        page = _mine(world, WORKER)
        assert [n["kind"] for n in page["items"]] == ["offer", "interview", "shortlisted"]
        invite = page["items"][1]
        assert "2099-01-12 14:30" in invite["text_zh"] and "创新路 9 号" in invite["text_zh"]
        assert "2099-01-12 14:30" in invite["text_en"] and "interview" in invite["text_en"]
        to_worker = [m for m in world.mails() if m["to"] == WORKER]
        assert len(to_worker) == 3
        assert "创新路 9 号" in to_worker[1]["body"] and "invited" in to_worker[1]["body"]

    def test_a_rejection_is_not_announced(self, world: World) -> None:
        v = world.post_vacancy()
        app_id = _apply(world, WORKER, v["id"])
        _move(world, app_id, {"status": "rejected"})
        assert _mine(world, WORKER)["total"] == 0

    def test_the_school_hears_of_a_placement_to_approve(self, world: World) -> None:
        v = world.post_vacancy(placement_body())
        _apply(world, STUDENT, v["id"])
        page = _mine(world, TEACHER)
        assert [n["kind"] for n in page["items"]] == ["approval_needed"]
        assert _mine(world, TEACHER_SYLU)["total"] == 0


class TestReading:
    def test_mark_one_then_all_read(self, world: World) -> None:
        v1 = world.post_vacancy()
        v2 = world.post_vacancy()
        _apply(world, WORKER, v1["id"])
        _apply(world, STUDENT, v2["id"])
        first, second = _mine(world, HR)["items"]
        r = world.as_(HR).post(f"/api/notifications/{first['id']}/read")
        assert r.status_code == 200 and r.json()["read"] is True
        page = _mine(world, HR, "?unread=true")
        assert [n["id"] for n in page["items"]] == [second["id"]]
        assert page["unread"] == 1
        r = world.as_(HR).post("/api/notifications/read-all")
        assert r.json() == {"marked": 1}
        assert _mine(world, HR)["unread"] == 0
        # HR2's copies are their own and still unread
        assert _mine(world, HR2)["unread"] == 2

    def test_pages(self, world: World) -> None:
        for _ in range(3):
            _apply(world, WORKER, world.post_vacancy()["id"])
        page = _mine(world, HR, "?limit=2&skip=2")
        assert (page["total"], page["skip"], page["limit"], len(page["items"])) == (3, 2, 2, 1)
        assert world.as_(HR).get("/api/notifications?limit=201").status_code == 422

    def test_a_stranger_can_neither_read_nor_mark_anothers_notification(self, world: World) -> None:
        _apply(world, WORKER, world.post_vacancy()["id"])
        note = _mine(world, HR)["items"][0]
        for email in (HR_RUIFENG, WORKER, HR2):
            r = world.as_(email).post(f"/api/notifications/{note['id']}/read")
            assert r.status_code == 404, email
            assert note["id"] not in {n["id"] for n in _mine(world, email)["items"]}
        assert world.anonymous.get("/api/notifications").status_code == 401
        assert world.anonymous.post(f"/api/notifications/{note['id']}/read").status_code == 401
        assert _mine(world, HR)["items"][0]["read"] is False


class BrokenSender:
    def send(self, mail: Mail) -> None:
        raise ConnectionRefusedError("smtp.example.cn:25 refused the connection")


class TestDelivery:
    def test_a_failing_mail_sender_does_not_undo_the_change(self, world: World) -> None:
        world.app.state.sender = BrokenSender()
        v = world.post_vacancy()
        app_id = _apply(world, WORKER, v["id"])
        _move(world, app_id, {"status": "shortlisted"})
        assert _mine(world, WORKER)["items"][0]["kind"] == "shortlisted"
        got = world.as_(WORKER).get(f"/api/applications/{app_id}").json()
        assert got["status"] == "shortlisted"
