"""One of each shared resource with a detail page (facility, teacher,
competition, project) in the page tests' world, shared through the services,
so tests that visit every page route have an id for each path parameter."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fastapi import FastAPI

from backend.competitions.schemas import CompetitionCreate
from backend.competitions.service import CompetitionService
from backend.courses.access import today
from backend.courses.schemas import SkillLevel
from backend.graph.store import GraphStore
from backend.projects.schemas import PartyIn, ProjectCreate
from backend.projects.service import ProjectService
from backend.resources.availability import WeeklySlot
from backend.resources.schemas import FacilityCreate, TeacherCreate
from backend.resources.service import ResourceService
from tests.resources.world import org
from tests.web.world import FIRM, GOV, SCHOOL


@pytest.fixture(name="resource_params")
def resource_params_fixture(app: FastAPI, store: GraphStore) -> dict[str, str]:
    school = org("School", SCHOOL)
    resources = ResourceService(store)
    facility = resources.create_facility(
        school, FacilityCreate(name_zh="数控实训车间", kind="workshop", capacity=30)
    )
    teacher = resources.create_teacher(
        school,
        TeacherCreate(
            name="赵建国",
            expertise=[SkillLevel(skill_id="arc_welding", level=5)],
            availability=[WeeklySlot(weekday=2, start="09:00", end="12:00")],
        ),
    )
    held = (date.fromisoformat(today()) - timedelta(days=7)).isoformat()
    competition = CompetitionService(store).create(
        org("GovernmentBody", GOV),
        CompetitionCreate.model_validate(
            {"name_zh": "沈阳市焊工技能大赛", "level": "city", "held_on": held}
        ),
    )
    project = ProjectService(store).propose(
        school,
        ProjectCreate(
            name_zh="焊接机器人订单班",
            kind="local",
            goals="定向培养焊接机器人操作工。",
            partners=[PartyIn(kind="Firm", id=FIRM)],
        ),
    )
    return {
        "facility_id": facility.id,
        "teacher_id": teacher.id,
        "competition_id": competition.id,
        "project_id": project.id,
    }
