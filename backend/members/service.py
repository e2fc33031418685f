from __future__ import annotations

from backend.accounts.schemas import Principal
from backend.errors import Forbidden, NotFound
from backend.graph.store import GraphStore
from backend.members.repository import MemberRepository
from backend.members.schemas import MemberKind, MemberPage, MemberPublic


class MemberService:
    def __init__(self, store: GraphStore) -> None:
        self.repo = MemberRepository(store)

    def list_members(self, kind: MemberKind | None, skip: int, limit: int) -> MemberPage:
        alliance = self.repo.alliance()
        if alliance is None:
            raise NotFound(
                "No alliance in the graph yet: run `alliance seed` first.",
                message_zh="图中还没有联盟数据：请先运行 `alliance seed`。",
            )
        rows, total = self.repo.page(alliance["id"], kind, skip, limit)
        return MemberPage(
            items=[MemberPublic.model_validate(r) for r in rows],
            total=total,
            skip=skip,
            limit=limit,
        )

    def _alliance_id(self) -> str:
        alliance = self.repo.alliance()
        if alliance is None:
            raise NotFound("No alliance in the graph yet: run `alliance seed` first.")
        return str(alliance["id"])

    def pending(self, actor: Principal) -> list[dict[str, object]]:
        _require_staff(actor)
        return self.repo.pending_firms()

    def approve(self, actor: Principal, kind: str, org_id: str) -> None:
        _require_staff(actor)
        from backend.accounts.service import now_iso

        if not self.repo.approve(self._alliance_id(), kind, org_id, now_iso()[:10]):
            raise NotFound(f"no {kind} {org_id!r}", message_zh="未找到该成员单位", field="org_id")


def _require_staff(actor: Principal) -> None:
    if not actor.is_staff:
        raise Forbidden("only alliance staff may do this", message_zh="仅联盟工作人员可操作")
