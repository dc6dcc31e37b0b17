"""Cross-entropy vs the SVM loss on the note's rows [10,-2,3] / [10,9,9] / [10,-100,-100]."""

import streamlit as st

from hinge import compare, note, params, registry, ui
from hinge import compare_controls as controls
from hinge import compare_table as tables
from hinge import compare_text as words
from hinge.figures import compare as figures

NAMES = note.CLASS_NAMES
RANGE = controls.NUMBER_CONTROLS  # (lowest, highest, default, step) of each control kept in the link
VARIANTS = controls.CHOICE_CONTROLS["variant"]
NUDGES = controls.CHOICE_CONTROLS["nudge"]


def new_table(change, *args):
    """A callback: a new table for the editor (`change` of the page's table state), without old edits."""
    st.session_state.cmp = change(st.session_state.cmp, *args)
    ui.forget_edits("cmp")


def back_to_note():
    """A callback: the note's rows in the editor, and the whole page follows. When the editor
    shows them already, unedited, nothing changes: only the button's fragment reruns, and the
    page (its table widget above all, ~0.3 s to draw anew in the browser) stays as it is."""
    if st.session_state.cmp.base == tables.NOTE_TABLE and not ui.editor_edited("cmp"):
        return
    new_table(tables.replace_base, tables.NOTE_TABLE)
    st.rerun()


@st.fragment
def note_button():
    st.button(
        "Note's rows",
        key="cmp_reset",
        on_click=back_to_note,
        help=f"Back to {words.rows_inline(note.CE_ROWS)}",
    )


# Each section below the table is a fragment: its own controls rerun it alone, and Δ, the variant
# and the log axes rerun the sections that follow them (a callback's st.rerun of their keys),
# not the title, the controls' row or the table. The table's edits rerun the whole page.
# The nudge's, the training's and the scale's results are fragments inside their sections: Δ and
# the variant rerun those, not the section's controls, which do not change with them.
SECTIONS = (
    "section_results",
    "nudge_results",
    "section_lead",
    "section_grad",
    "training_results",
    "scale_results",
)
LOG_SECTIONS = ("lead_chart", "grad_chart", "scale_results")  # not the words under the lead charts
SECTIONS_DRAWN = "cmp_sections_drawn"  # False after a run that stopped at a table with no complete row


def rerun_sections(sections=SECTIONS):
    """A callback: rerun only `sections` (fragment keys), if the last run drew them; else the page."""
    if st.session_state.get(SECTIONS_DRAWN):
        st.rerun(list(sections))


# Pure results of hinge, kept between runs: a press of Δ asks for the rows' comparison three times
# (the results, the lead and the gradient sections), and a control pressed back and forth asks again
# for what it showed a moment ago. Each is computed once (st.cache_data hands out copies).
def cached(function):
    return st.cache_data(function, max_entries=32, show_spinner=False)


compare_rows = cached(compare.compare_rows)
nudge = cached(compare.nudge)
lead_curves = cached(compare.lead_curves)
correct_grad_curves = cached(compare.correct_grad_curves)
train_scores = cached(compare.train_scores)
scale_curves = cached(compare.scale_curves)
scale_at = cached(compare.scale_at)


def loss_options():
    """The SVM loss's settings, for every experiment: from the controls, as a fragment rerun finds them."""
    return {"margin": st.session_state.margin, "variant": st.session_state.variant}


ui.setup_page("Cross-entropy vs the SVM loss")
ui.explain(
    "The note's last section: the SVM loss is satisfied once every margin is met and then stops caring; "
    "cross-entropy is never 0, so it always pushes the scores further apart. Edit the rows and see."
)
# 1. The examples -------------------------------------------------------------------------------------
st.header("1. The examples")
query = st.query_params.to_dict()
state = st.session_state.get("cmp", tables.TableState())
st.session_state.cmp, new_visit, notices = tables.visit(state, query, drawn=ui.editor_drawn("cmp"))
if new_visit:
    bad, more = controls.check_link(query)
    notices += more
    ui.drop_from_link(bad)
