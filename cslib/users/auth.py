"""Sign-in: argon2id password hashes, server-side sessions behind an opaque cookie token,
and a growing wait after repeated failures.

The throttle (OWASP Authentication Cheat Sheet, "Account lockout"; NIST SP 800-63B
§5.2.2 "Rate limiting") never locks an account as such, so knowing someone's e-mail address
is not enough to keep them out:

- per (e-mail, client address): three free failures, then each further try waits 2 s,
  4 s, 8 s … up to 5 minutes. This is what slows guessing one account's password; a
  success from that address for that e-mail starts the count again.
- per client address, across e-mails: twenty free failures in the window, then the same
  doubling from 2 s up to 5 minutes. Twenty leaves room for an office behind one NAT
  address mistyping passwords; past it, one address spraying a common password over many
  e-mails gets a try every five minutes at best. A success does not reset this count
  (signing in to one's own account must not buy more guesses at others).
- nothing per e-mail alone: the owner signing in from another address is never refused
  because of what some other address did.

Both counts only look at the last 15 minutes, and refused tries are not recorded (waiting
out the delay is enough). The client address comes from the web layer
(cslib.web.client_address: X-Forwarded-For only behind a configured proxy).
"""

from __future__ import annotations

import hashlib
import math
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import Engine, case, func, select, update
from sqlalchemy.orm import Session

from cslib.db import read_session, write_session
from cslib.models import AuthSession, LoginAttempt, User, utcnow
from cslib.models.users import AppSecret
from cslib.permissions import Actor

COOKIE_NAME = "cs_session"
FREE_FAILURES = 3
ADDRESS_FREE_FAILURES = 20
MAX_WAIT_SECONDS = 300
FAILURE_WINDOW = timedelta(minutes=15)
TOUCH_EVERY = timedelta(minutes=5)
BAD_CREDENTIALS = "Wrong e-mail or password."
_MAX_IP = 64

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
    """Seconds to wait after `failures` failures of one e-mail from one address: none for
    the first three, then 2, 4, 8 … up to five minutes."""
    if failures < FREE_FAILURES:
        return 0
    return min(2 ** (failures - FREE_FAILURES + 1), MAX_WAIT_SECONDS)


def address_wait_after(failures: int) -> int:
    """Seconds to wait after `failures` failures from one address (any e-mails) in the
    window: none for the first twenty, then 2, 4, 8 … up to five minutes."""
    if failures < ADDRESS_FREE_FAILURES:
        return 0
    return min(2 ** (failures - ADDRESS_FREE_FAILURES + 1), MAX_WAIT_SECONDS)


@dataclass(frozen=True)
class _Throttle:
    pair_failures: int
    address_failures: int
    retry_at: datetime | None  # set while this (e-mail, address) must wait

    def next_wait(self) -> int:
        """The wait one more failure would bring."""
        return max(wait_after(self.pair_failures + 1), address_wait_after(self.address_failures + 1))


def _same_ip(ip: str | None):  # noqa: ANN202 - a SQL expression
    return LoginAttempt.ip.is_(None) if ip is None else LoginAttempt.ip == ip


def _throttle(session: Session, email: str, ip: str | None, now: datetime) -> _Throttle:
    window_start = now - FAILURE_WINDOW
    # One read of this address's recent rows (ix_login_attempts_ip_at): its failures over
    # all e-mails, and this e-mail's last success from it.
    address_failures, address_last, pair_success = session.execute(
        select(
            func.count(case((~LoginAttempt.succeeded, 1))),
            func.max(case((~LoginAttempt.succeeded, LoginAttempt.at))),
            func.max(case(((LoginAttempt.email == email) & LoginAttempt.succeeded, LoginAttempt.at))),
        ).where(_same_ip(ip), LoginAttempt.at > window_start)
    ).one()
    since = max(filter(None, [pair_success, window_start]))
    pair_failures, pair_last = session.execute(
        select(func.count(), func.max(LoginAttempt.at)).where(
            _same_ip(ip), LoginAttempt.email == email, ~LoginAttempt.succeeded, LoginAttempt.at > since
        )
    ).one()
    ends = []
    if pair_last and (wait := wait_after(pair_failures)):
        ends.append(pair_last + timedelta(seconds=wait))
    if address_last and (wait := address_wait_after(address_failures)):
        ends.append(address_last + timedelta(seconds=wait))
    retry_at = max(ends) if ends and max(ends) > now else None
    return _Throttle(pair_failures, address_failures, retry_at)


@dataclass(frozen=True)
class _Account:
    """What the password check needs, read before it (so no transaction is held open
    during the ~0.1 s hash)."""

    user_id: int | None
    password_hash: str | None
    is_active: bool


def _account(session: Session, email: str) -> _Account:
    row = session.execute(select(User.id, User.password_hash, User.is_active).where(User.email == email)).first()
    return _Account(*row) if row else _Account(None, None, False)


def _refused(throttle: _Throttle, now: datetime) -> SignInResult:
    left = max(1, math.ceil((throttle.retry_at - now).total_seconds()))
    return SignInResult(None, f"Too many failed sign-ins. Try again in {left} seconds.", left)


