"""The note's five questions (and three more from the lecture) as experiments, and the loss landscape."""

import streamlit as st

from hinge import experiments as ex
from hinge import experiments_controls as ctl
from hinge import landscape, registry, ui
from hinge import random_scores as rs
from hinge.figures import experiments as fx
from hinge.note import IMAGES, NOTE_CLASSES

ui.setup_page("Questions as experiments", icon="🧪")
ui.explain(
    "The note ends with five questions and short answers. Each tab turns one into an experiment: "
    "push on the controls and read what the numbers say — every finding below is computed, not written."
)

NAMES = NOTE_CLASSES
URL = {"bind": "query-params", "persist_state": "page"}  # in the link, and kept while another tab is open
# Every numeric control is a slider: a link-bound integer st.number_input fails on "inf" in
# Streamlit 1.67 (OverflowError while seeding). Their ranges and defaults: ctl.NUMBERS.
NUMBERS = ctl.NUMBERS


@st.cache_data(max_entries=16, show_spinner="Drawing random scores…")
def random_scores(n_classes, sigma, n_samples, margin, seed):
    return rs.random_scores_experiment(n_classes, sigma, n_samples, margin=margin, seed=seed)


def question(text, note):
    st.markdown(f"#### {text}")
    st.caption(f"The note: “{note}”")


def finding(text):
    st.info(text, icon=":material/science:")


def image_picker(key, label="Image from the note"):
    name = st.segmented_control(label, NAMES, default="cat", required=True, key=key, **URL)
    return name, *IMAGES[name]


# the link's values are checked before any control is drawn: a bad one is named, and dropped
ui.correct_link(*ctl.check_link(st.query_params.to_dict()), key="questions_link_notices")
tabs = st.tabs(ctl.TABS, key="experiment", bind="query-params")
font_size = ui.chart_font_size()

if tabs[0].open:
    with tabs[0]:
        question(
            "What happens to the loss if the car's scores change a bit?",
            "Our loss would not change at all … This loss is robust to small changes in scores.",
        )
        left, right = st.columns([3, 1])
        size = left.slider("Jitter size: the most any score moves", *NUMBERS["jitter"], key="jitter", **URL)
        seed = right.slider("Seed (the jitter's direction)", *NUMBERS["seed"], key="seed", **URL)
        result = ex.jitter_experiment(*IMAGES["car"], size=size, seed=int(seed))
        finding(result.finding)
        ui.show_figure(fx.jitter_figure(result, NAMES, font_size=font_size), key="fig_jitter")

if tabs[1].open:
    with tabs[1]:
        question(
            "What are the min and max possible values?",
            "The min is zero and the max is infinity … a minimum loss of zero is achievable, "
            "while it wasn't achievable with Cross-Entropy.",
        )
        left, right = st.columns([3, 1])
        correct = left.slider("Score of the correct class (car)", *NUMBERS["correct"], key="correct", **URL)
        log_y = right.toggle("Log scale for the loss", key="log", **URL)
        result = ex.min_max_sweep(*IMAGES["car"], correct=correct)
        finding(result.finding)
        ui.show_figure(fx.min_max_figure(result, log_y=log_y, font_size=font_size), key="fig_min_max")

if tabs[2].open:
    with tabs[2]:
        question(
            "If all the scores were random, what loss would we expect?",
            "It would be approximately C − 1 where C is the number of classes.",
        )
        cols = st.columns([2, 3, 2, 2, 1])
        n_classes = cols[0].slider("Classes C", *NUMBERS["classes"], key="classes", **URL)
        sigma = cols[1].select_slider(
            "Spread σ of the scores (log scale)", ctl.SIGMAS, value=ctl.SIGMA, format_func=ctl.option_text,
            key="sigma", **URL,
        )  # fmt: skip
        n_samples = cols[2].select_slider(
            "Samples", ctl.SAMPLES, value=ctl.N_SAMPLES, format_func=ctl.option_text, key="samples", **URL
        )
        margin = cols[3].slider("Margin Δ", *NUMBERS["mc_margin"], key="mc_margin", **URL)
        mc_seed = cols[4].slider("Seed", *NUMBERS["mc_seed"], key="mc_seed", **URL)
        result = random_scores(n_classes, sigma, n_samples, margin, int(mc_seed))
        finding(result.finding)
        ui.show_figure(fx.random_scores_figure(result, font_size=font_size), key="fig_random")
        ui.explain(
            f"Why: each term's argument s_j − s_y + Δ is N(Δ, 2σ²), so {registry.EXPECTED_RANDOM_LOSS} "
            "— exactly (C − 1)·Δ only in the limit σ → 0. In practice: a freshly initialised "
            "model has small random scores, so its first loss should be about C − 1 (hinge) or log C "
            "(cross-entropy); anything else points at a bug."
        )

