"""Who the caller acts for when sharing resources.

Every member organisation (a school, centre, firm, park or the bureau) may
publish and book; a person may not. The helpers return the member the caller
acts for, or refuse in both languages; repositories then anchor every read on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.accounts.schemas import Principal
from backend.errors import Forbidden

ORG_ROLES = frozenset({"company", "school", "park", "staff"})
TEACHER_HOMES = ("School", "TrainingCentre", "Firm")


@dataclass(frozen=True)
class Member:
    label: str
    id: str


def maybe_member(principal: Principal | None) -> Member | None:
    """The active, approved member an organisation account acts for, else None."""
    if (
        principal is None
        or principal.role not in ORG_ROLES
        or not principal.active
        or not principal.org_verified
        or principal.org_id is None
        or principal.org_kind is None
    ):
        return None
    return Member(principal.org_kind, principal.org_id)


def member_of(principal: Principal) -> Member:
    member = maybe_member(principal)
    if member is None:
        if principal.role not in ORG_ROLES or principal.org_id is None:
            raise Forbidden(
                "only an alliance member's account (school, centre, firm, park or staff) may "
                "share or book resources",
                message_zh="仅联盟成员单位账号（院校、实训中心、企业、园区或工作人员）可共享或预约资源",
            )
        raise Forbidden(
            "your organisation is not yet an approved alliance member",
            message_zh="您所在单位尚未通过联盟审核",
        )
    return member
