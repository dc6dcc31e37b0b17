"""The Streamlit helpers the pages share; the only module besides the pages that imports Streamlit."""

import streamlit as st

from hinge.figures import CHART_CONFIG, FONT_SIZE

DEFAULT_CLASS_NAMES = ("cat", "car", "frog", "plane", "ship", "truck", "deer", "dog", "horse", "bird")

# The app's pages in teaching order: (file, title in the menu, URL path; "" is the front page).
# No menu icons: Streamlit fetches Material icons from Google's servers, which a lecture hall
# without internet cannot reach, and emoji need a font a projector's machine may lack.
PAGES = (
    ("pages/0_Playground.py", "Playground", ""),
    ("pages/1_Cross-entropy_vs_hinge.py", "Cross-entropy vs hinge", "Cross-entropy_vs_hinge"),
    ("pages/2_Questions_as_experiments.py", "Questions as experiments", "Questions_as_experiments"),
    ("pages/3_Train_a_linear_classifier.py", "Train a linear classifier", "Train_a_linear_classifier"),
)


PRESENT_FONT_SIZE = 22  # chart text in presentation mode

# Constant CSS, never user text: larger type for a projector.
_PRESENT_CSS = """<style>
html { font-size: 20px; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.15rem; }
[data-testid="stWidgetLabel"] p { font-size: 1.1rem !important; font-weight: 600; }
[data-testid="stMetricValue"] { font-size: 2.6rem !important; }
</style>"""


# Constant CSS: a focus ring that a keyboard user can see from the back of a room, on every
# control (several of Streamlit's only change a border colour). Only for keyboard focus.
# Less empty space above the title, so a page's first screen fits a 720-pixel projector.
_BASE_CSS = """<style>
:focus-visible { outline: 3px solid #0072B2 !important; outline-offset: 2px !important; }
.stMainBlockContainer { padding-top: 2.5rem; }
</style>"""


def setup_page(title, icon="📐"):
    """Page config, the presentation-mode toggle and the title, the same on every page."""
    # a projector link (present=1) opens with the sidebar folded away: the page gets the width
    sidebar = "collapsed" if _present_in_link() else "auto"
    st.set_page_config(
        page_title=f"{title} · hinge loss", page_icon=icon, layout="wide", initial_sidebar_state=sidebar
    )
    st.html(_BASE_CSS + (_PRESENT_CSS if _presentation_toggle() else ""))
    st.title(title)


def _presentation_toggle():
    """A sidebar toggle kept in the URL as `present=1` (a bound toggle would need `present=true`)."""
    if "present" not in st.session_state:
        st.session_state.present = _present_in_link()
    on = st.sidebar.toggle(
        "Presentation mode",
        key="present",
        help="Hides explanations and enlarges text and charts for a projector. In the link as present=1.",
    )
    if on:
        st.query_params["present"] = "1"
    elif "present" in st.query_params:
        del st.query_params["present"]
    return on


def _present_in_link():
    return st.query_params.get("present", "").lower() in ("1", "true", "yes", "on")


def presenting():
    """True while presentation mode is on."""
    return bool(st.session_state.get("present", False))


def chart_font_size():
    """The chart text size to build figures with: larger in presentation mode.

    For figures that set their axis fonts themselves, as Streamlit's chart theme sets its own.
    """
    return PRESENT_FONT_SIZE if presenting() else FONT_SIZE


def explain(markdown):
    """Explanatory text (our own, never user input); hidden in presentation mode."""
    if not presenting():
        st.markdown(markdown)


def show_figure(fig, key, *, theme="streamlit", on_select="ignore", selection_mode=None):
    """Render a Plotly figure full width with the shared toolbar settings.

    In presentation mode the chart's text is enlarged: every figure follows the projector.
    ``theme=None`` keeps the figure's own font sizes (Streamlit's theme sets ~12 px text).
    ``on_select`` and ``selection_mode`` go to ``st.plotly_chart`` (clicks on points, box, lasso).
    """
    selecting = {} if selection_mode is None else {"selection_mode": selection_mode}
    if presenting():
        fig.update_layout(font_size=PRESENT_FONT_SIZE)
    if theme is None and getattr(st.context.theme, "type", None) == "dark":
        # Streamlit's theme would follow dark mode by itself; without it, a few colours do
        fig.update_layout(paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)", font_color="#FAFAFA")
        fig.update_xaxes(gridcolor="#3A3F4B", zerolinecolor="#5A6070", linecolor="#5A6070")
        fig.update_yaxes(gridcolor="#3A3F4B", zerolinecolor="#5A6070", linecolor="#5A6070")
    return st.plotly_chart(
        fig, key=key, width="stretch", config=CHART_CONFIG, theme=theme, on_select=on_select, **selecting
    )


def show_notices(notices):
    """Show problems with user input (bad URL values, bad cells) as short warnings, never raised."""
    for text in notices:
        st.warning(text, icon="⚠️")


def whole_number_input(label, min_value, max_value, value=None, step=1, *, key, **kwargs):
    """An int from a number box that a link can set (`bind="query-params"` is passed through).

    Streamlit 1.67's integer number_input raises OverflowError when a link carries `inf` or
    1e400 for it; the float box drops such values, so it is used with whole steps and rounded.
    Leave `value` out when callbacks set the key: it then starts at `min_value`.
    """
    if value is not None:
        kwargs["value"] = float(value)
    got = st.number_input(
        label, float(min_value), float(max_value), step=float(step), format="%.0f", key=key, **kwargs
    )
    return round(got)
