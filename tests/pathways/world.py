"""A small corner of the alliance for the pathways-in-the-graph tests: the skeleton,
two electromechanical occupations, the two ladders, a self-assessing firm and one
without rights, a training centre, titled engineers and a skilled worker, staff,
and their accounts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr

from backend.accounts.schemas import Principal
from backend.accounts.security import new_token, user_id_for
from backend.app import create_app
from backend.courses.access import today
from backend.deps import SESSION_COOKIE
from backend.graph.store import GraphStore
from backend.pathways.ladders import LABELS, SKILL_LEVELS, TITLE_LEVELS
from backend.settings import Settings
from seed.generate import skeleton
from seed.loader import load
from tests.helpers import add_node, add_user, link

ALLIANCE = "alliance-shenyang"
GOV = "gov-shenyang-hrss"
CENTRE = "centre-tiexi"
FIRM = "firm-smtcl"  # self-assessing (N8, G1)
OTHER_FIRM = "firm-xinsong"  # no self-assessment rights
ELECTRICIAN = "6-31-01-03"  # 电工, engineering / electromechanical
FITTER = "6-31-01-02"  # 机修钳工, same unit group

STAFF = "bangongshi@alliance-demo.cn"
FIRM_USER = "hr@smtcl-demo.cn"
OTHER_FIRM_USER = "hr@xinsong-demo.cn"
CENTRE_USER = "kefu@tiexi-centre-demo.cn"
ZHANG = "zhang.wei@alliance-demo.cn"  # 张伟: intermediate engineer, electrician at SMTCL
LI = "li.na@alliance-demo.cn"  # 李娜: intermediate worker, no title (N6 is for title holders)
CHEN = "chen.jie@alliance-demo.cn"  # 陈杰: assistant engineer at Xinsong
ZHANG_ID, LI_ID, CHEN_ID = "person-zhang-wei", "person-li-na", "person-chen-jie"

SETTINGS_KEY = "pathways-test-secret-key-2026"


def day(offset: int = 0) -> str:
    return (date.fromisoformat(today()) + timedelta(days=offset)).isoformat()


@dataclass
class World:
    app: FastAPI
    store: GraphStore
    _clients: dict[str, TestClient] = field(default_factory=dict)

    def client(self, email: str) -> TestClient:
        """A client with a session written straight into the store (signing in is
        slow on purpose and tested by the accounts suite)."""
        if email not in self._clients:
            session, csrf = new_token(), new_token()
            add_node(
                self.store,
                "Session",
                {
                    "id": session,
                    "user_id": user_id_for(email),
                    "csrf": csrf,
                    "created_at": "2026-11-01T09:00:00",
                    "expires_at": "2099-12-31T23:59:59",
                },
            )
            c = TestClient(self.app)
            c.cookies.set(SESSION_COOKIE, session)
            c.headers["x-csrf-token"] = csrf
            self._clients[email] = c
        return self._clients[email]


def person_principal(person_id: str) -> Principal:
    return Principal(
        user_id=f"user-{person_id}",
        email=f"{person_id}@alliance-demo.cn",
        role="person",
        display_name=person_id,
        status="active",
        lang="zh",
        session_id="",
        csrf="",
        person_id=person_id,
    )


def staff_principal() -> Principal:
    return Principal(
        user_id=user_id_for(STAFF),
        email=STAFF,
        role="staff",
        display_name="联盟办公室",
        status="active",
        lang="zh",
        session_id="",
        csrf="",
        org_id=GOV,
        org_kind="GovernmentBody",
        org_verified=True,
    )


def add_engineer(
    store: GraphStore,
    pid: str,
    name: str,
    *,
    firm: str = FIRM,
    title: str = "intermediate",
    title_on: str = "2019-07-01",
    since: str = "2015-07-01",
    occupation: str = ELECTRICIAN,
    degree_specialty: str | None = "electromechanical",
) -> None:
    """A titled engineer in the electromechanical specialty, working at ``firm``."""
    add_node(store, "Person", {"id": pid, "name": name, "role": "worker"})
    link(
        store,
        "WORKS_AT",
        ("Person", pid),
        ("Firm", firm),
        from_date=since,
        post="设备电气维护",
        occupation=occupation,
    )
    credential(
        store,
        pid,
        f"{pid}-title",
        kind="title",
        name=f"{LABELS[title]['zh']}（工程系列）",
        level=title,
        series="engineering",
        specialty="electromechanical",
        obtained=title_on,
        qualification=f"qual-title-{title}",
    )
    if degree_specialty:
        credential(
            store,
            pid,
            f"{pid}-degree",
            kind="degree",
            name="沈阳工业大学 电气工程及其自动化 学士学位",
            specialty=degree_specialty,
            obtained="2015-06-30",
        )


def credential(
    store: GraphStore,
    pid: str,
    cid: str,
    *,
    qualification: str | None = None,
    occupation: str | None = None,
    **props: Any,
) -> None:
    add_node(store, "Credential", {"id": cid, **props})
    link(store, "HOLDS", ("Person", pid), ("Credential", cid))
    if qualification:
        link(store, "AT_LEVEL", ("Credential", cid), ("Qualification", qualification))
    if occupation:
        link(store, "IN_OCCUPATION", ("Credential", cid), ("Occupation", occupation))


def build(store: GraphStore, tmp_path: Path) -> World:
    load(store, skeleton())
    for code, zh, en in (
        (ELECTRICIAN, "电工", "Electrician"),
        (FITTER, "机修钳工", "Maintenance fitter"),
    ):
        add_node(
            store,
            "Occupation",
            {"id": code, "name_zh": zh, "name_en": en, "unit_group": code[:7], "major_group": "6"},
        )
    for ladder, levels in (("title", TITLE_LEVELS), ("skill_level", SKILL_LEVELS)):
        for rank, level in enumerate(levels):
            add_node(
                store,
                "Qualification",
                {
                    "id": f"qual-{ladder}-{level}",
                    "ladder": ladder,
                    "level": level,
                    "rank": rank,
                    "name_zh": LABELS[level]["zh"],
                    "name_en": LABELS[level]["en"],
                },
            )
            if rank:
                link(
                    store,
                    "NEXT",
                    ("Qualification", f"qual-{ladder}-{levels[rank - 1]}"),
                    ("Qualification", f"qual-{ladder}-{level}"),
                )
    orgs: tuple[tuple[str, dict[str, Any]], ...] = (
        (
            "Firm",
            {
                "id": FIRM,
                "name_zh": "沈阳机床股份有限公司",
                "name_en": "Shenyang Machine Tool Co., Ltd.",
                "uscc": "91210100243400877T",
                "industry": "equipment_manufacturing",
                "size": "large",
                "status": "active",
                "verified": True,
                "self_assessment_skills": True,
                "self_assessment_titles": False,
            },
        ),
        (
            "Firm",
            {
                "id": OTHER_FIRM,
                "name_zh": "沈阳新松机器人自动化股份有限公司",
                "name_en": "SIASUN Robot & Automation Co., Ltd.",
                "uscc": "91210100744327380K",
                "industry": "robotics",
                "size": "large",
                "status": "active",
                "verified": True,
                "self_assessment_skills": False,
                "self_assessment_titles": False,
            },
        ),
        (
            "TrainingCentre",
            {
                "id": CENTRE,
                "name_zh": "铁西区职业技能实训中心",
                "name_en": "Tiexi District Vocational Skills Training Centre",
                "kind": "district_centre",
                "status": "active",
            },
        ),
    )
    for label, row in orgs:
        add_node(store, label, row)
        link(store, "MEMBER_OF", (label, row["id"]), ("Alliance", ALLIANCE), since="2024-08-17")

    add_user(store, STAFF, "staff", org=("GovernmentBody", GOV))
    add_user(store, FIRM_USER, "company", org=("Firm", FIRM))
    add_user(store, OTHER_FIRM_USER, "company", org=("Firm", OTHER_FIRM))
    add_user(store, CENTRE_USER, "school", org=("TrainingCentre", CENTRE))

    add_engineer(store, ZHANG_ID, "张伟")
    add_user(store, ZHANG, "person", person_id=ZHANG_ID)
    add_engineer(
        store,
        CHEN_ID,
        "陈杰",
        firm=OTHER_FIRM,
        title="assistant",
        title_on="2021-07-01",
        since="2018-07-01",
        degree_specialty=None,
    )
    add_user(store, CHEN, "person", person_id=CHEN_ID)

    add_node(store, "Person", {"id": LI_ID, "name": "李娜", "role": "worker"})
    link(
        store,
        "WORKS_AT",
        ("Person", LI_ID),
        ("Firm", FIRM),
        from_date="2017-03-01",
        post="维修电工",
        occupation=ELECTRICIAN,
    )
    credential(
        store,
        LI_ID,
        "cred-li-na-1",
        kind="skill_level",
        name="电工 中级工（四级） 职业技能等级证书",
        level="intermediate_worker",
        obtained="2020-05-20",
        qualification="qual-skill_level-intermediate_worker",
        occupation=ELECTRICIAN,
    )
    add_user(store, LI, "person", person_id=LI_ID)

    settings = Settings(
        environment="test",
        var_dir=tmp_path,
        graph_uri="embedded:///unused",
        secret_key=SecretStr(SETTINGS_KEY),
    )
    return World(create_app(settings, store=store), store)
