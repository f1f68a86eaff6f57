"""The one view menu, used by every tab that has views: the views list (defaults, "My
pinned views", all views), "+ Create view", and each view's three-dots menu."""

from __future__ import annotations

import streamlit as st

from cslib import views
from cslib.i18n import N_, _, pgettext
from cslib.permissions import Actor, can_manage_default_views, can_share_with_everyone
from cslib.ui import session
from cslib.ui.choices import translated
from cslib.ui.md import md
from cslib.ui.writes import conflict_notice, drawn_version, forget, form_keys, run_write

DIALOG_KEY = "_view_dialog"
SHARING = {"private": N_("Private"), "everyone": N_("Everyone")}


def _open(kind: str, view_id: int | None = None) -> None:
    forget("vd_")  # a dialog opens afresh: no typed values or drawn version from an earlier one
    st.session_state[DIALOG_KEY] = {"kind": kind, "view_id": view_id}


def _close() -> None:
    st.session_state.pop(DIALOG_KEY, None)


def _sharing_choices(actor: Actor) -> list[str]:
    return ["private", "everyone"] if can_share_with_everyone(actor) else ["private"]


def _view_button(actor: Actor, info: views.ViewInfo, current_id: int | None, key: str) -> int | None:
    name_col, menu_col = st.columns([4, 1], vertical_alignment="center")  # room for the ⋮ menu and its arrow
    picked = name_col.button(
        md(info.name),
        key=f"{key}_open_{info.id}",
        type="primary" if info.id == current_id else "tertiary",
        width="stretch",
        help=md(info.default_description, one_line=False) or md(info.name),  # a long name is cut short
    )
    with menu_col.popover("", icon=":material/more_vert:", help=_("Actions for {name}", name=md(info.name))):
        _menu_items(actor, info, key)
    return info.id if picked else None


def _menu_items(actor: Actor, info: views.ViewInfo, key: str) -> None:
    items: list[tuple[str, str]] = []
    admin = can_manage_default_views(actor)
    if admin and info.sharing == "everyone" and not info.is_default:
        items.append(("set_default", _("Set as default")))
    if info.can_edit:
        items.append(("edit", _("Edit view")))
    items.append(("clone", _("Clone view")))
    items.append(("unpin", _("Unpin view")) if info.pinned else ("pin", _("Pin view")))
    if admin and info.is_default:
        items.append(("remove_default", _("Remove as default")))
    if info.can_delete:
        items.append(("delete", _("Delete view")))
    done = {
        "pin": (views.pin_view, _("Pin view: {name}.", name=info.name)),
        "unpin": (views.unpin_view, _("Unpin view: {name}.", name=info.name)),
        "remove_default": (views.remove_default, _("Remove as default: {name}.", name=info.name)),
    }
    for kind, label in items:
        if st.button(label, key=f"{key}_{kind}_{info.id}", type="tertiary"):
            if kind in done:
                action, success = done[kind]
                run_write(lambda s, a=action: a(s, actor, info.id), success=success)
            else:
                _open(kind, info.id)
                st.rerun()


SWITCH_KEY = "_switch_to_view"


def _done(s, result=None) -> None:  # noqa: ANN001
    """After a successful dialog write: close it, and open the view it made (if any)."""
    _close()
    if isinstance(result, views.ViewInfo):
        st.session_state[SWITCH_KEY] = result.id


def _sharing_radio(actor: Actor, key: str, current: str = "private") -> str:
    choices = _sharing_choices(actor)
    if len(choices) == 1:
        st.caption(_("Shared with: Private (only admins can share views with everyone)."))
        return "private"
    return st.radio(
        _("Share with"),
        choices,
        index=choices.index(current),
        format_func=translated(SHARING),
        key=key,
        horizontal=True,
    )


def _create_dialog(actor: Actor, object_type: str, current: dict) -> None:
    @st.dialog(_("Create view"), on_dismiss=_close)
    def dialog() -> None:
        _create_form(actor, object_type, current)

    dialog()


def _create_form(actor: Actor, object_type: str, current: dict) -> None:
    st.caption(_("The new view keeps the filters, columns and sort you are looking at now."))
    name = st.text_input(pgettext("view", "Name"), max_chars=120, key="vd_create_name")
    sharing = _sharing_radio(actor, "vd_create_sharing")
    default, description = False, None
    if can_manage_default_views(actor):
        default = st.checkbox(
            _("Set view as default and highlight on the overview page"),
            key="vd_create_default",
            help=_("Only views shared with Everyone can be default; at most six."),
        )
        if default:
            description = st.text_area(_("Description"), max_chars=500, key="vd_create_desc")
    if st.button(_("Create view"), type="primary", key="vd_create_go"):
        run_write(
            lambda s: _done(
                s,
                views.create_view(
                    s,
                    actor,
                    object_type,
                    name=name,
                    sharing=sharing,
                    filters=current.get("filters"),
                    columns=current.get("columns"),
                    sort=current.get("sort"),
                    layout=current.get("layout", "table"),
                    set_default=default,
                    default_description=description,
                ),
            ),
            success=_("Created the view “{name}”.", name=name),
            clear=("vd_",),
        )


