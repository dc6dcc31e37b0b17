"""Train a linear classifier s = Wx + b on 2-D points with the hinge loss (or four others); watch it learn."""

import functools
import hashlib

import streamlit as st

from hinge import linear, params, ui
from hinge.figures import linear as figures

NAMES = ui.DEFAULT_CLASS_NAMES
INITS = {"cs231n": "CS231n demo's W and b", "random": "Random, from a seed", "zeros": "All zeros"}
LAMBDAS = (0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
STEP_SIZES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
SPEEDS = (1, 2, 5, 10, 25)
FRAME_SECONDS = 0.3  # a frame every 0.3 s, 0.6 s side by side: four charts are redrawn then
FORMULAS = {
    "weston_watkins": r"L_i = \sum_{j \neq y_i} \max(0,\; s_j - s_{y_i} + \Delta)",
    "crammer_singer": r"L_i = \max(0,\; \max_{j \neq y_i} s_j - s_{y_i} + \Delta)",
    "one_vs_all": r"L_i = \max(0,\; \Delta - s_{y_i}) + \sum_{j \neq y_i} \max(0,\; \Delta + s_j)",
    "squared_hinge": r"L_i = \sum_{j \neq y_i} \max(0,\; s_j - s_{y_i} + \Delta)^2",
    "softmax": r"L_i = -\ln \frac{e^{s_{y_i}}}{\sum_j e^{s_j}}",
}
POINT_COLUMNS = ("x₁", "x₂", "class")
# Constant CSS: the step buttons stay in one row on a phone (Streamlit stacks columns below 640 px),
# so the Step button sits right above the chart.
CONTROLS_CSS = """<style>
.st-key-lin_controls [data-testid="stHorizontalBlock"] { flex-wrap: nowrap; gap: 0.5rem; }
.st-key-lin_controls [data-testid="stColumn"] { min-width: 0 !important; flex: 1 1 0 !important; }
.st-key-lin_controls button { height: 100%; padding-left: 0.25rem; padding-right: 0.25rem; }
.st-key-lin_controls button p { white-space: normal; line-height: 1.2; }
</style>"""
W_COLUMNS = ("w₁", "w₂", "b")


def _number(v):
    return f"{v:g}"


def _new_base(name, base=None):
    """Replace what editor `name` starts from (None: the preset or the chosen start) and forget its edits."""
    st.session_state[f"lin_{name}_base"] = base
    st.session_state[f"lin_{name}_version"] = st.session_state.get(f"lin_{name}_version", 0) + 1
    if name in st.query_params:
        del st.query_params[name]


def data_changed():
    _new_base("points")
    st.session_state.pop("lin_picked", None)


def plane_clicked(key):
    """A chart click, for the whole page to handle: the table and the link are outside the fragment."""
    st.session_state.lin_pending = ("click", st.session_state.get(key))


def delete_picked():
    st.session_state.lin_pending = ("delete", st.session_state.get("lin_picked"))


def apply_pending(rows):
    """Pick, move, add or delete a point as the last click asked, on `rows` (the points the chart showed)."""
    action, value = st.session_state.pop("lin_pending")
    picked, new_rows = st.session_state.get("lin_picked"), None
    if action == "click":
        mode = st.session_state.get("lin_click_mode", "move")
        new_rows, picked = linear.after_click(rows, picked, value, add_label=None if mode == "move" else mode)
    elif isinstance(value, int) and 0 <= value < len(rows) and len(rows) > 1:
        new_rows, picked = linear.remove_point(rows, value), None
    st.session_state.lin_picked = picked
    if new_rows is not None:
        _new_base("points", new_rows)


def start_changed():
    _new_base("w")


def new_random_start():
    st.session_state.init = "random"
    st.session_state.wseed = (round(st.session_state.get("wseed", 0)) + 1) % 10_000
    start_changed()


def change_training(rule, *args):
    """Apply one of hinge.linear's training rules (step_by, go_to, reset...) to this session's training."""
    st.session_state.lin_training = rule(st.session_state.lin_training, *args)


def step_typed(shown):
    change_training(linear.typed, shown, st.session_state[f"lin_step_{shown}"])


def base_from_link(name, *, columns, label_column=None, n_classes=None):
    """The rows of URL parameter `name` (points or W), checked cell by cell; (rows or None, notices)."""
    rows, why = params.parse_rows(
        st.query_params.get(name), None, name=name, min_cols=3, max_cols=3, max_rows=params.MAX_TEXT
    )
    if rows is None:
        return None, [why] if why else []
    checked = params.check_table(rows, columns=columns, label_column=label_column, n_classes=n_classes)
    bad = [f"`{name}` in the link: {msg}" for _, msg in checked if msg]
    return (None, [" ".join([*bad[:3], "Using the defaults."])]) if bad else (rows, [])


def editable_rows(name, base, *, columns, column_config, label_column=None, n_classes=None):
    """A table editor over `base`; returns the complete rows and a message for every bad cell."""
    key = f"lin_{name}_editor_{st.session_state.get(f'lin_{name}_version', 0)}_{len(base)}"
    data = {col: [row[j] for row in base] for j, col in enumerate(columns)}
    edited = st.data_editor(
        data, key=key, num_rows="dynamic", column_config=column_config, width="stretch",
        height=260 if len(base) > 6 else "auto",
    )  # fmt: skip
    raw = [[edited[col][i] for col in columns] for i in range(len(edited[columns[0]]))]
    checked = params.check_table(raw, columns=columns, label_column=label_column, n_classes=n_classes)
    rows = [values for values, msg in checked if msg is None]
    notices = [f"{msg} It is left out until it is fixed." for _, msg in checked if msg]
    return rows, notices


def keep_in_link(name, rows, default_rows):
    """Rows that differ from the default go into the link, when they fit; returns a notice or None."""
    text = params.format_rows(rows)
    if [list(map(float, r)) for r in rows] == [list(map(float, r)) for r in default_rows]:
        if name in st.query_params:
            del st.query_params[name]
        return None
    if len(text) > params.MAX_TEXT:
        return f"The edited {name} are too long for a share link ({len(text)} characters): kept here only."
    if st.query_params.get(name) != text:
        st.query_params[name] = text
    return None


def run_for(slot, problem, step, **options):
    """The run at `step`, continuing this session's last run of the same problem when it can.

    Only the last run of each slot is kept: a few kilobytes of loss history, never the parameters
    of every step. Everything else is recomputed from the link's settings.
    """
    digest = hashlib.sha1(repr(sorted(options.items())).encode())
    for array in problem:
        digest.update(array.tobytes())
    cached = st.session_state.get(f"lin_run_{slot}")
    previous = cached[1] if cached and cached[0] == digest.hexdigest() else None
    run = linear.train_to(previous, *problem, steps=step, **options)
    st.session_state[f"lin_run_{slot}"] = (digest.hexdigest(), run)
    return run


ui.setup_page("Train a linear classifier")
ui.explain(
    "A linear classifier scores each point **s = Wx + b** and predicts the highest score (the coloured "
    "regions; each line is where a class's score is 0, its arrow the row of W). **Step** moves W and b "
    "against the gradient of the loss: the hinge losses stop once every margin is met, softmax keeps pushing."
)
notices = []
link = st.query_params.to_dict() if "lin_training" not in st.session_state else None  # a new visit

# Controls: data, start, loss ----------------------------------------------------------------------------
with st.sidebar:
    st.header("Data")
    preset = st.selectbox(
        "Points", list(linear.PRESETS), format_func=linear.PRESETS.get, key="data", bind="query-params",
        on_change=data_changed,
    )  # fmt: skip
    blob_options = {}
    if preset == "blobs":
        bound = {"bind": "query-params", "on_change": data_changed}
        blob_options["n_points"] = st.slider("Points N", 6, 300, 60, 1, key="n", **bound)
        blob_options["n_classes"] = st.slider("Classes C", 2, linear.MAX_CLASSES, 3, key="classes", **bound)
        blob_options["spread"] = st.slider("Spread", 0.05, 1.0, 0.3, 0.05, key="spread", **bound)
        blob_options["seed"] = ui.whole_number_input("Data seed", 0, 9999, key="seed", **bound)
    st.header("Start")
    init = st.selectbox(
        "Starting W and b", list(INITS), format_func=INITS.get, key="init", bind="query-params",
        on_change=start_changed,
    )  # fmt: skip
    wseed = ui.whole_number_input(
        "W seed", 0, 9999, key="wseed", bind="query-params", on_change=start_changed,
        disabled=init != "random",
    )  # fmt: skip
    st.button("Randomise W and b", key="lin_random", on_click=new_random_start, width="stretch")
    st.header("Loss and training")
    loss = st.selectbox(
        "Loss", list(linear.LOSSES), format_func=linear.LOSSES.get, key="loss", bind="query-params"
    )
    compare = st.toggle("Side by side with a second loss", key="compare", bind="query-params")
    loss2 = st.selectbox(
        "Second loss", list(linear.LOSSES), index=4, format_func=linear.LOSSES.get, key="loss2",
        bind="query-params", disabled=not compare,
    )  # fmt: skip
    losses = [loss, loss2] if compare else [loss]
    delta = st.slider(
        "Margin Δ", 0.0, 3.0, 1.0, 0.1, key="delta", bind="query-params",
        disabled=all(name == "softmax" for name in losses), help="Softmax has no margin.",
    )  # fmt: skip
    lam = st.select_slider(
        "Regularization λ", LAMBDAS, 0.1, format_func=_number, key="lam", bind="query-params",
        help="Adds λ·ΣW² to the loss (the bias is not regularized).",
    )  # fmt: skip
    st.selectbox("Steps a frame when running", SPEEDS, index=2, key="lin_speed")
    step_size = st.select_slider(
        "Step size", STEP_SIZES, 0.1, format_func=_number, key="lr", bind="query-params"
    )

if link is not None:  # what the sidebar shows for each link value it could not use
    MENU = "one of the menu's choices"
    shown = {
        "data": (linear.PRESETS[preset], MENU), "init": (INITS[init], MENU),
        "loss": (linear.LOSSES[loss], MENU), "loss2": (linear.LOSSES[loss2], MENU),
        "compare": (compare, "true or false"),
        "delta": (delta, "a number from 0 to 3"), "lam": (lam, "one of " + ", ".join(map(_number, LAMBDAS))),
        "lr": (step_size, "one of " + ", ".join(map(_number, STEP_SIZES))),
    }  # fmt: skip
    if preset == "blobs":
        shown |= {
            "n": (blob_options["n_points"], "a whole number from 6 to 300"),
            "classes": (blob_options["n_classes"], f"a whole number from 2 to {linear.MAX_CLASSES}"),
            "spread": (blob_options["spread"], "a number from 0.05 to 1"),
        }
    notices += linear.link_notices(link, shown)
preset_points, preset_labels = linear.preset_points(preset, **blob_options)
preset_classes = blob_options.get("n_classes", int(preset_labels.max()) + 1)

# The points and the start, editable (rendered below the charts) -------------------------------------------
charts, editors = st.container(), st.container()
with editors:
    st.subheader("Edit the points and the starting W")
    left, right = st.columns([3, 2])
if "lin_points_base" not in st.session_state:  # a new visit: the link decides
    base, why = base_from_link("points", columns=POINT_COLUMNS, label_column=2, n_classes=linear.MAX_CLASSES)
    st.session_state.lin_points_base = base
    notices += why
preset_rows = [[x, y, int(c)] for (x, y), c in zip(preset_points.tolist(), preset_labels, strict=True)]
if "lin_pending" in st.session_state:
    apply_pending(st.session_state.get("lin_rows", []))
base = st.session_state.lin_points_base or preset_rows
with left:
    point_config = {
        "x₁": st.column_config.NumberColumn("x₁", format="%.2f", min_value=-100, max_value=100),
        "x₂": st.column_config.NumberColumn("x₂", format="%.2f", min_value=-100, max_value=100),
        "class": st.column_config.NumberColumn(
            "class", min_value=0, max_value=linear.MAX_CLASSES - 1, step=1
        ),
    }
    rows, bad_cells = editable_rows(
        "points", base, columns=POINT_COLUMNS, column_config=point_config, label_column=2,
        n_classes=linear.MAX_CLASSES,
    )  # fmt: skip
    st.button("Back to the preset's points", key="lin_points_reset", on_click=data_changed)
notices += bad_cells
if not rows:
    notices.append("No complete point left: using the preset's points.")
    rows = preset_rows
elif not bad_cells:
    notices.append(keep_in_link("points", rows, preset_rows))
points, labels = linear.points_from_rows(rows)
st.session_state.lin_rows = rows  # what the charts show: clicks on them refer to these
if not isinstance(picked := st.session_state.get("lin_picked"), int) or picked >= len(rows):
    picked = st.session_state.lin_picked = None
n_classes = max(preset_classes, int(labels.max()) + 1)

start_seed = {"cs231n": None, "random": wseed, "zeros": "zeros"}[init]
if init == "cs231n" and n_classes != 3:
    st.sidebar.caption(f"The CS231n demo's W and b are for 3 classes: {n_classes} start from random W and b.")
    start_seed = wseed
start_weights, start_bias = linear.initial_parameters(n_classes, seed=start_seed)
default_w_rows = linear.parameter_rows(start_weights, start_bias)
if "lin_w_base" not in st.session_state:
    base, why = base_from_link("w", columns=W_COLUMNS)
    st.session_state.lin_w_base = base
    notices += why
w_base = st.session_state.lin_w_base
if w_base is not None and len(w_base) != n_classes:
    notices.append(f"The starting W in the link has {len(w_base)} rows but there are {n_classes} classes.")
    _new_base("w")
    w_base = None
with right:
    w_config = {name: st.column_config.NumberColumn(name, format="%.3f") for name in W_COLUMNS}
    w_rows, bad_w = editable_rows("w", w_base or default_w_rows, columns=W_COLUMNS, column_config=w_config)
    st.caption("One row per class, " + ", ".join(NAMES[:n_classes]) + ". Editing W restarts at step 0.")
    st.button("Back to the chosen start", key="lin_w_reset", on_click=start_changed)
notices += bad_w
if len(w_rows) == n_classes and not bad_w:
    notices.append(keep_in_link("w", w_rows, default_w_rows))
    start_weights, start_bias = linear.parameters_from_rows(w_rows)
elif not bad_w:
    notices.append(f"W needs exactly {n_classes} rows, one per class: using the chosen start.")

if "lin_training" not in st.session_state:  # a new visit: the link's step
    link_step, why = ui.whole_number_from_link("step", 0, linear.MAX_STEPS, 0)
    st.session_state.lin_training = linear.Training(step=link_step or 0)
    notices.append(why)
start = params.format_rows(linear.parameter_rows(start_weights, start_bias))
if st.session_state.get("lin_start", start) != start:  # a new start W: training starts over
    change_training(linear.go_to, 0)
st.session_state.lin_start = start
problem = (points, labels, start_weights, start_bias)
options = {"margin": delta, "reg": lam, "step_size": step_size}
notices = [n for n in notices if n]


# Training: step, N steps, run/pause; the charts ------------------------------------------------------------
running = st.session_state.lin_training.running


@st.fragment(run_every=FRAME_SECONDS * (2 if compare else 1) if running else None)
def training_view():
    if "lin_pending" in st.session_state:  # a click on the plane: the points (table, link) may change
        st.rerun()
    change_training(linear.frame, st.session_state.get("lin_speed", SPEEDS[2]))
    training = st.session_state.lin_training
    step = training.step
    n_more = st.session_state.get("lin_n", 10)  # its box is under the charts
    with st.container(key="lin_controls"):  # one row, on a phone too: the Step button above the chart
        cols = st.columns([1, 0.9, 1, 1.5], vertical_alignment="bottom")
    cols[0].button(
        "Step", key="lin_step1", on_click=change_training, args=(linear.step_by, 1), type="primary",
        width="stretch",
    )  # fmt: skip
    cols[1].button(
        f"+{n_more}", key="lin_stepn", on_click=change_training, args=(linear.step_by, n_more),
        width="stretch",
    )  # fmt: skip
    if cols[2].button("⏸ Pause" if running else "▶ Run", key="lin_run", width="stretch"):
        change_training(linear.toggle_run)
        st.rerun()  # the whole page: the fragment's timer is set when the page runs
    cols[3].button(
        "Reset to step 0", key="lin_reset", on_click=change_training, args=(linear.reset,), width="stretch"
    )
    if not ui.presenting():  # what the buttons do, in words: no tooltip to cover the next button
        st.caption(
            f"**+{n_more}** takes {n_more} steps at once (N below the charts). **▶ Run** steps on its own "
            "until the loss stops improving. **Reset to step 0** goes back to the starting W and b."
        )
    runs = [
        run_for(slot, problem, step, loss=name, **options) for slot, name in zip("ab", losses, strict=False)
    ]
    if (after := linear.after_frame(training, runs)) != training:
        st.session_state.lin_training = after
        st.rerun()
    if not running and training.stopped:
        st.toast(training.stopped)
        st.session_state.lin_training = linear.Training(step)
    ui.keep_whole_number_in_link("step", step, 0)
    font_size = ui.chart_font_size()
    height = (400 if compare else 430) if ui.presenting() else (440 if compare else 500)
    sizes = {"height": height, "font_size": font_size}
    loss_range = figures.shared_loss_range(*(r.total_loss for r in runs)) if compare else None
    columns = st.columns(len(runs)) if compare else [st.container()]
    snaps = []
    for slot, name, run, place in zip("ab", losses, runs, columns, strict=False):
        snap = linear.snapshot(points, labels, run.weights, run.bias, loss=name, margin=delta, reg=lam)
        if not run.diverged and run.total_loss[-1] > 10 * run.total_loss[0] + 1:
            place.warning(
                f"{linear.LOSSES[name]}: the loss grew from {run.total_loss[0]:.3g} to "
                f"{run.total_loss[-1]:.3g}. The step size is too large for it.",
                icon="📈",
            )
        if run.diverged:
            place.error(
                f"{linear.LOSSES[name]}: the scores overflowed at step {run.steps + 1}. Lower the step size.",
                icon="💥",
            )
        place.markdown(
            f"**{linear.LOSSES[name]}** · step **{run.steps}** · total loss **{run.total_loss[-1]:.4g}** = "
            f"data {run.data_loss[-1]:.4g} + regularization {run.reg_loss[-1]:.4g} · "
            f"accuracy **{run.accuracy[-1]:.0%}**"
        )
        plane = figures.decision_figure(
            points, labels, run.weights, run.bias, snap.point_losses, snap.grid, snap.regions,
            class_names=NAMES, title=f"{linear.LOSSES[name]}, step {run.steps}", **sizes,
            click_grid=linear.click_grid(float(snap.grid[-1])), picked=picked, legend_beside=ui.presenting(),
        )  # fmt: skip
        curves = figures.loss_curve_figure(
            run.data_loss, run.reg_loss, run.accuracy, title="Loss and accuracy", loss_range=loss_range,
            **sizes,
        )  # fmt: skip
        with place:
            if compare:
                show_plane(plane, slot)
                ui.show_figure(curves, key=f"lin_curves_{slot}")
            else:
                plane_col, curve_col = st.columns(2)
                with plane_col:
                    show_plane(plane, slot)
                with curve_col:
                    ui.show_figure(curves, key=f"lin_curves_{slot}")
        snaps.append(snap)
    more_controls(step)
    for slot, run, snap, place in zip("ab", runs, snaps, st.columns(len(runs)), strict=False):
        with place:
            show_tables(slot, run, snap)


def more_controls(step):
    """Under the charts: N for the +N button, a step to go to, and what a click on the plane does."""
    cols = st.columns([0.8, 1, 2.4, 1.1], vertical_alignment="bottom")
    cols[0].number_input("N", 1, 1000, 10, key="lin_n")
    # The box is keyed by the step it shows: a value the browser sends for an older box (a Run's
    # frame it had not drawn yet) belongs to no box any more and cannot take the step back.
    cols[1].number_input(
        "Go to step", 0, linear.MAX_STEPS, step, key=f"lin_step_{step}", on_change=step_typed, args=(step,)
    )
    cols[2].selectbox(
        "Click a point to pick it (ringed); a click elsewhere on the plane", ["move", *range(n_classes)],
        key="lin_click_mode",
        format_func=lambda m: "moves the picked point there" if m == "move" else f"adds a {NAMES[m]} there",
    )  # fmt: skip
    cols[3].button(
        "Delete picked", key="lin_delete", on_click=delete_picked, width="stretch",
        disabled=picked is None or len(rows) < 2,
    )  # fmt: skip


def show_plane(plane, slot):
    key = f"lin_plane_{slot}"
    ui.show_figure(plane, key, on_select=functools.partial(plane_clicked, key), selection_mode="points")


def show_tables(slot, run, snap):
    """Every point's scores and loss; W, b and the gradient of the total loss."""
    table = figures.point_table(points, labels, snap.scores, snap.point_losses, class_names=NAMES)
    weights = figures.parameter_table(
        run.weights, run.bias, snap.grad_weights, snap.grad_bias, class_names=NAMES
    )
    points_tab, weights_tab = st.tabs(["Scores and loss of every point", "W, b and the gradient"])
    points_tab.dataframe(table, hide_index=True, key=f"lin_points_table_{slot}", height=260, width="stretch")
    weights_tab.dataframe(weights, hide_index=True, key=f"lin_w_table_{slot}", width="stretch")


with charts:
    st.html(CONTROLS_CSS)
    ui.show_notices(notices)
    training_view()
    st.latex(
        r"L = \frac{1}{N}\sum_i L_i + \lambda \sum W^2, \qquad "
        + r" \quad\text{vs}\quad ".join(FORMULAS[name] for name in dict.fromkeys(losses))
    )
