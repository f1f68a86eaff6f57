"""Sign-in: argon2id password hashes, server-side sessions behind an opaque cookie token,
and a growing wait after repeated failures."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from cslib.models import AuthSession, LoginAttempt, User, utcnow
from cslib.permissions import Actor

COOKIE_NAME = "cs_session"
FREE_FAILURES = 3
MAX_WAIT_SECONDS = 300
FAILURE_WINDOW = timedelta(minutes=15)
TOUCH_EVERY = timedelta(minutes=5)
BAD_CREDENTIALS = "Wrong e-mail or password."

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not a real password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _verify(hash_: str | None, password: str) -> bool:
    try:
        return _hasher.verify(hash_ or _DUMMY_HASH, password) and hash_ is not None
    except (VerificationError, InvalidHashError):
        return False


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


@dataclass(frozen=True)
class SignInResult:
    token: str | None
    error: str | None = None
    retry_after: int = 0


def wait_after(failures: int) -> int:
    """Seconds to wait after `failures` consecutive failures: none for the first three,
    then 2, 4, 8 … up to five minutes."""
    if failures < FREE_FAILURES:
        return 0
    return min(2 ** (failures - FREE_FAILURES + 1), MAX_WAIT_SECONDS)


def _recent_failures(session: Session, email: str, now: datetime) -> tuple[int, datetime | None]:
    last_success = session.scalar(
        select(func.max(LoginAttempt.at)).where(LoginAttempt.email == email, LoginAttempt.succeeded)
    )
    since = max(filter(None, [last_success, now - FAILURE_WINDOW]))
    count, last = session.execute(
        select(func.count(), func.max(LoginAttempt.at)).where(
            LoginAttempt.email == email, ~LoginAttempt.succeeded, LoginAttempt.at > since
        )
    ).one()
    return count, last


def sign_in(
    session: Session,
    email: str,
    password: str,
    *,
    ip: str | None = None,
    now: datetime | None = None,
    session_days: int = 14,
) -> SignInResult:
    """Check credentials and open a session. Unknown user and wrong password get the same
    message; after three failures each further try must wait longer."""
    now = now or utcnow()
    email = normalise_email(email)[:254]
    failures, last = _recent_failures(session, email, now)
    wait = wait_after(failures)
    if wait and last and now < last + timedelta(seconds=wait):
        left = int((last + timedelta(seconds=wait) - now).total_seconds()) + 1
        return SignInResult(None, f"Too many failed sign-ins. Try again in {left} seconds.", left)
    user = session.scalar(select(User).where(User.email == email))
    ok = _verify(user.password_hash if user else None, password or "")
    if not ok or user is None or not user.is_active:
        session.add(LoginAttempt(email=email, ip=ip, at=now, succeeded=False))
        nxt = wait_after(failures + 1)
        msg = BAD_CREDENTIALS + (f" Wait {nxt} seconds before trying again." if nxt else "")
        return SignInResult(None, msg, nxt)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.add(LoginAttempt(email=email, ip=ip, at=now, succeeded=True))
    user.last_sign_in_at = now
    token = secrets.token_urlsafe(32)
    session.add(
        AuthSession(
            token_hash=_token_hash(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(days=session_days),
        )
    )
    return SignInResult(token)


@dataclass(frozen=True)
class SignedIn:
    actor: Actor
    needs_touch: bool


def resolve_token(session: Session, token: str | None, *, now: datetime | None = None) -> SignedIn | None:
    """The signed-in user behind a cookie token, or None if it is unknown, expired,
    revoked, or the user was deactivated. Read-only; see `touch`."""
    if not isinstance(token, str) or not token or len(token) > 200:
        return None
    now = now or utcnow()
    row = session.execute(
        select(AuthSession, User)
        .join(User, User.id == AuthSession.user_id)
        .where(AuthSession.token_hash == _token_hash(token))
    ).first()
    if row is None:
        return None
    auth, user = row
    if auth.revoked_at or auth.expires_at <= now or not user.is_active:
        return None
    return SignedIn(Actor.from_user(user), now - auth.last_seen_at > TOUCH_EVERY)


def touch(session: Session, token: str, *, now: datetime | None = None, session_days: int = 14) -> None:
    """Slide the expiry forward: a session in use does not expire."""
    now = now or utcnow()
    session.execute(
        update(AuthSession)
        .where(AuthSession.token_hash == _token_hash(token))
        .values(last_seen_at=now, expires_at=now + timedelta(days=session_days))
    )


def actor_for_token(session: Session, token: str | None, *, now: datetime | None = None) -> Actor | None:
    signed_in = resolve_token(session, token, now=now)
    return signed_in.actor if signed_in else None


def sign_out(session: Session, token: str | None, *, now: datetime | None = None) -> None:
    if not token:
        return
    session.execute(
        update(AuthSession).where(AuthSession.token_hash == _token_hash(token)).values(revoked_at=now or utcnow())
    )


def revoke_user_sessions(session: Session, user_id: int, *, now: datetime | None = None) -> None:
    """Deactivation signs the user out everywhere."""
    session.execute(
        update(AuthSession)
        .where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=now or utcnow())
    )
