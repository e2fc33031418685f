"""A person's record: what they keep, who may see it, and their rights over it
(China's Personal Information Protection Law: consent, access, erasure)."""

from __future__ import annotations

import uuid
from typing import Any

from backend.accounts.schemas import Principal
from backend.accounts.service import now_iso
from backend.errors import Forbidden, InvalidInput, NotFound
from backend.graph import generic
from backend.graph.store import GraphStore, Tx
from backend.people.repository import (
    ERASE,
    FIRM_EXISTS,
    MY_USER,
    RAISE_SKILL,
    REMOVE_SKILL,
    SKILL,
    SKILL_LEVEL,
    PersonRepository,
)
from backend.people.schemas import (
    AccessEntry,
    Consent,
    ConsentUpdate,
    EmploymentCreate,
    PersonPrivate,
    PersonPublic,
    PersonUpdate,
    SkillAdd,
    SkillAdded,
    SkillRecord,
)
from matching.taxonomy import Taxonomy


def _own_person(principal: Principal) -> str:
    if principal.person_id is None:
        raise Forbidden(
            "only a student or worker account has a personal record",
            message_zh="只有学生或职工账号才有个人档案",
        )
    return principal.person_id


class PersonService:
    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.repo = PersonRepository(store)

    def me(self, principal: Principal) -> PersonPrivate:
        person_id = _own_person(principal)
        rec = self.repo.record(person_id)
        if rec is None:
            raise NotFound("your personal record is gone", message_zh="个人档案不存在")
        return PersonPrivate.model_validate(
            {
                **rec,
                "consent": Consent(
                    visible_to_employers=bool(rec.get("visible_to_employers")),
                    visible_to_schools=bool(rec.get("visible_to_schools")),
                    recommendations_enabled=rec.get("recommendations_enabled") is not False,
                ),
            }
        )

    def view(self, principal: Principal, person_id: str, purpose: str = "profile") -> PersonPublic:
        """Someone's profile, if the caller may see it; a firm's or staff's view is logged
        and shown to the person. Not visible and not there look the same (404)."""
        kind = self.repo.viewer_kind(principal, person_id)
        rec = self.repo.record(person_id) if kind else None
        if kind is None or rec is None:
            raise NotFound(f"no person {person_id!r} you may see", message_zh="未找到该人员")
        if kind in ("firm", "staff"):
            entry = {
                "at": now_iso(),
                "actor_user": principal.user_id,
                "actor_role": principal.role,
                "actor_org": principal.org_id,
                "purpose": purpose,
            }
            log_id = f"access-{uuid.uuid4().hex}"
            self.store.write(lambda tx: self.repo.log_access(tx, log_id, person_id, entry))
        return PersonPublic.model_validate(rec)

    def page(self, principal: Principal, skip: int, limit: int) -> tuple[list[dict[str, Any]], int]:
        allowed = principal.is_staff or (
            principal.active and principal.role == "school" and principal.org_kind == "School"
        )
        if not allowed:
            raise Forbidden(
                "only staff, and schools for their own students, may list people",
                message_zh="仅联盟工作人员及学校（查看本校学生）可浏览人员列表",
            )
        return self.repo.page(principal, skip, limit)

    def update(self, principal: Principal, data: PersonUpdate) -> PersonPrivate:
        person_id = _own_person(principal)
        fields = data.model_dump(exclude_unset=True)
        if fields:
            self.store.execute(generic.update_node("Person", fields), {"id": person_id, **fields})
        return self.me(principal)

    def set_consent(self, principal: Principal, data: ConsentUpdate) -> Consent:
        person_id = _own_person(principal)
        fields = {k: v for k, v in data.model_dump(exclude_unset=True).items() if v is not None}
        if fields:
            self.store.execute(generic.update_node("Person", fields), {"id": person_id, **fields})
        return self.me(principal).consent

    def add_skill(self, principal: Principal, data: SkillAdd, taxonomy: Taxonomy) -> SkillAdded:
        """Add a skill named in the person's own words: the taxonomy finds the skill,
        and the answer says which one it chose and how sure it is."""
        person_id = _own_person(principal)
        hits = taxonomy.resolve(data.skill, top=1)
        if not hits:
            raise InvalidInput(
                f"no skill in the taxonomy matches {data.skill!r}; try other words",
                message_zh=f"技能库中找不到与“{data.skill}”相符的技能，请换个说法",
                field="skill",
            )
        skill_id, confidence = hits[0]
        today = now_iso()[:10]

        def work(tx: Tx) -> dict[str, Any]:
            skill = tx.run(SKILL, {"id": skill_id})
            if not skill:
                raise InvalidInput(
                    f"skill {skill_id!r} is not in this alliance's graph yet",
                    message_zh="该技能尚未载入联盟图谱",
                    field="skill",
                )
            params = {"pid": person_id, "sid": skill_id}
            have = tx.run(SKILL_LEVEL, params)
            if have:
                level = max(int(have[0]["level"] or 0), data.level)
                tx.run(RAISE_SKILL, {**params, "level": level, "source": "self", "since": today})
            else:
                level = data.level
                tx.run(
                    generic.link("HAS_SKILL", "Person", "Skill"),
                    {
                        "src": person_id,
                        "dst": skill_id,
                        "level": level,
                        "source": "self",
                        "since": today,
                    },
                )
            return {**skill[0], "level": level, "source": "self", "since": today}

        rec = self.store.write(work)
        return SkillAdded(
            skill=SkillRecord.model_validate(rec), matched_from=data.skill, confidence=confidence
        )

    def remove_skill(self, principal: Principal, skill_id: str) -> None:
        person_id = _own_person(principal)
        if not self.store.execute(REMOVE_SKILL, {"pid": person_id, "sid": skill_id}):
            raise NotFound(
                f"you have no skill {skill_id!r}", message_zh="档案中没有该技能", field="skill_id"
            )

    def add_employment(self, principal: Principal, data: EmploymentCreate) -> PersonPrivate:
        person_id = _own_person(principal)

        def work(tx: Tx) -> None:
            if not tx.run(FIRM_EXISTS, {"id": data.firm_id}):
                raise InvalidInput(
                    f"no firm {data.firm_id!r}", message_zh="企业不存在", field="firm_id"
                )
            props = generic.coerce_rel_props(
                "WORKS_AT", data.model_dump(exclude={"firm_id"}), full=True
            )
            tx.run(
                generic.link("WORKS_AT", "Person", "Firm"),
                {"src": person_id, "dst": data.firm_id, **props},
            )

        self.store.write(work)
        return self.me(principal)

    def access_log(self, principal: Principal) -> list[AccessEntry]:
        person_id = _own_person(principal)
        return [AccessEntry.model_validate(r) for r in self.repo.export(person_id)["access_log"]]

    def export(self, principal: Principal) -> dict[str, Any]:
        """Everything the platform holds about the person ("download my data")."""
        me = self.me(principal)
        return {
            "exported_at": now_iso(),
            "account": {
                "email": principal.email,
                "display_name": principal.display_name,
                "role": principal.role,
            },
            "person": me.model_dump(),
            **self.repo.export(me.id),
        }

    def erase(self, principal: Principal) -> None:
        """Delete the account and personal data in one transaction (docs/privacy.md)."""
        person_id = _own_person(principal)

        def work(tx: Tx) -> None:
            users = tx.run(MY_USER, {"id": person_id})
            uid = users[0]["id"] if users else principal.user_id
            for q in ERASE:
                tx.run(q, {"id": person_id, "uid": uid})

        self.store.write(work)
