"""Sign-up, sign-in, sessions, password reset and staff approval."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from backend.accounts.repository import (
    DELETE_SESSION,
    DELETE_USER_SESSIONS,
    GET_RESET,
    SET_PASSWORD,
    SET_USER_STATUS,
    TOUCH_LOGIN,
    USE_RESET,
    AccountRepository,
)
from backend.accounts.schemas import ORG_LABEL_FOR_ROLE, Principal, ResetConfirm, SignIn, SignUp
from backend.accounts.security import (
    ResetLimiter,
    SignInLimiter,
    hash_password,
    new_token,
    token_digest,
    user_id_for,
    verify_password,
)
from backend.errors import Conflict, Forbidden, InvalidInput, NotFound, TooManyRequests
from backend.graph.store import GraphStore, Tx, cypher
from backend.notifications.mail import Mail, Sender
from backend.settings import Settings

ALLIANCE_ID = "alliance-shenyang"


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _later(**delta: float) -> str:
    return (datetime.now(UTC) + timedelta(**delta)).strftime("%Y-%m-%dT%H:%M:%S")


class AccountService:
    def __init__(
        self,
        store: GraphStore,
        settings: Settings,
        limiter: SignInLimiter | None = None,
        sender: Sender | None = None,
        reset_limiter: ResetLimiter | None = None,
    ) -> None:
        self.store = store
        self.reset_limiter = reset_limiter
        self.repo = AccountRepository(store)
        self.settings = settings
        self.limiter = limiter
        self.sender = sender

    # ------------------------------------------------------------------ sign-up
    def sign_up(self, data: SignUp) -> str:
        """Create the account (and the person or firm behind it) in one
        transaction; returns the user id. Organisation accounts wait for staff."""
        user_id = user_id_for(data.email)
        created = now_iso()
        org: tuple[str, str] | None = None
        new_firm: dict[str, Any] | None = None
        if data.role == "company":
            if not data.uscc:
                raise InvalidInput(
                    "a company account needs the firm's unified social credit code",
                    message_zh="企业账号需要填写统一社会信用代码",
                    field="uscc",
                )
            firm_id = self.repo.firm_by_uscc(data.uscc)
            if firm_id is None:
                if not data.firm_name_zh:
                    raise InvalidInput(
                        "no member firm has this credit code; give the firm's Chinese name "
                        "to register it",
                        message_zh="联盟中没有该信用代码的企业；请填写企业中文名称以注册",
                        field="firm_name_zh",
                    )
                firm_id = f"firm-{data.uscc.lower()}"
                new_firm = {
                    "id": firm_id,
                    "uscc": data.uscc,
                    "name_zh": data.firm_name_zh,
                    "name_en": data.firm_name_en,
                    "status": "pending",
                    "verified": False,
                    "self_assessment_titles": False,
                    "self_assessment_skills": False,
                    "joined_on": created[:10],
                }
            org = ("Firm", firm_id)
        elif data.role in ("school", "park"):
            labels = ORG_LABEL_FOR_ROLE[data.role]
            found = self.repo.org(data.org_id or "", labels) if data.org_id else None
            if found is None:
                raise InvalidInput(
                    f"org_id must name an alliance member of kind {' or '.join(labels)}",
                    message_zh="请选择一个联盟成员单位",
                    field="org_id",
                )
            org = (found["kind"], found["id"])
        if (
            data.role == "person"
            and data.school_id
            and self.repo.org(data.school_id, ("School", "TrainingCentre")) is None
        ):
            raise InvalidInput("school_id names no member school", field="school_id")

        # A person's account is usable at once; anyone who acts for an
        # organisation waits until staff approve them (they could see people).
        status = "active" if data.role == "person" else "pending"

        def work(tx: Tx) -> None:
            self.repo.create(
                tx,
                "User",
                {
                    "id": user_id,
                    "email": data.email,
                    "password_hash": hash_password(data.password),
                    "role": data.role,
                    "display_name": data.display_name,
                    "lang": data.lang,
                    "status": status,
                    "created_at": created,
                },
            )
            if data.role == "person":
                person_id = f"person-u{uuid.uuid4().hex[:12]}"
                self.repo.create(
                    tx,
                    "Person",
                    {
                        "id": person_id,
                        "name": data.display_name,
                        "role": data.person_role,
                        "email": data.email,
                        "visible_to_employers": False,
                        "visible_to_schools": True,
                        "recommendations_enabled": True,
                        "created_at": created,
                    },
                )
                self.repo.link(tx, "IS_PERSON", ("User", user_id), ("Person", person_id))
                if data.school_id:
                    school = self.repo.org(data.school_id, ("School", "TrainingCentre"))
                    if school and school["kind"] == "School":
                        self.repo.link(
                            tx,
                            "STUDIES_AT",
                            ("Person", person_id),
                            ("School", school["id"]),
                            enrolled_on=created[:10],
                        )
            if new_firm is not None:
                self.repo.create(tx, "Firm", new_firm)
            if org is not None:
                self.repo.link(tx, "ACTS_FOR", ("User", user_id), org)

        try:
            self.store.write(work)
        except Conflict:
            raise Conflict(
                "an account with this e-mail already exists",
                message_zh="该邮箱已注册",
                field="email",
            ) from None
        return user_id

    # ------------------------------------------------------------------ sessions
    def sign_in(self, data: SignIn, client: str) -> tuple[str, Principal]:
        keys = [f"email:{data.email.lower()}", f"client:{client}"]
        if self.limiter is not None:
            wait = self.limiter.retry_after(keys)
            if wait > 0:
                raise TooManyRequests(
                    f"too many failed sign-ins; try again in {int(wait // 60) + 1} minutes",
                    message_zh=f"登录失败次数过多，请 {int(wait // 60) + 1} 分钟后再试",
                )
        user = self.repo.user(user_id_for(data.email))
        ok = verify_password(user["password_hash"] if user else None, data.password)
        if not ok or user is None or user.get("status") == "disabled":
            if self.limiter is not None:
                self.limiter.failed(keys)
            from backend.errors import Unauthenticated

            raise Unauthenticated("wrong e-mail or password", message_zh="邮箱或密码错误")
        if self.limiter is not None:
            self.limiter.succeeded(keys)
        session_id = new_token()
        now = now_iso()

        def work(tx: Tx) -> None:
            self.repo.create(
                tx,
                "Session",
                {
                    "id": session_id,
                    "user_id": user["id"],
                    "csrf": new_token(),
                    "created_at": now,
                    "expires_at": _later(days=self.settings.session_days),
                },
            )
            tx.run(TOUCH_LOGIN, {"id": user["id"], "now": now})

        self.store.write(work)
        principal = self.principal(session_id)
        assert principal is not None
        return session_id, principal

    def principal(self, session_id: str) -> Principal | None:
        row = self.repo.principal_row(session_id, now_iso())
        if row is None:
            return None
        u = row["u"]
        org_kind = row["org_kind"]
        verified = (
            bool(row["org_verified"]) if org_kind == "Firm" else row["org_status"] == "active"
        )
        return Principal(
            user_id=u["id"],
            email=u["email"],
            role=u["role"],
            display_name=u.get("display_name") or u["email"],
            status=u["status"],
            lang=u.get("lang") or "zh",
            session_id=session_id,
            csrf=row["csrf"],
            person_id=row["person_id"],
            org_id=row["org_id"],
            org_kind=org_kind,
            org_verified=verified,
        )

    def sign_out(self, session_id: str) -> None:
        self.store.execute(DELETE_SESSION, {"sid": session_id})

    # ------------------------------------------------------------------ reset
    def request_reset(self, email: str, client: str = "unknown") -> None:
        """Always answers the same, so it cannot be used to find accounts; too many
        requests for one address or from one client are refused for a while."""
        key = email.strip().lower()
        if self.reset_limiter is not None:
            wait = self.reset_limiter.retry_after(key, client)
            if wait > 0:
                minutes = int(wait // 60) + 1
                raise TooManyRequests(
                    f"too many password reset requests; try again in {minutes} minutes",
                    message_zh=f"重置密码请求过多，请 {minutes} 分钟后再试",
                    field="email",
                )
            self.reset_limiter.count(key, client)
        user = self.repo.user(user_id_for(email))
        if user is None or user.get("status") == "disabled":
            return
        token = new_token()
        self.store.write(
            lambda tx: self.repo.create(
                tx,
                "ResetToken",
                {
                    "id": token_digest(token),
                    "user_id": user["id"],
                    "expires_at": _later(minutes=self.settings.reset_token_minutes),
                },
            )
        )
        if self.sender is not None:
            link = f"{self.settings.public_url}/reset?token={token}"
            self.sender.send(
                Mail(
                    to=user["email"],
                    subject="重置密码 / Reset your password",
                    body=(
                        f"请在 {self.settings.reset_token_minutes} 分钟内打开以下链接重置密码：\n"
                        f"{link}\n\nOpen this link within {self.settings.reset_token_minutes} "
                        f"minutes to reset your password:\n{link}\n\ntoken: {token}\n"
                    ),
                )
            )

    def check_reset(self, token: str) -> None:
        """Refuse a reset link that cannot work before the user types a new password."""
        rows = self.store.query(GET_RESET, {"id": token_digest(token)})
        _usable(rows, now_iso())

    def reset_password(self, data: ResetConfirm) -> None:
        digest = token_digest(data.token)
        now = now_iso()

        def work(tx: Tx) -> str:
            _usable(tx.run(GET_RESET, {"id": digest}), now)
            used = tx.run(USE_RESET, {"id": digest, "now": now})
            user_id: str = used[0]["user_id"]
            tx.run(SET_PASSWORD, {"id": user_id, "hash": hash_password(data.password)})
            # a reset signs the account out everywhere
            tx.run(DELETE_USER_SESSIONS, {"uid": user_id})
            return user_id

        self.store.write(work)

    # ------------------------------------------------------------------ staff
    def pending(self, actor: Principal) -> list[dict[str, Any]]:
        self._require_staff(actor)
        return self.repo.pending()

    def set_status(self, actor: Principal, user_id: str, status: str) -> None:
        self._require_staff(actor)
        if status not in ("active", "disabled"):
            raise InvalidInput("status must be active or disabled", field="status")
        if not self.store.execute(SET_USER_STATUS, {"id": user_id, "status": status}):
            raise NotFound(f"no user {user_id!r}", field="user_id")

    @staticmethod
    def _require_staff(actor: Principal) -> None:
        if not actor.is_staff:
            raise Forbidden("only alliance staff may do this", message_zh="仅联盟工作人员可操作")


def _usable(rows: list[dict[str, Any]], now: str) -> None:
    if not rows:
        raise InvalidInput("this reset link is not valid", message_zh="重置链接无效", field="token")
    t = rows[0]["t"]
    if t.get("used_at") or t["expires_at"] <= now:
        raise InvalidInput(
            "this reset link has expired or was already used",
            message_zh="重置链接已过期或已使用",
            field="token",
        )


FIRST_GOVERNMENT = cypher("MATCH (g:GovernmentBody) RETURN g.id AS id ORDER BY g.id LIMIT 1")


def create_staff_account(store: GraphStore, email: str, name: str, password: str) -> str:
    """Staff accounts are made by an operator (``alliance users create-staff``), never
    by sign-up; they act for the alliance's government member."""
    checked = SignUp(email=email, password=password, role="person", display_name=name)
    gov = store.query(FIRST_GOVERNMENT)
    if not gov:
        raise NotFound("no government member in the graph: run `alliance seed` first")
    user_id = user_id_for(checked.email)
    repo = AccountRepository(store)

    def work(tx: Tx) -> None:
        repo.create(
            tx,
            "User",
            {
                "id": user_id,
                "email": checked.email,
                "password_hash": hash_password(password),
                "role": "staff",
                "display_name": name,
                "lang": "zh",
                "status": "active",
                "created_at": now_iso(),
            },
        )
        repo.link(tx, "ACTS_FOR", ("User", user_id), ("GovernmentBody", gov[0]["id"]))

    try:
        store.write(work)
    except Conflict:
        raise Conflict("an account with this e-mail already exists", field="email") from None
    return user_id
