"""Vacancy rules: who may post, edit and close; what a vacancy must say.

Ownership rule (one per case, tested): a caller who may not see a vacancy gets
404 (its existence is not revealed); a caller who may see it (it is open) but
did not post it gets 403 on any change.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from backend.accounts.schemas import Principal
from backend.errors import Conflict, Forbidden, InvalidInput, NotFound, refused
from backend.graph.store import GraphStore, Tx
from backend.vacancies.repository import VacancyRepository, VacancyViewer
from backend.vacancies.schemas import (
    NamedRef,
    SkillRequirement,
    VacancyCreate,
    VacancyFilters,
    VacancyPage,
    VacancyPublic,
    VacancyUpdate,
    closing_after_start_error,
    duration_error,
    pay_range_error,
)

# Closing dates are Shenyang calendar dates (UTC+8, no daylight saving).
SHENYANG = timezone(timedelta(hours=8), "Asia/Shanghai")


def shenyang_today() -> date:
    return datetime.now(SHENYANG).date()


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _ref(row: dict[str, Any], prefix: str) -> NamedRef | None:
    ref_id = row.get(f"{prefix}_id")
    if ref_id is None:
        return None
    return NamedRef(id=ref_id, name_zh=row.get(f"{prefix}_zh"), name_en=row.get(f"{prefix}_en"))


def to_public(row: dict[str, Any]) -> VacancyPublic:
    v = row["v"]
    firm = _ref(row, "firm")
    assert firm is not None  # every vacancy is POSTED_BY a firm
    return VacancyPublic(
        **{k: v.get(k) for k in VacancyPublic.model_fields if k in v and k != "status"},
        status=row["state"],
        firm=firm,
        park=_ref(row, "park"),
        occupation=_ref(row, "occupation"),
        skills=[SkillRequirement.model_validate(s) for s in row.get("skills", [])],
    )


def require_poster(principal: Principal) -> str:
    """The firm id a caller posts for, or a 403 that says what is missing."""
    if principal.role != "company" or principal.org_kind != "Firm" or not principal.org_id:
        raise Forbidden(
            "only a member firm's HR account may post or change vacancies",
            message_zh="只有企业（人力资源）账号可以发布或修改岗位",
        )
    if not principal.active:
        raise Forbidden(
            "your account is waiting for alliance staff to approve it",
            message_zh="您的账号正在等待联盟工作人员审核",
        )
    if not principal.org_verified:
        raise Forbidden(
            "your firm has not been verified by alliance staff yet",
            message_zh="贵企业尚未通过联盟工作人员认证",
        )
    return principal.org_id


class VacancyService:
    def __init__(self, store: GraphStore, today: date | None = None) -> None:
        self.store = store
        self.repo = VacancyRepository(store)
        self.today = (today or shenyang_today()).isoformat()

    # ------------------------------------------------------------------ reads
    def search(
        self, principal: Principal | None, filters: VacancyFilters, skip: int, limit: int
    ) -> VacancyPage:
        rows, total = self.repo.page(
            VacancyViewer.of(principal), self.today, filters.model_dump(), skip, limit
        )
        return VacancyPage(items=[to_public(r) for r in rows], total=total, skip=skip, limit=limit)

    def state_counts(self, principal: Principal | None, filters: VacancyFilters) -> dict[str, int]:
        """The readable vacancies matching ``filters`` counted by state (open, expired, closed)."""
        return self.repo.state_counts(VacancyViewer.of(principal), self.today, filters.model_dump())

    def get(self, principal: Principal | None, vacancy_id: str) -> VacancyPublic:
        return to_public(self.readable(principal, vacancy_id))

    def readable(self, principal: Principal | None, vacancy_id: str) -> dict[str, Any]:
        row = self.repo.get(VacancyViewer.of(principal), self.today, vacancy_id)
        if row is None:
            raise NotFound(f"no vacancy {vacancy_id!r}", message_zh="没有该岗位", field="id")
        return row

    # ------------------------------------------------------------------ writes
    def _check_refs(self, occupation_id: str | None, skill_ids: list[str]) -> None:
        if occupation_id and self.repo.missing("Occupation", [occupation_id]):
            raise InvalidInput(
                f"occupation_id {occupation_id!r} is not a CSCO 2022 occupation in the graph",
                message_zh=f"职业编码 {occupation_id} 不在职业分类中",
                field="occupation_id",
            )
        missing = self.repo.missing("Skill", skill_ids)
        if missing:
            raise InvalidInput(
                f"unknown skill ids: {', '.join(missing)}",
                message_zh=f"未知的技能编号：{'、'.join(missing)}",
                field="skills",
            )

    def _check_closing(self, closing: date) -> None:
        if closing.isoformat() < self.today:
            raise InvalidInput(
                f"The apply-by date {closing.isoformat()} has already passed "
                f"(today is {self.today}).",
                message_zh=f"截止日期 {closing.isoformat()} 已过（今天是 {self.today}）。",
                field="closing_date",
            )

    def create(self, principal: Principal, data: VacancyCreate) -> VacancyPublic:
        firm_id = require_poster(principal)
        self._check_closing(data.closing_date)
        skills = [s.model_dump() for s in data.skills]
        self._check_refs(data.occupation_id, [s["skill_id"] for s in skills])
        # time-ordered, so vacancies posted within one second still list newest first
        vacancy_id = f"vac-{time.time_ns():016x}-{uuid.uuid4().hex[:6]}"
        row = data.model_dump(exclude={"skills", "occupation_id"})
        row.update(
            id=vacancy_id,
            start_date=data.start_date.isoformat(),
            closing_date=data.closing_date.isoformat(),
            status="open",
            created_at=(created := now_iso()),
            updated_at=created,
        )

        def work(tx: Tx) -> None:
            self.repo.create(tx, row, firm_id)
            self.repo.set_occupation(tx, vacancy_id, data.occupation_id)
            self.repo.set_skills(tx, vacancy_id, skills)

        self.store.write(work)
        return self.get(principal, vacancy_id)

    def _owned(self, principal: Principal, vacancy_id: str, *, staff_ok: bool) -> dict[str, Any]:
        row = self.readable(principal, vacancy_id)
        if staff_ok and principal.is_staff:
            return row
        if principal.role != "company" or principal.org_id != row["firm_id"]:
            raise Forbidden(
                "only the firm that posted this vacancy may change it",
                message_zh="只有发布该岗位的企业可以修改它",
            )
        require_poster(principal)
        return row

    def update(self, principal: Principal, vacancy_id: str, data: VacancyUpdate) -> VacancyPublic:
        self._owned(principal, vacancy_id, staff_ok=False)
        changes = data.changes()
        changes.pop("skills", None)  # nested defaults are dropped by exclude_unset
        # the matcher's index notices an edit by this stamp (backend/recommendations)
        changes["updated_at"] = now_iso()
        skills = [s.model_dump() for s in data.skills] if data.skills is not None else None
        occupation_set = "occupation_id" in changes
        occupation_id = changes.pop("occupation_id", None)
        for key in ("start_date", "closing_date"):
            if changes.get(key) is not None:
                changes[key] = changes[key].isoformat()
        if data.closing_date is not None:
            self._check_closing(data.closing_date)
        self._check_refs(occupation_id, [s["skill_id"] for s in skills or []])

        def work(tx: Tx) -> None:
            locked = self.repo.locked(tx, vacancy_id)
            if locked is None:
                raise NotFound(f"no vacancy {vacancy_id!r}", message_zh="没有该岗位", field="id")
            current = locked["v"]
            if current.get("status") == "closed":
                raise Conflict(
                    "this vacancy is closed and can no longer be edited",
                    message_zh="该岗位已关闭，不能再修改",
                )
            kind = current.get("kind")
            cleared = "duration_months" in changes and changes["duration_months"] is None
            if cleared and kind in ("placement", "apprenticeship"):
                raise refused(duration_error(str(kind)))
            pay_min = changes.get("pay_min", current.get("pay_min"))
            pay_max = changes.get("pay_max", current.get("pay_max"))
            if pay_min is not None and pay_max is not None and pay_min > pay_max:
                raise refused(pay_range_error(pay_min, pay_max))
            start = changes.get("start_date", current.get("start_date"))
            closing = changes.get("closing_date", current.get("closing_date"))
            dates_changed = "start_date" in changes or "closing_date" in changes
            if dates_changed and start and closing and str(closing) > str(start):
                ordered = closing_after_start_error(
                    date.fromisoformat(closing), date.fromisoformat(start)
                )
                raise refused(ordered)
            if "places" in changes:
                hired = self.repo.hired(tx, vacancy_id)
                if changes["places"] < hired:
                    raise InvalidInput(
                        f"places cannot be fewer than the {hired} people already hired",
                        message_zh=f"名额不能少于已录用的 {hired} 人",
                        field="places",
                    )
            self.repo.update(tx, vacancy_id, changes)
            if occupation_set:
                self.repo.set_occupation(tx, vacancy_id, occupation_id)
            if skills is not None:
                self.repo.set_skills(tx, vacancy_id, skills)

        self.store.write(work)
        return self.get(principal, vacancy_id)

    def close(self, principal: Principal, vacancy_id: str) -> VacancyPublic:
        """The posting firm closes its vacancy (staff may too, as moderators).
        Applications already made stay and can still be moved on."""
        self._owned(principal, vacancy_id, staff_ok=True)
        if not self.store.write(lambda tx: self.repo.close(tx, vacancy_id, now_iso())):
            raise Conflict("this vacancy is already closed", message_zh="该岗位已经关闭")
        return self.get(principal, vacancy_id)
