"""A versioned table editor: ``st.data_editor`` whose edits can be replaced by a new base table."""

import streamlit as st


def editor_version(name):
    """The version of editor `name`: its widget key changes with it (see :func:`versioned_editor`)."""
    return st.session_state.get(f"_{name}_version", 0)


def forget_edits(name):
    """Throw away editor `name`'s edits: its next drawing is a new widget over the rows the page gives it.

    Safe in a callback. Streamlit's data editor keeps its edits under its key, and a table whose
    rows change under the same key would replay them onto the new rows.
    """
    st.session_state[f"_{name}_version"] = editor_version(name) + 1


def editor_drawn(name, suffix=""):
    """Whether editor `name` holds edits from an earlier run (False on a new visit or after forget_edits)."""
    return f"{name}_editor_{editor_version(name)}{suffix}" in st.session_state


def versioned_editor(name, data, *, suffix="", **kwargs):
    """``st.data_editor`` over `data`, keyed so that :func:`forget_edits` can replace its edits.

    `suffix` is added to the key (e.g. the number of rows, so a shorter table is a new widget).
    Returns the edited table, as ``st.data_editor`` does.
    """
    return st.data_editor(data, key=f"{name}_editor_{editor_version(name)}{suffix}", **kwargs)


def editor_edited(name, suffix=""):
    """Whether editor `name` holds any edit (a changed cell, an added or deleted row) over its base table."""
    state = st.session_state.get(f"{name}_editor_{editor_version(name)}{suffix}")
    return isinstance(state, dict) and any(
        state.get(k) for k in ("edited_rows", "added_rows", "deleted_rows")
    )