base = st.session_state.cmp.base
st.session_state.cmp_classes = base.n_classes  # the box shows the table's C

notice_box = st.container()  # filled once the link's row and class choices are checked too
c1, c2, c3, c4 = st.columns([2, 3, 1.5, 1.5], vertical_alignment="bottom")
# Δ and the variant change every section's numbers, not the table: they rerun the sections only
c1.slider("Margin Δ", *RANGE["margin"], key="margin", bind="query-params", on_change=rerun_sections)
c2.selectbox(
    "SVM variant", list(VARIANTS), format_func=VARIANTS.get, key="variant", bind="query-params",
    on_change=rerun_sections,
)  # fmt: skip
c3.number_input(
    "Classes C", 2, params.MAX_COLS, step=1, key="cmp_classes",
    on_change=lambda: new_table(tables.resize, st.session_state.cmp_classes),
)  # fmt: skip

with c4:
    note_button()
# the rows on the left, what both losses make of them on the right: one screen on a projector,
# with room for larger tables; on a phone the two stack
rows_side, results_side = st.columns([5, 6], gap="medium")

classes = list(NAMES[: base.n_classes])
# score cells are text, read by tables.check_examples: a number cell would drop the e of 1e3
config = {
    name: st.column_config.TextColumn(name, alignment="right", max_chars=40, help="A number: 2.5, -100, 1e3")
    for name in classes
}
# a short header: under presentation mode's zoom a long one is cut at the table's edge
config["correct class"] = st.column_config.SelectboxColumn(
    "correct", options=classes, help="the correct class"
)
with rows_side:
    edited = ui.versioned_editor(
        "cmp", base.columns(NAMES), num_rows="dynamic", column_config=config, width="stretch"
    )
edited = tables.Table.from_columns(edited, NAMES)
st.session_state.cmp = tables.record_edits(st.session_state.cmp, edited)
examples = tables.check_examples(edited, base.n_classes, class_names=NAMES)
with notice_box:
    ui.show_notices(notices + examples.messages)
st.session_state[SECTIONS_DRAWN] = bool(examples.scores)
if not examples.scores:
    results_side.error(
        "No complete row to compare: fill in every cell of at least one row, or reset to the note's rows."
    )
    st.stop()

# share link: the good rows and their labels, only when they differ from the note's
st.session_state.cmp = tables.record_good_rows(st.session_state.cmp, examples)
for name in ("rows", "labels"):
    ui.keep_in_link(name, examples.link().get(name))


@st.fragment(key="section_results")
def results_section(examples):
    """Both losses of every row, beside the table (in `results_side`), and what they show, under it."""
    options = loss_options()
    comparison = compare_rows(examples.scores, examples.labels, **options)
    results_side.table(words.results_table(comparison, examples), hide_index=True)
    st.markdown(words.rows_finding(comparison, examples, margin=options["margin"]))


results_section(examples)
# the probabilities follow the table alone, not Δ or the variant: outside the results' fragment, a
# press of those does not draw them again (the comparison is the results' own, from the cache)
with st.expander("The softmax probability of every class"):
    comparison = compare_rows(examples.scores, examples.labels, **loss_options())
    st.table(words.probabilities_table(comparison, examples, NAMES), hide_index=True)
with results_side:  # under the results, outside their fragment (they do not change): where the rows'
    # taller table leaves room on a projector's first screen; in text style (limits beside the sum)
    st.latex(rf"\textstyle \text{{SVM: }} {registry.LOSSES['weston_watkins'].latex}")
    st.latex(rf"\textstyle \text{{cross-entropy: }} {registry.LOSSES['cross_entropy'].latex}")

