"""Subsidy policies: staff publish, edit and withdraw; everyone reads.

A policy is public, so a caller who is not staff gets 403 (never 404) for
changing one. A course's view shows the policies in force today that subsidise
it; a person's view shows those that subsidise their current enrolments.
"""

from __future__ import annotations

import uuid
from typing import Any

from backend.accounts.schemas import Principal
from backend.courses.access import person_of, require_staff, today
from backend.courses.schemas import CourseRef, OrgRef
from backend.errors import Conflict, InvalidInput, NotFound
from backend.graph.store import GraphStore, Tx
from backend.subsidies.repository import SubsidyRepository
from backend.subsidies.schemas import (
    MySubsidies,
    MySubsidy,
    PolicyCreate,
    PolicyDetail,
    PolicyPage,
    PolicyPublic,
    PolicyUpdate,
)

_REQUIRED = ("name_zh", "region", "kind", "amount", "valid_from")


def _not_found(policy_id: str) -> NotFound:
    return NotFound(
        f"no subsidy policy {policy_id!r}", message_zh=f"补贴政策 {policy_id!r} 不存在", field="id"
    )


def public(row: dict[str, Any]) -> PolicyPublic:
    p = row["p"]
    return PolicyPublic(
        **{k: v for k, v in p.items() if k in PolicyPublic.model_fields and k != "status"},
        status=p.get("status") or "published",
        in_force=bool(row["in_force"]),
        issuer=(
            OrgRef(
                id=row["issuer_id"],
                kind="GovernmentBody",
                name_zh=row["issuer_zh"],
                name_en=row["issuer_en"],
            )
            if row.get("issuer_id")
            else None
        ),
    )


class SubsidyService:
    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.repo = SubsidyRepository(store)

    # ------------------------------------------------------------------ reads
    def list_policies(
        self,
        *,
        status: str,
        in_force: bool | None,
        region: str | None,
        kind: str | None,
        course: str | None,
        q: str | None,
        skip: int,
        limit: int,
    ) -> PolicyPage:
        filters = {
            "status": "" if status == "all" else status,
            "in_force": "" if in_force is None else str(in_force).lower(),
            "region": region or "",
            "kind": kind or "",
            "course": course or "",
            "q": (q or "").strip().lower(),
            "today": today(),
        }
        rows, total = self.repo.page(filters, skip, limit)
        return PolicyPage(items=[public(r) for r in rows], total=total, skip=skip, limit=limit)

    def get(self, policy_id: str) -> PolicyDetail:
        row = self.repo.policy(policy_id, today())
        if row is None:
            raise _not_found(policy_id)
        courses, people = self.repo.reach(policy_id)
        return PolicyDetail(
            **public(row).model_dump(),
            courses=[CourseRef(**c) for c in courses],
            people_enrolled=people,
        )

    def mine(self, principal: Principal) -> MySubsidies:
        person = person_of(principal)
        by_policy: dict[str, MySubsidy] = {}
        for row in self.repo.for_person(person, today()):
            pid = row["p"]["id"]
            if pid not in by_policy:
                by_policy[pid] = MySubsidy(**public({**row, "in_force": True}).model_dump())
            by_policy[pid].courses.append(
                CourseRef(
                    id=row["course_id"],
                    title_zh=row["course_title_zh"],
                    title_en=row["course_title_en"],
                )
            )
        return MySubsidies(items=list(by_policy.values()))

    # ------------------------------------------------------------------ staff writes
    def _check_courses(self, course_ids: list[str] | None) -> None:
        if not course_ids:
            return
        if len(set(course_ids)) != len(course_ids):
            raise InvalidInput(
                "a course is listed twice", message_zh="课程重复", field="course_ids"
            )
        missing = sorted(set(course_ids) - self.repo.existing("Course", course_ids))
        if missing:
            raise InvalidInput(
                f"unknown course {missing[0]!r}",
                message_zh=f"课程 {missing[0]!r} 不存在",
                field="course_ids",
                details={"unknown": missing},
            )

    def create(self, principal: Principal, data: PolicyCreate) -> PolicyDetail:
        require_staff(principal)
        issuer = data.issuer_id or (
            principal.org_id if principal.org_kind == "GovernmentBody" else None
        )
        if issuer is None or not self.repo.existing("GovernmentBody", [issuer]):
            raise InvalidInput(
                "issuer_id must name a government body of the alliance",
                message_zh="请填写发布政策的政府部门（issuer_id）",
                field="issuer_id",
            )
        self._check_courses(data.course_ids)
        policy_id = f"policy-{uuid.uuid4().hex[:12]}"
        row = data.model_dump(exclude={"issuer_id", "course_ids"})
        row.update(
            id=policy_id,
            valid_from=data.valid_from.isoformat(),
            valid_until=data.valid_until.isoformat() if data.valid_until else None,
            status="published",
        )

        def work(tx: Tx) -> None:
            self.repo.create(tx, row)
            self.repo.issued_by(tx, issuer, policy_id)
            self.repo.set_courses(tx, policy_id, data.course_ids)

        self.store.write(work)
        return self.get(policy_id)

    def update(self, principal: Principal, policy_id: str, data: PolicyUpdate) -> PolicyDetail:
        require_staff(principal)
        if self.repo.policy(policy_id, today()) is None:
            raise _not_found(policy_id)
        fields = data.model_dump(exclude_unset=True)
        for name in _REQUIRED:
            if name in fields and fields[name] is None:
                raise InvalidInput(
                    f"{name} cannot be emptied", message_zh="此项为必填。", field=name
                )
        course_ids = fields.pop("course_ids", None)
        for name in ("valid_from", "valid_until"):
            if fields.get(name) is not None:
                fields[name] = fields[name].isoformat()
        self._check_courses(course_ids)

        def work(tx: Tx) -> None:
            if fields:
                self.repo.update(tx, policy_id, fields)
            p = self.repo.node(tx, policy_id)
            if p.get("valid_until") and p.get("valid_from") and p["valid_until"] < p["valid_from"]:
                raise InvalidInput(
                    "Valid until must not be before valid from.",
                    message_zh="失效日期不能早于生效日期。",
                    field="valid_until",
                )
            if course_ids is not None:
                self.repo.set_courses(tx, policy_id, course_ids)

        self.store.write(work)
        return self.get(policy_id)

    def withdraw(self, principal: Principal, policy_id: str) -> PolicyDetail:
        require_staff(principal)
        if self.repo.policy(policy_id, today()) is None:
            raise _not_found(policy_id)
        if not self.store.write(lambda tx: self.repo.withdraw(tx, policy_id)):
            raise Conflict(
                "this policy is already withdrawn", message_zh="该政策已撤回", field="status"
            )
        return self.get(policy_id)
