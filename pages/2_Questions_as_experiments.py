"""The note's five questions (and three more from the lecture) as experiments, and the loss landscape."""

from collections import namedtuple

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
PRESENT_HEIGHT = 480  # px: a chart beside its controls, from under the tabs (y = 231) to 720
# Each tab is a fragment: its controls rerun that tab only, and its chart is a live one
# (ui.live_figure: updated in place with Plotly.react, where st.plotly_chart draws it anew).


@st.cache_resource(show_spinner=False)
def monte_carlo_results():
    """Random-scores results by their settings, shared by every visitor: a setting seen before is instant."""
    return {}


def random_scores(n_classes, sigma, n_samples, margin, seed):
    """The random-scores experiment; a long one shows its progress and stops when a control moves."""
    store, settings = monte_carlo_results(), (n_classes, sigma, n_samples, margin, seed)
    slot = st.empty()  # the progress bar's place, in every run: the finding and chart keep theirs
    if settings not in store:
        wait = 0 if n_samples * n_classes >= ctl.PROGRESS_FROM else ctl.PROGRESS_AFTER
        progress = ui.progress_after(slot, wait, "Drawing random scores…")
        result = rs.random_scores_experiment(
            n_classes, sigma, n_samples, margin=margin, seed=seed, progress=progress
        )
        slot.empty()
        while len(store) >= 64:  # the oldest goes first
            store.pop(next(iter(store)), None)
        store[settings] = result
    return store[settings]


Panes = namedtuple("Panes", "controls finding chart")  # where a tab puts each part
PANE = "question_"  # the key of each tab's container starts so: PRESENT_LAYOUT lays them out


def question(text, note, key):
    """The tab's question and the note's answer, in a container keyed `key`; returns its panes.

    One container in both modes, of the same elements, so that presentation mode re-creates no
    element and draws no chart anew (PRESENT_LAYOUT is CSS): here question, note, controls,
    finding, chart; on a projector the chart beside the rest, the finding under the question, so
    that the finding, the controls and the chart are all on the first screen (1280x720), and the
    note's words last.
    """
    pane = st.container(key=PANE + key)
    pane.markdown(f"#### {text}")
    pane.caption(f"The note: “{note}”")
    return Panes(pane, pane, pane)


def control_rows(pane, widths, per_row=None):
    """Columns for a tab's controls in `pane`, `per_row` a row (all in one by default) of these widths.

    On a projector the pane is narrow: PRESENT_LAYOUT wraps each row, two or three cells a row.
    """
    per_row = per_row or len(widths)
    return [cell for i in range(0, len(widths), per_row) for cell in pane.columns(widths[i : i + per_row])]


# On a projector each tab's container is two columns (see question); the random scores' five
# controls go three a row, the others two.
ALL_PANES, RANDOM_PANE = f'[class*="st-key-{PANE}"]', f".st-key-{PANE}random"
PRESENT_LAYOUT = f"<style>{ui.beside_css(ALL_PANES)}{ui.beside_css(RANDOM_PANE, per_row=3)}</style>"


FOUND = ":material/science:"  # the finding's icon


def answer(panes, finding, figure, key, *, view=None, hidden=False):
    """The finding (computed, not written) and the chart of `figure()`, each in its pane (see `question`).

    With a `view`, the chart is that view's (see `chart_views`). A `hidden` tab's chart keeps the
    figure it last had (its controls are hidden: nothing can have changed it but the projector's
    type), lazy: its figure is built again when the tab is shown.
    """
    panes.finding.info(finding, icon=FOUND)
    chart_views(panes.chart, key, view, figure, hidden=hidden)


def image_picker(key, label="Image from the note"):
    name = st.segmented_control(label, NAMES, default="cat", required=True, key=key, **URL)
    return name, *IMAGES[name]


def chart(pane, fig, key, *, lazy=False):
    """The tab's chart, updated in place at each change; on a projector no taller than the pane's screen."""
    if ui.presenting():
        fig["layout"]["height"] = min(fig["layout"]["height"], PRESENT_HEIGHT)
    with pane:
        ui.live_figure(fig, key=key, lazy=lazy)


# A view not shown keeps its size, out of sight and clipped to nothing (not display: none): shown again,
# a 3-D surface did not set up its WebGL scene anew (Landscape View 4.13x -> 2.23x the bare app, same
# run, 2026-12-03). A blank heat map seen once with it (a 1920x1080 screenshot, 2026-12-02) did not come
# back: tests/test_experiments_browser.py looks at the pixels of every view after each switch.
HIDDEN_VIEW = "height: 0 !important; overflow: hidden; visibility: hidden; pointer-events: none;"
VIEWS_DRAWN = "question_views"  # {a chart's key: {each view shown in this session: its last figure}}


