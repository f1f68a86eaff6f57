from datetime import UTC, datetime, timedelta

from cslib import users
from tests.factories import PASSWORD, make_user

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_sign_in_opens_a_session_that_resolves_to_the_user(session):
    user = make_user(session, email="ann@example.com")
    result = users.sign_in(session, " Ann@Example.com ", PASSWORD, now=T0)
    assert result.error is None and result.token
    actor = users.actor_for_token(session, result.token, now=T0 + timedelta(hours=1))
    assert actor is not None and actor.id == user.id


def test_stored_hash_is_argon2id(session):
    user = make_user(session, password_hash=users.hash_password("pw-123456"))
    assert user.password_hash.startswith("$argon2id$")


def test_unknown_user_and_wrong_password_get_the_same_message(session):
    make_user(session, email="bob@example.com")
    wrong = users.sign_in(session, "bob@example.com", "nope", now=T0)
    unknown = users.sign_in(session, "nobody@example.com", "nope", now=T0)
    assert wrong.token is None and unknown.token is None
    assert wrong.error == unknown.error == users.BAD_CREDENTIALS


def test_repeated_failures_make_the_user_wait_longer_and_longer(session):
    make_user(session, email="eve@example.com")
    t = T0
    for _ in range(3):
        assert users.sign_in(session, "eve@example.com", "bad", now=t).token is None
    # Fourth try right away: refused without even checking, even with the right password.
    blocked = users.sign_in(session, "eve@example.com", PASSWORD, now=t + timedelta(seconds=1))
    assert blocked.token is None and "Try again in" in blocked.error
    assert users.wait_after(3) == 2 and users.wait_after(4) == 4 and users.wait_after(5) == 8
    assert users.wait_after(50) == users.MAX_WAIT_SECONDS
    # After the wait, the right password works and resets the count.
    ok = users.sign_in(session, "eve@example.com", PASSWORD, now=t + timedelta(seconds=3))
    assert ok.token
    assert users.sign_in(session, "eve@example.com", "bad", now=t + timedelta(seconds=4)).retry_after == 0


def test_sign_out_revokes_the_session(session):
    make_user(session, email="sam@example.com")
    token = users.sign_in(session, "sam@example.com", PASSWORD, now=T0).token
    users.sign_out(session, token, now=T0)
    assert users.actor_for_token(session, token, now=T0) is None


def test_expired_garbage_and_deactivated_tokens_resolve_to_nobody(session):
    user = make_user(session, email="kim@example.com")
    token = users.sign_in(session, "kim@example.com", PASSWORD, now=T0, session_days=1).token
    assert users.resolve_token(session, token, now=T0 + timedelta(hours=1)).needs_touch
    users.touch(session, token, now=T0 + timedelta(hours=1), session_days=1)
    assert users.actor_for_token(session, token, now=T0 + timedelta(hours=24)) is not None
    assert users.actor_for_token(session, token, now=T0 + timedelta(days=3)) is None
    assert users.actor_for_token(session, "garbage", now=T0) is None
    assert users.actor_for_token(session, "x" * 5000, now=T0) is None
    token2 = users.sign_in(session, "kim@example.com", PASSWORD, now=T0).token
    user.is_active = False
    session.flush()
    assert users.actor_for_token(session, token2, now=T0) is None


def test_deactivated_user_cannot_sign_in(session):
    make_user(session, email="old@example.com", is_active=False)
    assert users.sign_in(session, "old@example.com", PASSWORD, now=T0).error == users.BAD_CREDENTIALS


# The throttle keys on (e-mail, address) and on the address alone, never on the e-mail
# alone: whoever knows an address cannot keep its owner out.
ATTACKER, OWNER_IP = "198.51.100.7", "203.0.113.9"


def _fail_until(session, email, ip, t, tries):
    """`tries` wrong passwords from `ip`, each after the wait the previous one asked for;
    returns the time of the last one."""
    for _ in range(tries):
        last = t
        result = users.sign_in(session, email, "wrong", ip=ip, now=t)
        assert result.token is None and result.error.startswith(users.BAD_CREDENTIALS), result.error
        t += timedelta(seconds=result.retry_after)
    return last


def test_fifty_failures_from_one_address_do_not_keep_the_owner_out_elsewhere(session):
    make_user(session, email="owner@example.com")
    t = T0
    for i in range(50):  # hammering: every try after the third is refused without a check
        error = users.sign_in(session, "owner@example.com", "wrong", ip=ATTACKER, now=t).error
        assert ("Try again in" in error) == (i >= 3), (i, error)
        t += timedelta(milliseconds=10)
    ok = users.sign_in(session, "owner@example.com", PASSWORD, ip=OWNER_IP, now=t)
    assert ok.token and ok.error is None


def test_fifty_real_failures_spread_out_still_leave_the_owner_in(session):
    make_user(session, email="owner2@example.com")
    t = _fail_until(session, "owner2@example.com", ATTACKER, T0, 50) + timedelta(seconds=1)
    assert users.sign_in(session, "owner2@example.com", PASSWORD, ip=OWNER_IP, now=t).token
    # …while the attacker's own address still has to wait, right password or not.
    refused = users.sign_in(session, "owner2@example.com", PASSWORD, ip=ATTACKER, now=t)
    assert refused.token is None and refused.retry_after > 0 and "Try again in" in refused.error


