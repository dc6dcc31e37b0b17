"""The app's entry point: its pages, named for the menu, the playground first."""

import streamlit as st

from hinge.ui import PAGES

pages = [st.Page(path, title=title, url_path=url or None, default=not url) for path, title, url in PAGES]
st.navigation(pages).run()