def chart_views(pane, key, shown, figure, *, hidden=False):
    """A tab's chart in view `shown`, of `figure()`; each view shown before in this session keeps a chart.

    A view is what one control chooses (an image, a linear or log axis, a heat map or a surface);
    a chart of one view only has `shown` None. Each view has a live chart of its own, in the order
    first shown: a switch of view hides one and shows another (CSS), and a view shown again with
    nothing else changed draws nothing, where one chart replotted in full at each switch (and from
    a heat map to a surface set up WebGL anew: 0.5-1.5 s in a GPU-less browser). The views not
    shown, and every view of a `hidden` tab, are sent again with the figure they last had, lazy:
    nothing is built or drawn for them until they are shown.
    """
    last = st.session_state.setdefault(VIEWS_DRAWN, {}).setdefault(key, {})
    if not (hidden and shown in last):
        last[shown] = figure()
    if shown is None:  # one chart, no containers
        chart(pane, last[shown], f"fig_{key}", lazy=hidden)
        return
    with pane:
        hidden_views = ", ".join(f".st-key-{key}_{name}" for name in last if name != shown)
        st.html(f"<style>{hidden_views} {{ {HIDDEN_VIEW} }}</style>" if hidden_views else "<style></style>")
        for name, fig in last.items():
            chart(st.container(key=f"{key}_{name}"), fig, f"fig_{key}_{name}", lazy=hidden or name != shown)


@st.fragment
def small_changes(hidden=False):
    panes = question(
        "What happens to the loss if the car's scores change a bit?",
        "Our loss would not change at all … This loss is robust to small changes in scores.",
        "jitter",
    )
    cols = control_rows(panes.controls, [3, 1])
    size = cols[0].slider("Jitter size: the most any score moves", *NUMBERS["jitter"], key="jitter", **URL)
    seed = cols[1].slider("Seed (the jitter's direction)", *NUMBERS["seed"], key="seed", **URL)
    result = ex.jitter_experiment(*IMAGES["car"], size=size, seed=int(seed))
    answer(
        panes,
        result.finding,
        lambda: fx.jitter_spec(result, NAMES, font_size=ui.chart_font_size()),
        "jitter",
        hidden=hidden,
    )


@st.fragment
def min_max(hidden=False):
    panes = question(
        "What are the min and max possible values?",
        "The min is zero and the max is infinity … a minimum loss of zero is achievable, "
        "while it wasn't achievable with Cross-Entropy.",
        "min_max",
    )
    cols = control_rows(panes.controls, [3, 1])
    correct = cols[0].slider("Score of the correct class (car)", *NUMBERS["correct"], key="correct", **URL)
    log_y = cols[1].toggle("Log scale for the loss", key="log", **URL)
    result = ex.min_max_sweep(*IMAGES["car"], correct=correct)
    answer(
        panes,
        result.finding,
        lambda: fx.min_max_spec(result, log_y=log_y, font_size=ui.chart_font_size()),
        "min_max",
        view="log" if log_y else "linear",
        hidden=hidden,
    )


@st.fragment
def random_scores_tab(hidden=False):
    panes = question(
        "If all the scores were random, what loss would we expect?",
        "It would be approximately C − 1 where C is the number of classes.",
        "random",
    )
    cols = control_rows(panes.controls, [2, 3, 2, 2, 1])
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
    answer(
        panes,
        result.finding,
        lambda: fx.random_scores_spec(result, font_size=ui.chart_font_size()),
        "random",
        hidden=hidden,
    )
    with panes.controls:
        ui.explain(
            f"Why: each term's argument s_j − s_y + Δ is N(Δ, 2σ²), so {registry.EXPECTED_RANDOM_LOSS} "
            "— exactly (C − 1)·Δ only in the limit σ → 0. In practice: a freshly initialised "
            "model has small random scores, so its first loss should be about C − 1 (hinge) or log C "
            "(cross-entropy); anything else points at a bug."
        )


@st.fragment
def kinks(hidden=False):
    panes = question(
        "Is the SVM loss differentiable?",
        "It is differentiable everywhere but the hinge, but the probability we will hit a point "
        "exactly on the hinge is almost 0 … There is also a notion of sub-differentiability.",
        "kink",
    )
    cols = control_rows(panes.controls, [1, 3])
    moving = cols[0].segmented_control(
        "Which score moves (the cat image)", NAMES, default="cat", required=True, key="kink_class", **URL
    )
    value = cols[1].slider(
        "Its value (try 6.1, -0.7 or 2.2: the kinks)", *NUMBERS["kink_at"], key="kink_at", **URL
    )
    result = ex.kink_experiment(*IMAGES["cat"], cls=NAMES.index(moving), value=value)
    answer(
        panes,
        result.finding,
        lambda: fx.kink_spec(result, moving, font_size=ui.chart_font_size()),
        "kink",
        view=moving,
        hidden=hidden,
    )