# 2. Nudge a row --------------------------------------------------------------------------------------
st.header("2. Nudge a row")
ui.explain(
    "*What happens to each loss if you slightly change the scores of the last row?* Try it on any row."
)
if new_visit:  # the link's choices whose options come from the table
    bad, more = controls.check_table_link(query, examples, base.n_classes, NAMES)
    with notice_box:
        ui.show_notices(more)
    ui.drop_from_link(bad)


# Each section's own controls rerun that section only (st.fragment): a key on the nudge's size
# does not draw the table, the lead charts or the training again. (A callback's st.rerun of the
# section's results alone, not its controls, was slower: its run came a round trip later.)
@st.fragment(key="section_nudge")
def nudge_section(examples, n_classes, linked_seed):
    """The nudge's controls, then its results."""
    n1, n2, n3, n4 = st.columns([1, 1.4, 1.4, 2])
    n1.selectbox(
        "Row", examples.table_rows, index=controls.nudge_row_index(examples), key="nudge_row",
        bind="query-params",
    )  # fmt: skip
    how = n2.radio(
        "Change", list(NUDGES), key="nudge", bind="query-params", horizontal=True, format_func=NUDGES.get
    )
    n4.slider("Size ε", *RANGE["eps"], key="eps", bind="query-params")
    if how == "one":
        n3.selectbox(
            "Score to change", range(n_classes), index=1, key="nudge_class", bind="query-params",
            format_func=lambda j: NAMES[j],
        )  # fmt: skip
    else:  # the seed is kept in the link here, not by Streamlit: controls.check_link said what it cannot use
        with n3:
            seed = ui.whole_number_input("Noise seed", *RANGE["seed"][:2], value=linked_seed, key="seed")
        ui.keep_in_link("seed", str(seed), default=str(RANGE["seed"][2]))
    nudge_results(examples)


@st.fragment(key="nudge_results")
def nudge_results(examples):
    """The row before and after the nudge, both losses after it, from the nudge's controls' values."""
    state = st.session_state
    noise = state.nudge == "noise"
    target, seed = (None, state.seed) if noise else (state.nudge_class, RANGE["seed"][2])
    nudge_row = state.nudge_row
    moved = nudge(*examples.row(nudge_row), eps=state.eps, target=target, seed=seed, **loss_options())
    m1, m2, m3 = st.columns([2, 1, 1])
    m1.markdown(words.nudge_line(nudge_row, moved))
    for column, (label, metric) in zip((m2, m3), words.nudge_metrics(moved).items(), strict=True):
        column.metric(label, **metric)
    st.markdown(words.nudge_finding(moved))


nudge_section(examples, base.n_classes, controls.seed_from_link(query))

# 3. The lead -----------------------------------------------------------------------------------------
st.header("3. Loss against the correct class's lead")
ui.explain(
    "The lead is s_y minus the highest other score. The curves assume every incorrect score equals the "
    "highest one (the worst case); a row with lower other scores sits on or below them."
)
st.toggle(
    "Log scale for losses and gradients", True, key="log", bind="query-params",
    on_change=lambda: rerun_sections(LOG_SECTIONS),
)  # fmt: skip


def chart_style(examples):
    """The lead and scale charts' names for the rows, log axes or not, text size."""
    return {
        "names": words.row_names(examples.table_rows),
        "log": st.session_state.log,
        "font_size": ui.chart_font_size(),
    }


@st.fragment(key="section_lead")
def lead_section(examples, n_classes):
    """Both losses against the lead, the table's rows on them, and where they sit."""
    lead_chart(examples, n_classes)
    comparison = compare_rows(examples.scores, examples.labels, **loss_options())
    st.markdown(words.lead_finding(comparison, examples, margin=st.session_state.margin))


@st.fragment(key="lead_chart")
def lead_chart(examples, n_classes):
    """The lead chart alone, which the log axes change (the words under it they do not)."""
    options = loss_options()
    comparison = compare_rows(examples.scores, examples.labels, **options)
    curve = lead_curves(*compare.lead_range(comparison.lead, options["margin"]), n_classes, **options)
    spec = figures.lead_spec(curve, comparison, margin=options["margin"], **chart_style(examples))
    ui.live_figure(spec, key="cmp_lead", lazy=True)