def _check(account: _Account, password: str) -> tuple[bool, str | None]:
    """(password right and account usable, a fresh hash if the stored one is outdated)."""
    ok = _verify(account.password_hash, password or "") and account.is_active
    if ok and _hasher.check_needs_rehash(account.password_hash):
        return True, hash_password(password)
    return ok, None


def _record(
    session: Session,
    email: str,
    ip: str | None,
    now: datetime,
    account: _Account,
    ok: bool,
    new_hash: str | None,
    throttle: _Throttle,
    session_days: int,
) -> SignInResult:
    if not ok or account.user_id is None:
        session.add(LoginAttempt(email=email, ip=ip, at=now, succeeded=False))
        nxt = throttle.next_wait()
        msg = BAD_CREDENTIALS + (f" Wait {nxt} seconds before trying again." if nxt else "")
        return SignInResult(None, msg, nxt)
    user = session.get(User, account.user_id)
    if user is None or not user.is_active:  # deactivated or deleted meanwhile
        session.add(LoginAttempt(email=email, ip=ip, at=now, succeeded=False))
        return SignInResult(None, BAD_CREDENTIALS, throttle.next_wait())
    if new_hash:
        user.password_hash = new_hash
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


def sign_in(
    session: Session,
    email: str,
    password: str,
    *,
    ip: str | None = None,
    now: datetime | None = None,
    session_days: int = 14,
) -> SignInResult:
    """Check credentials and open a session, in the caller's transaction. Unknown user and
    wrong password get the same message; see the module docstring for the waits."""
    now = now or utcnow()
    email = normalise_email(email)[:254]
    ip = ip[:_MAX_IP] if ip else None
    throttle = _throttle(session, email, ip, now)
    if throttle.retry_at:
        return _refused(throttle, now)
    account = _account(session, email)
    ok, new_hash = _check(account, password)
    return _record(session, email, ip, now, account, ok, new_hash, throttle, session_days)


def sign_in_outside_transactions(
    engine: Engine,
    email: str,
    password: str,
    *,
    ip: str | None = None,
    now: datetime | None = None,
    session_days: int = 14,
) -> SignInResult:
    """`sign_in` for the web route: the same steps, but the argon2 check runs between a
    read and a short write transaction, so no SQLite write lock is held while hashing
    (other users' saves would wait for it). Two tries racing for the same (e-mail, address)
    may both pass the throttle: at most as many extra tries as hashes run at once."""
    now = now or utcnow()
    email = normalise_email(email)[:254]
    ip = ip[:_MAX_IP] if ip else None
    with read_session(engine) as s:
        throttle = _throttle(s, email, ip, now)
        if throttle.retry_at:
            return _refused(throttle, now)
        account = _account(s, email)
    ok, new_hash = _check(account, password)
    with write_session(engine) as s:
        return _record(s, email, ip, now, account, ok, new_hash, throttle, session_days)


# The wait shown on the sign-in form travels in the redirect's URL, so it is signed: a
# link cannot make the form say "wait 99999 seconds". The key is made once per database
# (app_secrets) so every app process sharing it accepts what another one signed.
_WAIT_SALT = "cs-signin-wait"
_WAIT_KEY_NAME = "signin_wait"


@lru_cache(maxsize=8)
def signing_key(engine: Engine) -> str:
    """This database's key for signing sign-in notices, made on first use."""
    with read_session(engine) as s:
        key = s.scalar(select(AppSecret.value).where(AppSecret.name == _WAIT_KEY_NAME))
    if key:
        return key
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    with write_session(engine) as s:
        s.execute(
            insert(AppSecret)
            .values(name=_WAIT_KEY_NAME, value=secrets.token_urlsafe(48))
            .on_conflict_do_nothing(index_elements=["name"])
        )
    with read_session(engine) as s:  # another process may have won the race: use its key
        return s.scalar(select(AppSecret.value).where(AppSecret.name == _WAIT_KEY_NAME))


def wait_notice(key: str, retry_after: int, *, now: float | None = None) -> str:
    """A signed, URL-safe note of when the next try is allowed (an epoch second)."""
    now = time.time() if now is None else now
    return URLSafeTimedSerializer(key, salt=_WAIT_SALT).dumps(int(now) + int(retry_after))


def wait_left(key: str, notice: object, *, now: float | None = None) -> int:
    """Seconds still to wait per a notice from `wait_notice`; 0 for anything forged,
    unsigned, expired, malformed or already past."""
    if not isinstance(notice, str) or not notice or len(notice) > 200:
        return 0
    now = time.time() if now is None else now
    try:
        retry_at = URLSafeTimedSerializer(key, salt=_WAIT_SALT).loads(notice, max_age=MAX_WAIT_SECONDS + 60)
    except (BadData, ValueError, TypeError):
        return 0
    if not isinstance(retry_at, int) or isinstance(retry_at, bool):
        return 0
    left = retry_at - int(now)
    return left if 0 < left <= MAX_WAIT_SECONDS + 1 else 0


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
