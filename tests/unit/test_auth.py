from datetime import UTC, datetime, timedelta

from cslib import auth
from tests.factories import PASSWORD, make_user

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_sign_in_opens_a_session_that_resolves_to_the_user(session):
    user = make_user(session, email="ann@example.com")
    result = auth.sign_in(session, " Ann@Example.com ", PASSWORD, now=T0)
    assert result.error is None and result.token
    actor = auth.actor_for_token(session, result.token, now=T0 + timedelta(hours=1))
    assert actor is not None and actor.id == user.id


def test_stored_hash_is_argon2id(session):
    user = make_user(session, password_hash=auth.hash_password("pw-123456"))
    assert user.password_hash.startswith("$argon2id$")


def test_unknown_user_and_wrong_password_get_the_same_message(session):
    make_user(session, email="bob@example.com")
    wrong = auth.sign_in(session, "bob@example.com", "nope", now=T0)
    unknown = auth.sign_in(session, "nobody@example.com", "nope", now=T0)
    assert wrong.token is None and unknown.token is None
    assert wrong.error == unknown.error == auth.BAD_CREDENTIALS


def test_repeated_failures_make_the_user_wait_longer_and_longer(session):
    make_user(session, email="eve@example.com")
    t = T0
    for _ in range(3):
        assert auth.sign_in(session, "eve@example.com", "bad", now=t).token is None
    # Fourth try right away: refused without even checking, even with the right password.
    blocked = auth.sign_in(session, "eve@example.com", PASSWORD, now=t + timedelta(seconds=1))
    assert blocked.token is None and "Try again in" in blocked.error
    assert auth.wait_after(3) == 2 and auth.wait_after(4) == 4 and auth.wait_after(5) == 8
    assert auth.wait_after(50) == auth.MAX_WAIT_SECONDS
    # After the wait, the right password works and resets the count.
    ok = auth.sign_in(session, "eve@example.com", PASSWORD, now=t + timedelta(seconds=3))
    assert ok.token
    assert auth.sign_in(session, "eve@example.com", "bad", now=t + timedelta(seconds=4)).retry_after == 0


def test_sign_out_revokes_the_session(session):
    make_user(session, email="sam@example.com")
    token = auth.sign_in(session, "sam@example.com", PASSWORD, now=T0).token
    auth.sign_out(session, token, now=T0)
    assert auth.actor_for_token(session, token, now=T0) is None


def test_expired_garbage_and_deactivated_tokens_resolve_to_nobody(session):
    user = make_user(session, email="kim@example.com")
    token = auth.sign_in(session, "kim@example.com", PASSWORD, now=T0, session_days=1).token
    assert auth.resolve_token(session, token, now=T0 + timedelta(hours=1)).needs_touch
    auth.touch(session, token, now=T0 + timedelta(hours=1), session_days=1)
    assert auth.actor_for_token(session, token, now=T0 + timedelta(hours=24)) is not None
    assert auth.actor_for_token(session, token, now=T0 + timedelta(days=3)) is None
    assert auth.actor_for_token(session, "garbage", now=T0) is None
    assert auth.actor_for_token(session, "x" * 5000, now=T0) is None
    token2 = auth.sign_in(session, "kim@example.com", PASSWORD, now=T0).token
    user.is_active = False
    session.flush()
    assert auth.actor_for_token(session, token2, now=T0) is None


def test_deactivated_user_cannot_sign_in(session):
    make_user(session, email="old@example.com", is_active=False)
    assert auth.sign_in(session, "old@example.com", PASSWORD, now=T0).error == auth.BAD_CREDENTIALS
