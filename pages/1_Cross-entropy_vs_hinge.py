"""Cross-entropy vs the SVM loss on the note's [10,-2,3] / [10,9,9] / [10,-100,-100]."""

import contextlib

import streamlit as st
from streamlit.errors import StreamlitAPIException

from hinge import compare, params, ui
from hinge.figures import compare as figures

NAMES = ui.DEFAULT_CLASS_NAMES
VARIANTS = compare.CHOICE_CONTROLS["variant"]
NUDGES = compare.CHOICE_CONTROLS["nudge"]
DEFAULT_ROWS = [list(r) for r in compare.NOTE_ROWS]
RANGE = compare.NUMBER_CONTROLS  # (lowest, highest, default, step) of each control kept in the link


def table_from_link():
    """The examples from the link (`rows`, `labels`), else the last table, else the note's rows."""
    last = st.session_state.get("cmp_last") or {"rows": DEFAULT_ROWS, "labels": [0, 0, 0]}
    rows, why = params.parse_rows(st.query_params.get("rows"), None)
    if rows is None and why is None and "labels" in st.query_params:
        why = "`labels` is only read together with `rows`: ignored."
    if rows is None:
        return last, [why] if why else []
    labels, why_labels = params.parse_int_list(
        st.query_params.get("labels"), [0] * len(rows), lo=0, hi=len(rows[0]) - 1, length=len(rows)
    )
    return {"rows": rows, "labels": labels}, [why_labels] if why_labels else []


def resize_table():
    """Called when C changes: keep what was typed, add or drop class columns."""
    c = st.session_state.cmp_classes
    rows, labels = st.session_state.cmp_raw
    new_rows = [(r + [0.0] * c)[:c] for r in rows]
    new_labels = [
        lab if isinstance(lab, int | float) and lab == lab and 0 <= lab < c else 0 for lab in labels
    ]
    _replace_base({"rows": new_rows, "labels": new_labels})


def reset_table():
    _replace_base({"rows": DEFAULT_ROWS, "labels": [0, 0, 0]})


def drop_from_link(names):
    """Take unusable values out of the link, so that it shows what the page uses."""
    for name in names:
        if name in st.query_params:
            # a value bound to a widget already is one Streamlit corrects itself
            with contextlib.suppress(StreamlitAPIException):
                del st.query_params[name]


def start_label(option):
    if option == "cat":
        return "the note's cat image [3.2, 5.1, −1.7], correct: cat"
    return f"row {option}: {compare.format_scores(examples.scores[examples.table_rows.index(int(option))])}"


def _replace_base(table):
    st.session_state.cmp_base = table
    st.session_state.cmp_version = st.session_state.get("cmp_version", 0) + 1
    st.session_state.cmp_fresh = True


ui.setup_page("Cross-entropy vs the SVM loss")
ui.explain(
    "The note's last section: the SVM loss is satisfied once every margin is met and then stops caring; "
    "cross-entropy is never 0, so it always pushes the scores further apart. Edit the rows and see."
)
# 1. The examples -------------------------------------------------------------------------------------
st.header("1. The examples")
notices = []
version = st.session_state.setdefault("cmp_version", 0)
editor_key = f"cmp_editor_{version}"
new_visit = not st.session_state.pop("cmp_fresh", False) and editor_key not in st.session_state
if new_visit:
    st.session_state.cmp_base, notices = table_from_link()  # a new visit: the link decides
    bad = compare.link_notices(st.query_params.to_dict())
    notices += bad.values()
    drop_from_link(bad)
base = st.session_state.cmp_base
n_classes = len(base["rows"][0])
st.session_state.cmp_classes = n_classes

notice_box = st.container()  # filled once the link's row and class choices are checked too
c1, c2, c3, c4 = st.columns([2, 3, 1.5, 1.5], vertical_alignment="bottom")
margin = c1.slider("Margin Δ", *RANGE["margin"], key="margin", bind="query-params")
variant = c2.selectbox(
    "SVM variant", list(VARIANTS), format_func=VARIANTS.get, key="variant", bind="query-params"
)
c3.number_input("Classes C", 2, params.MAX_COLS, step=1, key="cmp_classes", on_change=resize_table)
c4.button(
    "Note's rows", key="cmp_reset", on_click=reset_table, help="Back to [10,-2,3], [10,9,9], [10,-100,-100]"
)
# the rows on the left, what both losses make of them on the right: one screen on a projector,
# with room for larger tables; on a phone the two stack
rows_side, results_side = st.columns([5, 6], gap="medium")