def _edit_dialog(actor: Actor, info: views.ViewInfo) -> None:
    @st.dialog(_("Edit view"), on_dismiss=_close)
    def dialog() -> None:
        _edit_form(actor, info)

    dialog()


def _edit_form(actor: Actor, info: views.ViewInfo) -> None:
    prefix = f"vd_edit_{info.id}_"
    version = drawn_version(f"{prefix}version", info.version)  # a rename meanwhile is a conflict
    k = form_keys(prefix)  # renewed by Reload, so the fields show the saved values
    name = st.text_input(pgettext("view", "Name"), value=info.name, max_chars=120, key=f"{k}name")
    sharing = _sharing_radio(actor, f"{k}sharing", info.sharing)
    if st.button(_("Confirm"), type="primary", key="vd_edit_go"):
        run_write(
            lambda s: _done(
                s, views.update_view(s, actor, info.id, expected_version=version, name=name, sharing=sharing)
            ),
            success=_("Saved the view."),
            clear=("vd_",),
            form=prefix,
        )
    conflict_notice(prefix, f"{prefix}reload")


def _clone_dialog(actor: Actor, info: views.ViewInfo) -> None:
    @st.dialog(_("Clone view"), on_dismiss=_close)
    def dialog() -> None:
        copy = _("{name} (copy)", name=info.name)[:120]
        name = st.text_input(pgettext("view", "Name"), value=copy, max_chars=120, key=f"vd_clone_name_{info.id}")
        sharing = _sharing_radio(actor, f"vd_clone_sharing_{info.id}")
        if st.button(_("Clone view"), type="primary", key="vd_clone_go"):
            run_write(
                lambda s: _done(s, views.clone_view(s, actor, info.id, name=name, sharing=sharing)),
                success=_("Cloned “{name}”.", name=info.name),
                clear=("vd_",),
            )

    dialog()


def _delete_dialog(actor: Actor, info: views.ViewInfo) -> None:
    @st.dialog(_("Delete view"), on_dismiss=_close)
    def dialog() -> None:
        st.markdown(_("Delete the view “{name}”? Nobody will see it any more.", name=md(info.name)))
        sure = st.checkbox(_("I'm sure I want to delete this view"), key=f"vd_delete_sure_{info.id}")
        if st.button(_("Delete"), type="primary", key="vd_delete_go", disabled=not sure):
            run_write(
                lambda s: _done(s, views.delete_view(s, actor, info.id, confirmed=sure)),
                success=_("Deleted the view “{name}”.", name=info.name),
                clear=("vd_",),
            )

    dialog()


def _default_dialog(actor: Actor, info: views.ViewInfo) -> None:
    @st.dialog(_("Set as default"), on_dismiss=_close)
    def dialog() -> None:
        st.caption(_("Default views show as cards on everyone's Overview (at most six)."))
        description = st.text_area(_("Description"), max_chars=500, key=f"vd_default_desc_{info.id}")
        if st.button(_("Save"), type="primary", key="vd_default_go"):
            run_write(
                lambda s: _done(s, views.set_default(s, actor, info.id, description=description)),
                success=_("“{name}” is now a default view.", name=info.name),
                clear=("vd_",),
            )

    dialog()


def _dialog(actor: Actor, object_type: str, by_id: dict[int, views.ViewInfo], current: dict) -> None:
    spec = st.session_state[DIALOG_KEY]
    if spec["kind"] == "create":
        _create_dialog(actor, object_type, current)
        return
    info = by_id.get(spec["view_id"])
    if info is None:
        _close()
        return
    {"edit": _edit_dialog, "clone": _clone_dialog, "delete": _delete_dialog, "set_default": _default_dialog}[
        spec["kind"]
    ](actor, info)


def render(actor: Actor, object_type: str, current_id: int | None, current: dict, *, key: str) -> int | None:
    """Draw the views list in the sidebar; returns the id of a view the user picked (or
    that a dialog just created). `current` holds the filters, columns and sort on screen,
    which "+ Create view" saves."""
    with session.reading() as s:
        visible = views.list_views(s, actor, object_type)
    picked = None
    with st.sidebar:
        st.divider()
        head, add = st.columns([2, 3], vertical_alignment="center")  # room for "+ Utwórz widok"
        head.markdown(_("**Views**"))
        if add.button(_("+ Create view"), key=f"{key}_create", type="tertiary"):
            _open("create")
            st.rerun()
        sections = (
            (_("Default views"), [v for v in visible if v.is_default]),
            (_("My pinned views"), [v for v in visible if v.pinned and not v.is_default]),
            (_("Other views"), [v for v in visible if not v.is_default and not v.pinned]),
        )
        for title, items in sections:
            if items:
                st.caption(title)
                for info in items:
                    picked = _view_button(actor, info, current_id, key) or picked
    if st.session_state.get(DIALOG_KEY):
        _dialog(actor, object_type, {v.id: v for v in visible}, current)
    return st.session_state.pop(SWITCH_KEY, None) or picked
