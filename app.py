"""The hinge loss playground: the page a lecturer opens first."""

import streamlit as st

import hinge
from hinge import ui

ui.setup_page("The multi-class SVM (hinge) loss")
st.latex(r"L_i = \sum_{j \neq y_i} \max(0,\; s_j - s_{y_i} + \Delta)")
correct = st.slider("Score of the correct class (cat)", -5.0, 10.0, 3.2, 0.1, key="s0")
loss = hinge.svm_loss([correct, 5.1, -1.7], 0)
st.metric("Loss", f"{loss:.2f}")