def test_backoff_applies_per_email_and_address(session):
    make_user(session, email="pat@example.com")
    t = _fail_until(session, "pat@example.com", ATTACKER, T0, 3)
    # The attacker's address waits 2 s for this e-mail …
    blocked = users.sign_in(session, "pat@example.com", PASSWORD, ip=ATTACKER, now=t)
    assert blocked.token is None and blocked.retry_after == 2 and "Try again in 2 seconds" in blocked.error
    # … another e-mail from the same address is not yet throttled (address cap is 20) …
    make_user(session, email="quinn@example.com")
    assert users.sign_in(session, "quinn@example.com", PASSWORD, ip=ATTACKER, now=t).token
    # … and after the wait, the next failure asks for 4 s, the one after for 8 s.
    t += timedelta(seconds=2)
    assert users.sign_in(session, "pat@example.com", "wrong", ip=ATTACKER, now=t).retry_after == 4
    t += timedelta(seconds=4)
    assert users.sign_in(session, "pat@example.com", "wrong", ip=ATTACKER, now=t).retry_after == 8


def test_one_address_spraying_a_hundred_emails_hits_the_address_cap(session):
    t = T0
    checked = 0
    for i in range(100):
        result = users.sign_in(session, f"user{i}@example.com", "Winter2026!", ip=ATTACKER, now=t)
        assert result.token is None
        checked += result.error.startswith(users.BAD_CREDENTIALS)
        t += timedelta(seconds=1)
    # Twenty free failures, then 2 s, 4 s, 8 s … between tries: a handful more in 100 s.
    assert users.ADDRESS_FREE_FAILURES <= checked <= users.ADDRESS_FREE_FAILURES + 6, checked
    refused = users.sign_in(session, "another@example.com", "x", ip=ATTACKER, now=t)
    assert "Try again in" in refused.error
    # Other addresses are not affected, and the cap ends with the 15-minute window.
    assert users.sign_in(session, "another@example.com", "x", ip=OWNER_IP, now=t).error == users.BAD_CREDENTIALS
    later = t + users.FAILURE_WINDOW + timedelta(seconds=1)
    assert users.sign_in(session, "another@example.com", "x", ip=ATTACKER, now=later).error == users.BAD_CREDENTIALS
    assert users.address_wait_after(19) == 0 and users.address_wait_after(20) == 2
    assert users.address_wait_after(1000) == users.MAX_WAIT_SECONDS


def test_a_success_resets_its_own_pair_but_not_the_address_cap(session):
    make_user(session, email="rae@example.com", password_hash=users.hash_password("rae-password"))
    t = _fail_until(session, "rae@example.com", ATTACKER, T0, 3)
    t += timedelta(seconds=2)
    assert users.sign_in(session, "rae@example.com", "rae-password", ip=ATTACKER, now=t).token
    assert users.sign_in(session, "rae@example.com", "wrong", ip=ATTACKER, now=t).retry_after == 0
    # Failures from one address over many e-mails are not wiped by a success on its own account.
    for i in range(users.ADDRESS_FREE_FAILURES):
        users.sign_in(session, f"spray{i}@example.com", "wrong", ip="192.0.2.50", now=t)
    make_user(session, email="mallory@example.com")
    assert users.sign_in(session, "mallory@example.com", PASSWORD, ip="192.0.2.50", now=t).retry_after > 0


def test_web_sign_in_checks_the_password_outside_transactions(engine):
    import uuid

    from cslib.db import write_session

    # Commits: a unique e-mail, addresses and day no other test uses.
    email, day = f"tx-{uuid.uuid4().hex[:8]}@example.com", T0 - timedelta(days=30)
    with write_session(engine) as s:
        make_user(s, email=email)
    wrong = users.sign_in_outside_transactions(engine, email, "wrong", ip="192.0.2.200", now=day)
    assert wrong.token is None and wrong.error == users.BAD_CREDENTIALS
    ok = users.sign_in_outside_transactions(engine, email, PASSWORD, ip="192.0.2.201", now=day)
    assert ok.token
    with write_session(engine) as s:
        assert users.actor_for_token(s, ok.token, now=day).email == email


def test_wait_notices_are_signed_and_bounded():
    key = "k" * 40
    notice = users.wait_notice(key, 8, now=1_000_000)
    assert users.wait_left(key, notice, now=1_000_000) == 8
    assert users.wait_left(key, notice, now=1_000_003) == 5
    assert users.wait_left(key, notice, now=1_000_009) == 0
    assert users.wait_left("another key" * 4, notice, now=1_000_000) == 0
    for forged in ["99999", "²", "", "a.b.c", notice[:-2] + "xx", None, 5, "x" * 5000]:
        assert users.wait_left(key, forged, now=1_000_000) == 0
    assert users.wait_left(key, users.wait_notice(key, 99999, now=1_000_000), now=1_000_000) == 0


def test_every_app_process_on_a_database_gets_the_same_signing_key(engine):
    users.signing_key.cache_clear()
    first = users.signing_key(engine)
    users.signing_key.cache_clear()
    assert users.signing_key(engine) == first and len(first) >= 40