classes = list(NAMES[:n_classes])
# score cells are text, read by compare.check_examples: a number cell would drop the e of 1e3
data = {name: [compare.cell_text(r[j]) for r in base["rows"]] for j, name in enumerate(classes)}
data["correct class"] = [compare.label_cell(lab, classes) for lab in base["labels"]]
config = {
    name: st.column_config.TextColumn(name, alignment="right", max_chars=40, help="A number: 2.5, -100, 1e3")
    for name in classes
}
# a short header: under presentation mode's zoom a long one is cut at the table's edge
config["correct class"] = st.column_config.SelectboxColumn(
    "correct", options=classes, help="the correct class"
)
edited = rows_side.data_editor(
    data, key=editor_key, num_rows="dynamic", column_config=config, width="stretch"
)
raw_rows = [[edited[name][i] for name in classes] for i in range(len(edited["correct class"]))]
raw_labels = [compare.label_index(cell, classes) for cell in edited["correct class"]]
st.session_state.cmp_raw = (raw_rows, raw_labels)
examples = compare.check_examples(
    [[*r, lab] for r, lab in zip(raw_rows, raw_labels, strict=True)], n_classes, class_names=NAMES
)
with notice_box:
    ui.show_notices(notices + examples.messages)
if not examples.scores:
    results_side.error(
        "No complete row to compare: fill in every cell of at least one row, or reset to the note's rows."
    )
    st.stop()

# share link: the good rows and their labels, only when they differ from the note's
link_rows, link_labels = params.format_rows(examples.scores), ",".join(map(str, examples.labels))
st.session_state.cmp_last = {"rows": examples.scores, "labels": examples.labels}
if (examples.scores, examples.labels) == (DEFAULT_ROWS, [0, 0, 0]):
    for name in ("rows", "labels"):
        if name in st.query_params:
            del st.query_params[name]
else:
    if st.query_params.get("rows") != link_rows:
        st.query_params["rows"] = link_rows
    if st.query_params.get("labels") != link_labels:
        st.query_params["labels"] = link_labels

comparison = compare.compare_rows(examples.scores, examples.labels, margin=margin, variant=variant)
with results_side:
    st.table(compare.results_table(comparison, examples), hide_index=True)
    # under the results, where the rows' taller table leaves room on a projector's first screen;
    # in text style (limits beside the sum), a line each
    st.latex(r"\textstyle \text{SVM: } L_i = \sum_{j \neq y_i} \max(0,\; s_j - s_{y_i} + \Delta)")
    st.latex(r"\textstyle \text{cross-entropy: } L_i = -\ln \big(e^{s_{y_i}} \,/\, \sum_j e^{s_j}\big)")
st.markdown(compare.rows_finding(comparison, examples, margin=margin))
with st.expander("The softmax probability of every class"):
    st.table(compare.probabilities_table(comparison, examples, NAMES), hide_index=True)
row_names = [f"row {r}" for r in examples.table_rows]

# 2. Nudge a row --------------------------------------------------------------------------------------
st.header("2. Nudge a row")
ui.explain(
    "*What happens to each loss if you slightly change the scores of the last row?* Try it on any row."
)
start_options = ["cat", *map(str, examples.table_rows)]
if new_visit:  # the link's choices whose options come from the table
    bad = compare.link_notices(
        st.query_params.to_dict(),
        choices={
            "nudge_row": ([str(r) for r in examples.table_rows], str(examples.table_rows[-1])),
            "nudge_class": (list(NAMES[:n_classes]), NAMES[1]),
            "train": ([start_label(o) for o in start_options], start_label("cat")),
        },
    )
    bad = {name: bad[name] for name in ("nudge_row", "nudge_class", "train") if name in bad}
    with notice_box:
        ui.show_notices(bad.values())
    drop_from_link(bad)
n1, n2, n3, n4 = st.columns([1, 1.4, 1.4, 2])
nudge_row = n1.selectbox(
    "Row", examples.table_rows, index=len(examples.table_rows) - 1, key="nudge_row", bind="query-params"
)
how = n2.radio(
    "Change", ["one", "noise"], key="nudge", bind="query-params", horizontal=True,
    format_func=NUDGES.get,
)  # fmt: skip
eps = n4.slider("Size ε", *RANGE["eps"], key="eps", bind="query-params")
if how == "one":
    target = n3.selectbox(
        "Score to change", range(n_classes), index=1, key="nudge_class", bind="query-params",
        format_func=lambda j: NAMES[j],
    )  # fmt: skip
    seed = 0
else:
    target = None
    # kept in the link here, not by Streamlit: a link's seed the page cannot use is taken out
    # (link_notices said so), and the link always holds the whole number the box shows
    lo, hi, default, _ = RANGE["seed"]
    linked, _ = params.parse_int(st.query_params.get("seed"), default, lo=lo, hi=hi, name="seed")
    with n3:
        seed = ui.whole_number_input("Noise seed", lo, hi, value=linked, key="seed")
    if seed == default:
        drop_from_link(["seed"])
    elif st.query_params.get("seed") != str(seed):
        st.query_params["seed"] = str(seed)