if tabs[3].open:
    with tabs[3]:
        question(
            "Is the SVM loss differentiable?",
            "It is differentiable everywhere but the hinge, but the probability we will hit a point "
            "exactly on the hinge is almost 0 … There is also a notion of sub-differentiability.",
        )
        left, right = st.columns([1, 3])
        moving = left.segmented_control(
            "Which score moves (the cat image)", NAMES, default="cat", required=True, key="kink_class", **URL
        )
        value = right.slider(
            "Its value (try 6.1, -0.7 or 2.2: the kinks)", *NUMBERS["kink_at"], key="kink_at", **URL
        )
        result = ex.kink_experiment(*IMAGES["cat"], cls=NAMES.index(moving), value=value)
        finding(result.finding)
        ui.show_figure(fx.kink_figure(result, moving, font_size=font_size), key="fig_kink")

if tabs[4].open:
    with tabs[4]:
        question(
            "How does changing the margin affect the problem?",
            "If we change the margin from 1 to 0.1, but scale up all the prediction scores by a factor "
            "of 10, we will get the exact same thing.",
        )
        cols = st.columns([2, 3, 3])
        with cols[0]:
            name, scores, label = image_picker("margin_image")
        k = cols[1].select_slider(
            "Scale k of the scores", ctl.SCALES, value=ctl.SCALE, format_func=ctl.option_text, key="k", **URL
        )
        margin = cols[2].slider("Margin Δ", *NUMBERS["margin"], key="margin", **URL)
        result = ex.margin_scaling(scores, label, k=k, margin=margin)
        finding(result.finding)
        ui.show_figure(fx.margin_figure(result, NAMES, label, font_size=font_size), key="fig_margin")
        ui.explain(
            f"The identity is {registry.SCALING}: margin 0.1 on scores s behaves like margin 1 on scores "
            "10·s. Scaling the weights W by k scales every score by k, so any Δ > 0 can be absorbed into the "
            "weights' scale — and regularization is what fixes that scale. Hence Δ = 1 is a safe convention."
        )

if tabs[5].open:
    with tabs[5]:
        question(
            "Three more: sum over every class? mean instead of sum? squared hinge?",
            "You only sum over the incorrect labels.",
        )
        left, right = st.columns([1, 2])
        with left:
            name, scores, label = image_picker("variants_image")
        label_text = f"Score of the correct class ({name})"  # the slider starts at the image's own
        correct = right.slider(label_text, *ctl.correct_slider(name), key="variants_correct", **URL)
        result = ex.loss_variants(scores, label, correct=correct)
        finding(result.finding)
        ui.show_figure(fx.variants_figure(result, font_size=font_size), key="fig_variants")

if tabs[6].open:
    with tabs[6]:
        question(
            "What does the loss look like over two scores?",
            "If the margin is large enough, the loss is zero.",
        )
        top = st.columns([3, 2, 2])
        with top[0]:
            name, scores, label = image_picker("land_image")
        x_name = top[1].selectbox("Score on the x axis", NAMES, index=0, key="land_x", **URL)
        y_name = top[2].selectbox("Score on the y axis", NAMES, index=1, key="land_y", **URL)
        bottom = st.columns([5, 3])
        loss = bottom[0].segmented_control(
            "Loss", landscape.LANDSCAPE_LOSSES, format_func=ctl.LOSS_LABELS.get, default="weston_watkins",
            required=True, key="land_loss", **URL,
        )  # fmt: skip
        view = ctl.VIEWS[bottom[1].segmented_control(
            "View", list(ctl.VIEWS), default="3-D surface", required=True, key="land_view", **URL,
        )]  # fmt: skip
        x_name, y_name, warning = ctl.landscape_axes(x_name, y_name)
        if warning:
            st.warning(warning, icon="⚠️")
        land = landscape.loss_landscape(
            scores, label, x_class=NAMES.index(x_name), y_class=NAMES.index(y_name), loss=loss
        )
        finding(land.finding + " Drag to rotate, scroll to zoom." * (view == "surface"))
        fig = fx.landscape_figure(land, x_name, y_name, view=view, font_size=font_size)
        ui.show_figure(fig, key="fig_landscape")
        ui.explain(
            f"The other score stays at the {name} image's value. The hinge's kinks are the creases where a "
            "term switches on; the flat floor is where every margin is met. "
            "Cross-entropy has no creases and no floor."
        )
