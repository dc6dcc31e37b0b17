"""The link (st.query_params) side of hinge.links: correct a page's link, keep a value in it, drop keys."""

import streamlit as st

from hinge.ui import workarounds
from hinge.ui.page import show_notices

drop_from_link = workarounds.drop_from_link


def correct_link(fixes, notices, *, key):
    """Apply `fixes` of hinge.links.check_link before any control is drawn, and show `notices`.

    Controls take their first value from the link the run started with, so a corrected link
    starts the run again, once a visit (session key `key` remembers it); the notices are kept
    for that run. A key bound to a control drawn earlier in this session is left to the control.
    """
    if fixes and key not in st.session_state:
        for name, text in fixes.items():
            if text is None:
                drop_from_link([name])
            else:
                workarounds.put_in_link(name, text)
        st.session_state[key] = notices
        st.rerun()
    show_notices(st.session_state.pop(key, notices))


def keep_in_link(name, text, *, default=None):
    """Put `text` in the link as `name`; take `name` out when `text` is None or the `default` text.

    Writes only on a change: each write is a message to the browser.
    """
    if text is None or text == default:
        drop_from_link([name])
    elif st.query_params.get(name) != text:
        st.query_params[name] = text


def first_run_of_visit(key):
    """True on the first run of a visit, False on every later one (session key `key` remembers it).

    For a page that reads its link once, as it came, before its controls take their values from it.
    """
    first = key not in st.session_state
    st.session_state[key] = True
    return first
