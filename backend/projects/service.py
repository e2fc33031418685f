"""Cooperation projects: a member proposes one with its partners; each partner
signs; when all have signed the project is in progress; the lead records
progress, results and the end.

Projects are public (the alliance announces them). Changing one: a member that
is not a party gets 403; a party that is not the lead editing it gets 403; a
change the status does not allow is 409.
"""

from __future__ import annotations

import uuid
from typing import Any

from backend.accounts.schemas import Principal
from backend.courses.access import now_ts, today
from backend.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.graph.store import GraphStore, Tx
from backend.projects.repository import ProjectRepository
from backend.projects.schemas import (
    PartyPublic,
    ProjectCreate,
    ProjectPage,
    ProjectPublic,
    ProjectUpdate,
)
from backend.resources.access import member_of

MOVES: dict[str, tuple[str, ...]] = {
    "in_progress": ("in_progress",),
    "completed": ("in_progress",),
    "cancelled": ("proposed", "in_progress"),
}


def to_public(p: dict[str, Any], parties: list[dict[str, Any]]) -> ProjectPublic:
    return ProjectPublic(
        id=p["id"],
        name_zh=p["name_zh"],
        name_en=p.get("name_en"),
        kind=p.get("kind") or "local",
        goals=p.get("goals"),
        status=p.get("status") or "in_progress",
        signed_on=p.get("signed_on"),
        results=p.get("results"),
        parties=[
            PartyPublic(
                id=r["id"],
                kind=r["kind"],
                name_zh=r["name_zh"],
                name_en=r["name_en"],
                role=r["role"] or "partner",
                signed_on=r["signed_on"],
            )
            for r in parties
        ],
    )


class ProjectService:
    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.repo = ProjectRepository(store)

    def search(
        self,
        *,
        kind: str | None = None,
        status: str | None = None,
        member: str | None = None,
        skip: int = 0,
        limit: int = 50,
    ) -> ProjectPage:
        params = {
            "kind": kind or "",
            "status": status or "",
            "member": member or "",
            "skip": skip,
            "limit": limit,
        }
        rows, total = self.repo.page(params)
        parties = self.repo.parties([r["p"]["id"] for r in rows])
        return ProjectPage(
            items=[to_public(r["p"], parties[r["p"]["id"]]) for r in rows],
            total=total,
            skip=skip,
            limit=limit,
        )

    def get(self, project_id: str) -> ProjectPublic:
        p = self.repo.get(project_id)
        if p is None:
            raise NotFound(
                f"no project {project_id!r}",
                message_zh=f"合作项目 {project_id!r} 不存在",
                field="id",
            )
        return to_public(p, self.repo.parties([project_id])[project_id])

    def propose(self, principal: Principal, data: ProjectCreate) -> ProjectPublic:
        lead = member_of(principal)
        partners: list[tuple[str, str]] = [(p.kind, p.id) for p in data.partners]
        if any(oid == lead.id for _, oid in partners):
            raise InvalidInput(
                "your own organisation leads the project; list the others as partners",
                message_zh="本单位为项目牵头方，合作方请填写其他单位",
                field="partners",
            )
        now = now_ts()
        project_id = f"project-{uuid.uuid4().hex[:12]}"
        row = {
            "id": project_id,
            "name_zh": data.name_zh,
            "name_en": data.name_en,
            "kind": data.kind,
            "goals": data.goals,
            "status": "proposed",
            "created_at": now,
            "updated_at": now,
        }

        def work(tx: Tx) -> None:
            for label, oid in partners:
                if not self.repo.exists(tx, label, oid):
                    raise InvalidInput(
                        f"no member {oid!r} of kind {label}",
                        message_zh=f"成员单位 {oid!r} 不存在",
                        field="partners",
                    )
            self.repo.create(tx, row, (lead.label, lead.id), partners)

        self.store.write(work)
        return self.get(project_id)

    def sign(self, principal: Principal, project_id: str) -> ProjectPublic:
        member = member_of(principal)
        project = self.get(project_id)
        party = next((p for p in project.parties if p.id == member.id), None)
        if party is None:
            raise Forbidden(
                "only an invited party may sign this project",
                message_zh="只有受邀的合作方可以签署该项目",
            )
        if project.status not in ("proposed", "in_progress"):
            raise Conflict(
                f"the project is {project.status}", message_zh="该项目已结束", field="status"
            )

        def work(tx: Tx) -> None:
            day = today()
            if not self.repo.sign(tx, project_id, member.id, day, now_ts()):
                raise Conflict(
                    "you have already signed this project",
                    message_zh="本单位已签署该项目",
                    field="status",
                )
            self.repo.start_if_all_signed(tx, project_id, day)

        self.store.write(work)
        return self.get(project_id)

    def update(self, principal: Principal, project_id: str, data: ProjectUpdate) -> ProjectPublic:
        member = member_of(principal)
        project = self.get(project_id)
        if not any(p.id == member.id and p.role == "lead" for p in project.parties):
            raise Forbidden(
                "only the project's lead may change it", message_zh="只有项目牵头方可以修改"
            )
        fields = data.model_dump(exclude_unset=True)
        if not fields:
            raise InvalidInput("nothing to update", message_zh="没有需要修改的内容", field="body")
        new_status = fields.get("status")
        if new_status is not None and project.status not in MOVES[new_status]:
            raise Conflict(
                f"a {project.status} project cannot become {new_status}",
                message_zh="项目当前状态不允许此变更",
                field="status",
            )
        fields["updated_at"] = now_ts()
        self.store.write(lambda tx: self.repo.update(tx, project_id, fields))
        return self.get(project_id)
