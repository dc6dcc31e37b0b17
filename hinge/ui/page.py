"""The app's menu and what every page does first: its set-up, presentation mode, explanations, notices."""

import zlib

import streamlit as st

from hinge import note
from hinge.figures import FONT_SIZE
from hinge.ui import workarounds

DEFAULT_CLASS_NAMES = note.CLASS_NAMES

# The app's pages in teaching order: (file, title in the menu, URL path; "" is the front page).
# No menu icons: Streamlit fetches Material icons from Google's servers, which a lecture hall
# without internet cannot reach, and emoji need a font a projector's machine may lack.
PAGES = (
    ("pages/0_Playground.py", "Playground", ""),
    ("pages/4_Lesson.py", "Lesson", "Lesson"),
    ("pages/5_Classroom.py", "Classroom", "Classroom"),
    ("pages/1_Cross-entropy_vs_hinge.py", "Cross-entropy vs hinge", "Cross-entropy_vs_hinge"),
    ("pages/2_Questions_as_experiments.py", "Questions as experiments", "Questions_as_experiments"),
    ("pages/3_Train_a_linear_classifier.py", "Train a linear classifier", "Train_a_linear_classifier"),
)

PRESENT_FONT_SIZE = 22  # chart text in presentation mode


def navigation():
    """The app's menu, from PAGES; app.py runs the page it returns.

    Importing hinge.ui must stay cheap, and the slow set-up waits until the menu is
    out: a fresh server's first run starts with a menu Streamlit builds from pages/ (see
    `workarounds.take_over_menu`), which the browser showed for 0.3-0.6 s while hinge.ui loaded.
    """
    pages = [st.Page(path, title=title, url_path=url or None, default=not url) for path, title, url in PAGES]
    page = st.navigation(pages)
    workarounds.freeze_startup_heap()
    workarounds.tcp_nodelay()
    return page


def page_routes():
    """The routes app.py adds to Streamlit's server: each page's own address (see workarounds.page_routes)."""
    return workarounds.page_routes([url for _, _, url in PAGES])


def setup_page(title, icon="📐"):
    """Page config, the presentation-mode toggle and the title, the same on every page."""
    workarounds.take_over_menu(navigation)
    # a projector link (present=1) opens with the sidebar folded away: the page gets the width
    # (and so does every page a lecturer goes to in presentation mode); the toggle does not fold it
    sidebar = workarounds.sidebar_state(title)
    st.set_page_config(
        page_title=f"{title} · hinge loss", page_icon=icon, layout="wide", initial_sidebar_state=sidebar
    )
    on = workarounds.presentation_toggle(
        "Presentation mode",
        help="Hides explanations and enlarges text and charts for a projector. In the link as present=1.",
    )
    st.html(workarounds.BASE_CSS + (workarounds.PRESENT_CSS if on else ""))
    st.title(title)


def presenting():
    """True while presentation mode is on."""
    return bool(st.session_state.get(workarounds.PRESENTING, False))


def chart_font_size():
    """The chart text size to build figures with: larger in presentation mode.

    For figures that set their axis fonts themselves, as Streamlit's chart theme sets its own.
    """
    return PRESENT_FONT_SIZE if presenting() else FONT_SIZE


def explain(markdown, *, caption=False):
    """Explanatory text (our own, never user input), as markdown or a `caption`; hidden in presentation mode.

    Drawn in both modes, in a container of its own that presentation mode's CSS hides
    (`workarounds.EXPLAIN_KEY`): turning the mode on or off then changes no element's place in
    the page. Dropped from it, the explanation moved every later element one place up, and the
    browser re-created them all, each chart drawn anew (0.7-3 s a toggle, measured).
    The container's key comes from the text: the same text twice on a page is an error.
    """
    with st.container(key=f"{workarounds.EXPLAIN_KEY}{zlib.crc32(markdown.encode()):08x}"):
        (st.caption if caption else st.markdown)(markdown)


def show_notices(notices):
    """Show problems with user input (bad URL values, bad cells) as short warnings, never raised."""
    for text in notices:
        st.warning(text, icon="⚠️")


def with_presentation(query, on):
    """A share link's query string, with `present=1` when presentation mode is on.

    >>> with_presentation("classes=3&label=cat", True)
    'classes=3&label=cat&present=1'
    >>> with_presentation("", True), with_presentation("classes=3", False)
    ('present=1', 'classes=3')
    """
    if not on or "present=1" in query.split("&"):
        return query
    return f"{query}&present=1" if query else "present=1"
