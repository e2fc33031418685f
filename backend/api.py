"""Every API router, in one list the app factory includes. Each domain adds its
line here; the order is the order of the OpenAPI document."""

from __future__ import annotations

from fastapi import APIRouter

from backend.accounts.routes import router as accounts_router
from backend.analytics.routes import router as analytics_router
from backend.applications.routes import router as applications_router
from backend.competitions.routes import router as competitions_router
from backend.courses.routes import router as courses_router
from backend.ledger.routes import router as ledger_router
from backend.members.routes import router as members_router
from backend.notifications.routes import router as notifications_router
from backend.pathways.routes import router as pathways_router
from backend.people.routes import router as people_router
from backend.projects.routes import router as projects_router
from backend.recommendations.routes import router as recommendations_router
from backend.resources.routes import router as resources_router
from backend.subsidies.routes import router as subsidies_router
from backend.training_needs.routes import router as training_needs_router
from backend.vacancies.routes import router as vacancies_router

ROUTERS: list[APIRouter] = [
    accounts_router,
    members_router,
    pathways_router,
    people_router,
    recommendations_router,
    vacancies_router,
    applications_router,
    notifications_router,
    courses_router,
    subsidies_router,
    training_needs_router,
    resources_router,
    analytics_router,
    competitions_router,
    ledger_router,
    projects_router,
]