lead_section(examples, base.n_classes)

# 4. Gradient -----------------------------------------------------------------------------------------
st.header("4. The push on the correct score")


@st.fragment(key="section_grad")
def grad_section(examples, n_classes):
    """The gradient on the correct score against the lead, under both losses, and on each row."""
    grad_chart(examples, n_classes)
    comparison = compare_rows(examples.scores, examples.labels, **loss_options())
    st.markdown(words.grad_finding(comparison, examples))


@st.fragment(key="grad_chart")
def grad_chart(examples, n_classes):
    """The gradient chart alone, which the log axes change (the words under it they do not)."""
    options = loss_options()
    comparison = compare_rows(examples.scores, examples.labels, **options)
    grads = correct_grad_curves(*compare.lead_range(comparison.lead, options["margin"]), n_classes, **options)
    spec = figures.correct_grad_spec(grads, comparison, margin=options["margin"], **chart_style(examples))
    ui.live_figure(spec, key="cmp_grad", lazy=True)


grad_section(examples, base.n_classes)

# 5. Training -----------------------------------------------------------------------------------------
st.header("5. Train the scores directly")
ui.explain("Gradient descent on one row's scores (not on weights): s ← s − step · ∂L/∂s, under each loss.")


@st.fragment(key="section_train")
def training_section(examples):
    """The training's controls, then its results."""
    t1, t2, t3 = st.columns([2, 1, 1])
    t1.selectbox(
        "Start from", controls.start_options(examples), key="train", bind="query-params",
        format_func=lambda option: controls.start_label(option, examples),
    )  # fmt: skip
    t2.slider("Step size", *RANGE["lr"], key="lr", bind="query-params")
    t3.slider("Steps", *RANGE["steps"], key="steps", bind="query-params")
    training_results(examples)


@st.fragment(key="training_results")
def training_results(examples):
    """Both runs' scores step by step, what they show, from the training's controls' values."""
    state, options = st.session_state, loss_options()
    start_scores, start_class = controls.start_row(state.train, examples)
    runs = {
        loss: train_scores(start_scores, start_class, loss=loss, lr=state.lr, steps=state.steps, **options)
        for loss in ("svm", "cross_entropy")
    }
    ui.live_figure(
        figures.training_spec(
            runs["svm"], runs["cross_entropy"], label=start_class, class_names=NAMES[: len(start_scores)],
            font_size=ui.chart_font_size(),
        ),
        key="cmp_train",
        lazy=True,
    )  # fmt: skip
    st.markdown(words.training_finding(runs["svm"], runs["cross_entropy"], start_class))


training_section(examples)

# 6. Scale --------------------------------------------------------------------------------------------
st.header("6. Scale the scores")
ui.explain(
    "Multiply every score by k: the softmax gets sharper (k > 1) or flatter (k < 1), so cross-entropy "
    "changes; the SVM loss stays 0 as long as every lead times k is still at least the margin."
)


@st.fragment(key="section_scale")
def scale_section(examples):
    """The scale k, then its results."""
    st.slider("k", *RANGE["k"], key="k", bind="query-params")
    scale_results(examples)


@st.fragment(key="scale_results")
def scale_results(examples):
    """Both losses of k × scores against k, what they show at k, from the slider's value."""
    options, k = loss_options(), st.session_state.k
    scaled = scale_curves(examples.scores, examples.labels, k_max=compare.scale_k_max(k), **options)
    at_k = scale_at(examples.scores, examples.labels, k=k, **options)
    ui.live_figure(figures.scale_spec(scaled, at_k, k=k, **chart_style(examples)), key="cmp_scale", lazy=True)
    st.markdown(words.scale_finding(examples.scores, examples.labels, examples.table_rows, k=k, **options))


scale_section(examples)
