"""Competitions and their results.

Who may do what (one rule per case, tested):
- staff organise competitions at any level, for the bureau; a verified firm
  organises its own enterprise-level skill contests (seed 001: enterprises with
  self-assessment rights run their own); anyone else is refused (403);
- the organiser (or staff) publishes the results once the competition is held;
  each result becomes the person's ``COMPETED_IN`` and a credential on their
  record (kind ``award``, level = the competition's level, its rank, award,
  pathways honour and skill-bank points), all in one transaction;
- competitions are public; a competition's full result list is for staff and
  its organiser (others 403); a person reads their own results.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from backend.accounts.schemas import Principal
from backend.competitions import honours
from backend.competitions.repository import CompetitionRepository
from backend.competitions.schemas import (
    CompetitionCreate,
    CompetitionPage,
    CompetitionPublic,
    PersonHit,
    ResultPage,
    ResultPublic,
    ResultsCreate,
    Roll,
    RollEntry,
)
from backend.courses.access import now_ts, person_of, today
from backend.courses.schemas import OrgRef
from backend.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.graph.store import GraphStore, Tx
from backend.resources.access import maybe_member


def credential_id(competition_id: str, person_id: str) -> str:
    """One credential per (competition, person): publishing twice at once
    collides on the primary key instead of doubling the record."""
    digest = hashlib.sha256(f"{competition_id}\x1f{person_id}".encode()).hexdigest()[:16]
    return f"cred-comp-{digest}"


def to_public(row: dict[str, Any]) -> CompetitionPublic:
    c = row["c"]
    return CompetitionPublic(
        id=c["id"],
        name_zh=c["name_zh"],
        name_en=c.get("name_en"),
        level=c["level"],
        held_on=c["held_on"],
        organiser=OrgRef(
            id=row["organiser_id"],
            kind=row["organiser_kind"],
            name_zh=row["organiser_zh"],
            name_en=row["organiser_en"],
        )
        if row.get("organiser_id")
        else None,
        occupation=OrgRef(
            id=row["occupation_id"],
            kind="Occupation",
            name_zh=row["occupation_zh"],
            name_en=row["occupation_en"],
        )
        if row.get("occupation_id")
        else None,
        results=int(row.get("results") or 0),
    )


def result_public(row: dict[str, Any]) -> ResultPublic:
    award = row.get("award") or _award_key(row.get("award_text"))
    zh, en = honours.AWARD_NAMES.get(award, (award, award))
    return ResultPublic(
        competition_id=row["competition_id"],
        competition_zh=row["competition_zh"],
        competition_en=row["competition_en"],
        level=row["level"],
        held_on=row["held_on"],
        person_id=row["person_id"],
        person_name=row["person_name"],
        rank=int(row["rank"]),
        award=award,
        award_zh=zh,
        award_en=en,
        honor=row.get("honor"),
        points=row.get("points"),
        credential_id=row.get("credential_id") or "",
    )


def shorten(name: str | None) -> str:
    """The first character and a star for the rest: 王磊 -> 王*, Li Na -> L*."""
    name = (name or "").strip()
    return f"{name[0]}*" if name else "*"


def _award_key(text: str | None) -> str:
    """The seed stores an award as "一等奖 / First prize"; find its key."""
    for key, (zh, en) in honours.AWARD_NAMES.items():
        if text and (text.startswith(zh) or en in text):
            return key
    return "participant"


class CompetitionService:
    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.repo = CompetitionRepository(store)

    def search(
        self,
        *,
        level: str | None = None,
        since: str | None = None,
        q: str | None = None,
        skip: int = 0,
        limit: int = 50,
    ) -> CompetitionPage:
        params = {
            "level": level or "",
            "since": since or "",
            "q": (q or "").strip().lower(),
            "skip": skip,
            "limit": limit,
        }
        rows, total = self.repo.page(params)
        return CompetitionPage(
            items=[to_public(r) for r in rows], total=total, skip=skip, limit=limit
        )

    def get(self, competition_id: str) -> CompetitionPublic:
        return to_public(self._row(competition_id))

    def _row(self, competition_id: str) -> dict[str, Any]:
        row = self.repo.get(competition_id)
        if row is None:
            raise NotFound(
                f"no competition {competition_id!r}",
                message_zh=f"竞赛 {competition_id!r} 不存在",
                field="id",
            )
        return row

    def create(self, principal: Principal, data: CompetitionCreate) -> CompetitionPublic:
        member = maybe_member(principal)
        if principal.is_staff and member is not None:
            organiser = (member.label, member.id)
        elif member is not None and member.label == "Firm":
            if data.level != "enterprise":
                raise Forbidden(
                    "a firm organises its own enterprise-level contests; other levels are "
                    "published by alliance staff",
                    message_zh="企业只能举办本企业的技能比武；其他级别的竞赛由联盟工作人员发布",
                )
            organiser = (member.label, member.id)
        else:
            raise Forbidden(
                "competitions are published by alliance staff or by a verified firm",
                message_zh="竞赛由联盟工作人员或已认证企业发布",
            )
        competition_id = f"comp-{uuid.uuid4().hex[:12]}"
        row = {
            "id": competition_id,
            "name_zh": data.name_zh,
            "name_en": data.name_en,
            "level": data.level,
            "held_on": data.held_on.isoformat(),
            "created_at": now_ts(),
        }

        def work(tx: Tx) -> None:
            if data.occupation_id and not self.repo.occupation_exists(tx, data.occupation_id):
                raise InvalidInput(
                    f"{data.occupation_id} is not a CSCO 2022 occupation in the graph",
                    message_zh=f"{data.occupation_id} 不是图中的职业代码",
                    field="occupation_id",
                )
            self.repo.create(tx, row, organiser, data.occupation_id)

        self.store.write(work)
        return self.get(competition_id)

    def _organiser_or_staff(self, principal: Principal, row: dict[str, Any]) -> None:
        if principal.is_staff:
            return
        member = maybe_member(principal)
        if member is None or member.id != row.get("organiser_id"):
            raise Forbidden(
                "only the organiser or alliance staff may do this for a competition",
                message_zh="只有竞赛主办方或联盟工作人员可以进行此操作",
            )

    def publish(self, principal: Principal, competition_id: str, data: ResultsCreate) -> ResultPage:
        row = self._row(competition_id)
        self._organiser_or_staff(principal, row)
        c = row["c"]
        level, held_on = c["level"], c["held_on"]
        if held_on > today():
            raise Conflict(
                f"the competition is held on {held_on}; publish its results after that",
                message_zh=f"竞赛将于 {held_on} 举行，请在此后发布结果",
                field="held_on",
            )
        allowed = honours.allowed_awards(level)
        rows: list[dict[str, Any]] = []
        credentials: list[dict[str, Any]] = []
        for r in data.results:
            award = r.award or honours.award_for_rank(level, r.rank)
            if award not in allowed:
                raise InvalidInput(
                    f"a {level} competition awards {', '.join(allowed)}; got {award!r}",
                    message_zh=f"该级别竞赛的奖项为 {', '.join(allowed)}，收到 {award!r}",
                    field="award",
                )
            zh, en = honours.AWARD_NAMES[award]
            cid = credential_id(competition_id, r.person_id)
            rows.append(
                {
                    "person_id": r.person_id,
                    "rank": r.rank,
                    "award_text": f"{zh} / {en}",
                    "credential_id": cid,
                }
            )
            credentials.append(
                {
                    "id": cid,
                    "kind": "award",
                    "name": f"{c['name_zh']} {zh}",
                    "level": level,
                    "obtained": held_on,
                    "points": honours.points(level, award),
                    "rank": r.rank,
                    "award": award,
                    "honor": honours.honour(level, award),
                }
            )
        ids = [r["person_id"] for r in rows]
        issuer = (row["organiser_kind"], row["organiser_id"])
        occupation = row.get("occupation_id")

        def work(tx: Tx) -> None:
            missing = sorted(set(ids) - self.repo.known_people(tx, ids))
            if missing:
                raise InvalidInput(
                    f"no person {missing[0]!r}",
                    message_zh=f"人员 {missing[0]!r} 不存在",
                    field="results",
                )
            again = self.repo.already(tx, competition_id, ids)
            if again:
                raise Conflict(
                    f"a result for {again[0]!r} is already published",
                    message_zh=f"{again[0]!r} 的成绩已发布",
                    field="results",
                )
            self.repo.publish(tx, competition_id, rows, credentials, issuer, occupation)

        self.store.write(work)
        return self.results(principal, competition_id)

    def results(self, principal: Principal, competition_id: str) -> ResultPage:
        row = self._row(competition_id)
        self._organiser_or_staff(principal, row)
        items = [result_public(r) for r in self.repo.results_of_competition(competition_id)]
        return ResultPage(items=items, total=len(items))

    def roll(self, competition_id: str) -> Roll:
        """The public honour roll: rank, award and a shortened name ("王*"), so a
        stranger learns who placed without a way to the person's record."""
        competition = self.get(competition_id)
        items = []
        for r in self.repo.results_of_competition(competition_id):
            full = result_public(r)
            items.append(
                RollEntry(
                    rank=full.rank,
                    award=full.award,
                    award_zh=full.award_zh,
                    award_en=full.award_en,
                    name=shorten(full.person_name),
                    honor=full.honor,
                )
            )
        return Roll(competition=competition, items=items)

    def may_manage(self, principal: Principal | None, competition: CompetitionPublic) -> bool:
        """Whether ``principal`` may read the full results and publish more."""
        if principal is None:
            return False
        if principal.is_staff:
            return True
        member = maybe_member(principal)
        return bool(member and competition.organiser and member.id == competition.organiser.id)

    def find_people(
        self, principal: Principal | None, competition_id: str, q: str, limit: int = 10
    ) -> list[PersonHit]:
        """People the organiser may name in its results, by part of a name or an id:
        staff find anyone, a firm its own people (a firm runs contests for its staff)."""
        competition = self.get(competition_id)
        if principal is None or not self.may_manage(principal, competition):
            raise Forbidden(
                "only staff and the organiser may look people up for the results",
                message_zh="仅联盟工作人员和主办方可查找参赛人员",
            )
        q = q.strip()
        if not 1 <= len(q) <= 40:
            raise InvalidInput(
                "type 1 to 40 characters of a name or a person's id",
                message_zh="请输入 1 至 40 个字符的姓名或人员编号",
                field="who",
            )
        member = None if principal.is_staff else maybe_member(principal)
        org = member.id if member else ""
        return [PersonHit.model_validate(r) for r in self.repo.find_people(q, org, limit)]

    def mine(self, principal: Principal) -> ResultPage:
        person = person_of(principal)
        items = [result_public(r) for r in self.repo.results_of_person(person)]
        return ResultPage(items=items, total=len(items))

    def honours_of(self, person_id: str) -> list[str]:
        """For the pathways profile builder: the profile's ``honors`` that the
        person's published competition results give (see ``honours.py``)."""
        return self.repo.honours_of_person(person_id)