@st.fragment
def margin_tab(hidden=False):
    panes = question(
        "How does changing the margin affect the problem?",
        "If we change the margin from 1 to 0.1, but scale up all the prediction scores by a factor "
        "of 10, we will get the exact same thing.",
        "margin",
    )
    cols = control_rows(panes.controls, [2, 3, 3])
    with cols[0]:
        image, scores, label = image_picker("margin_image")
    k = cols[1].select_slider(
        "Scale k of the scores", ctl.SCALES, value=ctl.SCALE, format_func=ctl.option_text, key="k", **URL
    )
    margin = cols[2].slider("Margin Δ", *NUMBERS["margin"], key="margin", **URL)
    result = ex.margin_scaling(scores, label, k=k, margin=margin)
    answer(
        panes,
        result.finding,
        lambda: fx.margin_spec(result, NAMES, label, font_size=ui.chart_font_size()),
        "margin",
        view=image,
        hidden=hidden,
    )
    with panes.controls:
        ui.explain(
            f"The identity is {registry.SCALING}: margin 0.1 on scores s behaves like margin 1 on scores "
            "10·s. Scaling the weights W by k scales every score by k, so any Δ > 0 can be absorbed into the "
            "weights' scale — and regularization is what fixes that scale. Hence Δ = 1 is a safe convention."
        )


@st.fragment
def variants(hidden=False):
    panes = question(
        "Three more: sum over every class? mean instead of sum? squared hinge?",
        "You only sum over the incorrect labels.",
        "variants",
    )
    cols = control_rows(panes.controls, [1, 2])
    with cols[0]:
        name, scores, label = image_picker("variants_image")
    label_text = f"Score of the correct class ({name})"  # the slider starts at the image's own
    correct = cols[1].slider(label_text, *ctl.correct_slider(name), key="variants_correct", **URL)
    result = ex.loss_variants(scores, label, correct=correct)
    answer(
        panes,
        result.finding,
        lambda: fx.variants_spec(result, font_size=ui.chart_font_size()),
        "variants",
        view=name,
        hidden=hidden,
    )


@st.fragment
def loss_landscape(hidden=False):
    panes = question(
        "What does the loss look like over two scores?",
        "If the margin is large enough, the loss is zero.",
        "landscape",
    )
    cells = control_rows(panes.controls, [3, 2, 2, 4, 3, 3], per_row=3)
    with cells[0]:
        name, scores, label = image_picker("land_image")
    x_name = cells[1].selectbox("Score on the x axis", NAMES, index=0, key="land_x", **URL)
    y_name = cells[2].selectbox("Score on the y axis", NAMES, index=1, key="land_y", **URL)
    loss = cells[3].segmented_control(
        "Loss", landscape.LANDSCAPE_LOSSES, format_func=ctl.LOSS_LABELS.get, default="weston_watkins",
        required=True, key="land_loss", **URL,
    )  # fmt: skip
    view = ctl.VIEWS[cells[4].segmented_control(
        "View", list(ctl.VIEWS), default="3-D surface", required=True, key="land_view", **URL,
    )]  # fmt: skip
    margin = cells[5].slider(
        "Margin Δ (the hinge's)", *NUMBERS["land_margin"], key="land_margin",
        disabled=loss == "cross_entropy", **URL,
    )  # fmt: skip
    x_name, y_name, warning = ctl.landscape_axes(x_name, y_name)
    if warning:
        panes.controls.warning(warning, icon="⚠️")
    land = landscape.loss_landscape(
        scores, label, x_class=NAMES.index(x_name), y_class=NAMES.index(y_name), loss=loss, margin=margin
    )
    panes.finding.info(land.finding + " Drag to rotate, scroll to zoom." * (view == "surface"), icon=FOUND)
    chart_views(
        panes.chart,
        "land",
        view,
        lambda: fx.landscape_spec(land, x_name, y_name, view=view, font_size=ui.chart_font_size()),
        hidden=hidden,
    )
    with panes.controls:
        ui.explain(
            f"The other score stays at the {name} image's value. The hinge's kinks are the creases where a "
            "term switches on; the flat floor is where every margin is met. "
            "Cross-entropy has no creases and no floor."
        )


SECTIONS = (small_changes, min_max, random_scores_tab, kinks, margin_tab, variants, loss_landscape)
TABS_DRAWN = "questions_tabs_drawn"  # the tabs opened in this session: their contents stay on the page


@st.fragment
def experiments():
    """The tabs, and in each tab opened in this session its experiment; a switch of tab reruns this part.

    Only the open tab runs at first. A tab opened before stays drawn, hidden (Streamlit keeps every
    tab's panel mounted): switching back to it shows its chart as it was, where a tab drawn anew
    created its elements and drew its chart from nothing (~0.3 s a switch, measured). Its chart is
    lazy while hidden: a new figure (presentation mode's type) is drawn once it is shown.
    """
    tabs = st.tabs(ctl.TABS, key="experiment", bind="query-params")
    drawn = st.session_state.setdefault(TABS_DRAWN, set())
    drawn.update(name for name, tab in zip(ctl.TABS, tabs, strict=True) if tab.open)
    for name, tab, section in zip(ctl.TABS, tabs, SECTIONS, strict=True):
        if name in drawn:
            with tab:
                section(hidden=not tab.open)


# the link's values are checked before any control is drawn: a bad one is named, and dropped
ui.correct_link(*ctl.check_link(st.query_params.to_dict()), key="questions_link_notices")
st.html(PRESENT_LAYOUT if ui.presenting() else "<style></style>")  # in both modes: no element moves
experiments()
