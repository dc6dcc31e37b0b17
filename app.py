"""The app's entry point: its pages, named for the menu, the playground first.

`streamlit run app.py` finds `app` below and serves it (an ASGI app, Streamlit's own server
with one route more for each page's own address, see hinge.ui.workarounds.page_routes); each
run of the app runs the menu.
"""

import streamlit as st

from hinge import ui

app = st.App(__file__, routes=ui.page_routes())

if __name__ == "__main__":
    ui.navigation().run()
