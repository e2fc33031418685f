from __future__ import annotations

from backend.errors import NotFound
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
