"""The Streamlit helpers the pages share; the only module besides the pages that imports Streamlit."""

import streamlit as st

from hinge.figures import CHART_CONFIG

DEFAULT_CLASS_NAMES = ("cat", "car", "frog", "plane", "ship", "truck", "deer", "dog", "horse", "bird")


def setup_page(title, icon="📐"):
    """Page config and title, the same on every page."""
    st.set_page_config(page_title=f"{title} · hinge loss", page_icon=icon, layout="wide")
    st.title(title)


def show_figure(fig, key):
    """Render a Plotly figure full width with the shared toolbar settings."""
    return st.plotly_chart(fig, key=key, width="stretch", config=CHART_CONFIG)


def show_notices(notices):
    """Show problems with user input (bad URL values, bad cells) as short warnings, never raised."""
    for text in notices:
        st.warning(text, icon="⚠️")
