"""Who the caller acts as, for courses, training needs and subsidy policies.

Each helper returns the id the caller acts with (their person, school, centre or
firm) or refuses with a message in both languages. Repositories then build every
read from that id, so a route cannot ask for rows the caller may not see.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from backend.accounts.schemas import Principal
from backend.errors import Forbidden

PROVIDER_KINDS = ("School", "TrainingCentre")

# Closing dates and "in force today" are Shenyang's calendar days (UTC+8, no DST).
SHENYANG = timezone(timedelta(hours=8), "Asia/Shanghai")


def today() -> str:
    return datetime.now(SHENYANG).date().isoformat()


def now_ts() -> str:
    return datetime.now(SHENYANG).strftime("%Y-%m-%dT%H:%M:%S")


def _waiting(principal: Principal) -> None:
    if not principal.active:
        raise Forbidden(
            "your account is waiting for approval by alliance staff",
            message_zh="您的账号正在等待联盟工作人员审核",
        )


def provider_of(principal: Principal) -> tuple[str, str]:
    """(label, id) of the school or training centre the caller works for."""
    if (
        principal.role != "school"
        or principal.org_kind not in PROVIDER_KINDS
        or principal.org_id is None
    ):
        raise Forbidden(
            "only a school's or training centre's account may do this",
            message_zh="仅院校或实训中心账号可进行此操作",
        )
    _waiting(principal)
    if not principal.org_verified:
        raise Forbidden(
            "your school or centre is not yet an active alliance member",
            message_zh="您所在的院校或实训中心尚未成为正式联盟成员",
        )
    return principal.org_kind, principal.org_id


def maybe_provider(principal: Principal | None) -> str | None:
    """The provider id of a signed-in, approved school or centre account, else None."""
    if (
        principal is None
        or principal.role != "school"
        or principal.org_kind not in PROVIDER_KINDS
        or not principal.active
        or not principal.org_verified
    ):
        return None
    return principal.org_id


def person_of(principal: Principal) -> str:
    if principal.role != "person" or principal.person_id is None:
        raise Forbidden(
            "only a student's or worker's own account may do this",
            message_zh="仅学生或职工本人账号可进行此操作",
        )
    _waiting(principal)
    return principal.person_id


def firm_of(principal: Principal) -> str:
    """The firm of a company account whose firm staff have verified."""
    if principal.role != "company" or principal.org_kind != "Firm" or principal.org_id is None:
        raise Forbidden("only a company's account may do this", message_zh="仅企业账号可进行此操作")
    _waiting(principal)
    if not principal.org_verified:
        raise Forbidden(
            "your firm has not been verified by alliance staff yet",
            message_zh="您的企业尚未通过联盟工作人员认证",
        )
    return principal.org_id


def require_staff(principal: Principal) -> None:
    if not principal.is_staff:
        raise Forbidden("only alliance staff may do this", message_zh="仅联盟工作人员可操作")
