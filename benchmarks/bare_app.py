"""The floor for the latency benchmark: a bare Streamlit app, one slider and one line of text."""

import streamlit as st

value = st.slider("value", 0.0, 10.0, 3.2, 0.1, key="value")
st.write(f"The value is {value:.1f}.")
