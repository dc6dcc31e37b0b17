"""The bare app (bare_app.py) with the playground's one server-side trick: a frozen startup heap.

Not the issue's baseline; it shows how much of the bare app's latency is Streamlit's
forced full garbage collection after each run (see hinge.ui.workarounds.freeze_startup_heap).
"""

import gc

import streamlit as st

if gc.get_freeze_count() == 0:
    gc.collect()
    gc.freeze()

value = st.slider("value", 0.0, 10.0, 3.2, 0.1, key="value")
st.write(f"The value is {value:.1f}.")