i = examples.table_rows.index(nudge_row)
moved = compare.nudge(
    examples.scores[i], examples.labels[i], eps=eps, target=target, seed=seed, margin=margin, variant=variant
)
m1, m2, m3 = st.columns([2, 1, 1])
m1.markdown(f"Row {nudge_row}: {compare.format_scores(moved.before)} → {compare.format_scores(moved.after)}")
m2.metric(
    "SVM loss after", compare.format_value(moved.svm_after),
    delta="no change" if moved.svm_change == 0 else f"{moved.svm_change:+.4g}",
    delta_color="off" if moved.svm_change == 0 else "inverse",
    delta_arrow="off" if moved.svm_change == 0 else "auto",
)  # fmt: skip
ratio = moved.cross_entropy_ratio
m3.metric(
    "Cross-entropy after",
    compare.format_value(moved.cross_entropy_after, moved.log10_cross_entropy_after),
    delta=f"×{ratio:.4g}", delta_color="off",
    delta_arrow="up" if ratio > 1 else "down" if ratio < 1 else "off",
)  # fmt: skip
st.markdown(compare.nudge_finding(moved))

# 3. The lead -----------------------------------------------------------------------------------------
st.header("3. Loss against the correct class's lead")
ui.explain(
    "The lead is s_y minus the highest other score. The curves assume every incorrect score equals the "
    "highest one (the worst case); a row with lower other scores sits on or below them."
)
log = st.toggle("Log scale for losses and gradients", True, key="log", bind="query-params")
lo, hi = compare.lead_range(comparison.lead, margin)
curve = compare.lead_curves(lo, hi, n_classes, margin=margin, variant=variant)
ui.show_figure(
    figures.lead_figure(curve, comparison, names=row_names, margin=margin, log=log),
    key="cmp_lead",
    theme=None,
)
st.markdown(compare.lead_finding(comparison, examples, margin=margin))

# 4. Gradient -----------------------------------------------------------------------------------------
st.header("4. The push on the correct score")
grads = compare.correct_grad_curves(lo, hi, n_classes, margin=margin, variant=variant)
ui.show_figure(
    figures.correct_grad_figure(grads, comparison, names=row_names, margin=margin, log=log),
    key="cmp_grad",
    theme=None,
)
st.markdown(compare.grad_finding(comparison, examples))

# 5. Training -----------------------------------------------------------------------------------------
st.header("5. Train the scores directly")
ui.explain("Gradient descent on one row's scores (not on weights): s ← s − step · ∂L/∂s, under each loss.")
t1, t2, t3 = st.columns([2, 1, 1])
start = t1.selectbox("Start from", start_options, key="train", bind="query-params", format_func=start_label)
lr = t2.slider("Step size", *RANGE["lr"], key="lr", bind="query-params")
steps = t3.slider("Steps", *RANGE["steps"], key="steps", bind="query-params")
if start == "cat":
    start_scores, start_label = compare.CAT_ROW, 0
else:
    k_row = examples.table_rows.index(int(start))
    start_scores, start_label = examples.scores[k_row], examples.labels[k_row]
runs = {
    loss: compare.train_scores(
        start_scores, start_label, loss=loss, lr=lr, steps=steps, margin=margin, variant=variant
    )
    for loss in ("svm", "cross_entropy")
}
names = NAMES[: len(start_scores)]
ui.show_figure(
    figures.training_figure(runs["svm"], runs["cross_entropy"], label=start_label, class_names=names),
    key="cmp_train",
    theme=None,
)
st.markdown(compare.training_finding(runs["svm"], runs["cross_entropy"], start_label))

# 6. Scale --------------------------------------------------------------------------------------------
st.header("6. Scale the scores")
ui.explain(
    "Multiply every score by k: the softmax gets sharper (k > 1) or flatter (k < 1), so cross-entropy "
    "changes; the SVM loss stays 0 as long as every lead times k is still at least the margin."
)
k = st.slider("k", *RANGE["k"], key="k", bind="query-params")
scaled = compare.scale_curves(
    examples.scores, examples.labels, k_max=max(3.0, 1.5 * k), margin=margin, variant=variant
)
at_k = compare.scale_at(examples.scores, examples.labels, k=k, margin=margin, variant=variant)
scale_fig = figures.scale_figure(scaled, at_k, names=row_names, k=k, log=log)
ui.show_figure(scale_fig, key="cmp_scale", theme=None)
st.markdown(
    compare.scale_finding(
        examples.scores, examples.labels, examples.table_rows, k=k, margin=margin, variant=variant
    )
)
