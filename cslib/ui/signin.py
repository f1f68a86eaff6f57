"""The sign-in page: a plain HTML form posting to /auth/login (which sets an HttpOnly
cookie), and on a demo database the demo accounts to try each role."""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

import streamlit as st

from cslib import users
from cslib.i18n import N_, _, ngettext
from cslib.ui import session
from cslib.users import FREE_FAILURES

MESSAGES = {
    "bad": N_("Wrong e-mail or password."),
    "locked": N_("Too many failed sign-ins."),
    "origin": N_("The sign-in form came from another site and was refused. Please try again here."),
}


def _error_message() -> str | None:
    """The message for the code /auth/login put in the URL. The code only picks one of
    MESSAGES; the wait comes as a notice /auth/login signed (anything else, e.g. a
    hand-made `wait=99999`, shows no number), counted down to now."""
    code = st.query_params.get("signin_error")
    if code not in MESSAGES:
        return None
    notice = st.query_params.get("wait")
    seconds = users.wait_left(users.signing_key(session.get_engine()), notice) if notice else 0
    message = _(MESSAGES[code])
    if seconds:
        wait = ngettext("Wait {n} second before trying again.", "Wait {n} seconds before trying again.", seconds)
        message = f"{message} {wait}"
    return message


def _form_html(next_path: str, email: str) -> str:
    labels = {"email": _("E-mail"), "password": _("Password"), "submit": _("Sign in")}
    labels = {k: escape(v) for k, v in labels.items()}
    return f"""
<form method="post" action="/auth/login" class="cs-signin" autocomplete="on">
  <label for="cs-email">{labels["email"]}</label>
  <input id="cs-email" name="email" type="email" required autocomplete="username"
         value="{escape(email, quote=True)}" />
  <label for="cs-password">{labels["password"]}</label>
  <input id="cs-password" name="password" type="password" required autocomplete="current-password" />
  <input type="hidden" name="next" value="{escape(next_path, quote=True)}" />
  <button type="submit">{labels["submit"]}</button>
</form>
<style>
.cs-signin {{ display:flex; flex-direction:column; gap:.35rem; max-width:420px; }}
.cs-signin label {{ font-size:.9rem; color:#31333f; margin-top:.4rem; }}
.cs-signin input {{ font:inherit; padding:.55rem .7rem; border:1px solid #d0d3da; border-radius:.5rem; }}
.cs-signin input:focus {{ outline:2px solid #ff7a59; border-color:#ff7a59; }}
.cs-signin button {{ margin-top:1rem; font:inherit; font-weight:600; padding:.6rem; border:0;
  border-radius:.5rem; background:#ff7a59; color:white; cursor:pointer; }}
.cs-signin button:hover {{ background:#e8603f; }}
</style>"""


def _query_string() -> str:
    keep = {k: v for k, v in st.query_params.to_dict().items() if k not in ("signin_error", "wait", "email")}
    return urlencode(keep)


def render_sign_in(next_path: str = "/") -> None:
    from cslib.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
    from cslib.users import is_demo

    st.title(_("Customer Success workspace"))
    st.caption(_("Sign in to run your day: customers, renewals, tasks and health in one place."))
    message = _error_message()
    if message:
        st.error(message, icon=":material/error:")
    qs = _query_string()
    target = f"{next_path}?{qs}" if qs else next_path
    st.html(_form_html(target, st.query_params.get("email", "")[:254]))
    st.caption(_("After {n} failed tries, each further try has to wait longer.", n=FREE_FAILURES))
    with session.reading() as s:
        demo = is_demo(s)
    if demo:
        st.subheader(_("Demo accounts"), anchor=False)
        st.write(_("Every demo account uses the password **{password}**.", password=DEMO_PASSWORD))
        st.dataframe(
            [{_("E-mail"): a.email, _("Name"): a.name, _("Role"): _(a.role)} for a in DEMO_ACCOUNTS],
            hide_index=True,
            width="content",
        )
