"""Train a linear classifier s = Wx + b on 2-D points with the hinge loss (or four others); watch it learn."""

import functools

import streamlit as st

from hinge import note, ui
from hinge.figures import linear as figures
from hinge.linear import clicks, controls, geometry, presets, training
from hinge.ui import training as session

NAMES = note.CLASS_NAMES

ui.setup_page("Train a linear classifier")
ui.explain(
    "A linear classifier scores each point **s = Wx + b** and predicts the highest score (the coloured "
    "regions; each line is where a class's score is 0, its arrow the row of W). **Step** moves W and b "
    "against the gradient of the loss: the hinge losses stop once every margin is met, softmax keeps pushing."
)
link = session.training_link()  # a new visit: the link's values, to say which could not be used

# Controls: data, start, loss ----------------------------------------------------------------------------
with st.sidebar:
    st.header("Data")
    bound = {"bind": "query-params", "on_change": session.points_changed}
    preset = st.selectbox(
        "Points", list(presets.PRESETS), format_func=presets.PRESETS.get, key="data", **bound
    )
    blobs = None
    if preset == "blobs":
        blobs = {
            "n_points": st.slider(*controls.N_POINTS, key="n", **bound),
            "n_classes": st.slider(*controls.N_CLASSES, key="classes", **bound),
            "spread": st.slider(*controls.SPREAD, key="spread", **bound),
            "seed": ui.whole_number_input("Data seed", *controls.SEEDS, key="seed", **bound),
        }
    st.header("Start")
    init = st.selectbox(
        "Starting W and b", list(controls.INITS), format_func=controls.INITS.get, key="init",
        bind="query-params", on_change=session.start_changed,
    )  # fmt: skip
    wseed = ui.whole_number_input(
        "W seed", *controls.SEEDS, key="wseed", bind="query-params", on_change=session.start_changed,
        disabled=init != "random",
    )  # fmt: skip
    st.button("Randomise W and b", key="lin_random", on_click=session.new_random_start, width="stretch")
    st.header("Loss and training")
    # What only the training view follows reruns that fragment alone, not the sidebar or the tables
    # (a loss too, unless it turns the margin slider on or off); the side-by-side toggle reruns the page.
    view_only = {"bind": "query-params", "on_change": session.rerun_view}
    loss = st.selectbox(
        "Loss", controls.LOSSES, format_func=controls.loss_name, key="loss", bind="query-params",
        on_change=session.loss_changed,
    )  # fmt: skip
    compare = st.toggle("Side by side with a second loss", key="compare", bind="query-params")
    loss2 = st.selectbox(
        "Second loss", controls.LOSSES, index=controls.SECOND_LOSS, format_func=controls.loss_name,
        key="loss2", bind="query-params", disabled=not compare, on_change=session.loss_changed,
    )  # fmt: skip
    delta = st.slider(
        *controls.MARGIN, key="delta", help="Softmax has no margin.", disabled=session.margin_unused(),
        **view_only,
    )  # fmt: skip
    lam = st.select_slider(
        "Regularization λ", controls.LAMBDAS, 0.1, format_func=controls.number, key="lam",
        help="Adds λ·ΣW² to the loss (the bias is not regularized).", **view_only,
    )  # fmt: skip
    st.selectbox(
        "Steps a frame when running", controls.SPEEDS, index=2, key="lin_speed", on_change=session.rerun_view
    )
    step_size = st.select_slider(
        "Step size", controls.STEP_SIZES, 0.1, format_func=controls.number, key="lr", **view_only
    )

shown = controls.shown_controls(  # what the sidebar shows for each link value, to say which it could not use
    preset=preset, init=init, loss=loss, loss2=loss2, compare=compare, margin=delta, reg=lam,
    step_size=step_size, blobs=blobs,
)  # fmt: skip
notices = [] if link is None else controls.link_notices(link, shown)
blob_options = {} if blobs is None else blobs
preset_points, preset_labels = presets.preset_points(preset, **blob_options)
preset_rows = presets.point_rows(preset_points, preset_labels)


# The points and the start W are edited in tables under the charts; the charts need them first, so the
# tables are drawn first, into their place below. Folded away until opened: a table editor whose rows
# change (a preset, a seed, a start) is a new grid, which the browser took 450 ms to draw in the open
# and 40 ms folded away (measured); a click on the plane moves, adds and picks points without them.
charts, editors = st.container(), st.container()
with editors, st.expander("Edit the points and the starting W"):
    left, right = st.columns([3, 2])
with left:
    rows, why = session.points_table(preset_rows)
    st.button("Back to the preset's points", key="lin_points_reset", on_click=session.points_changed)
    notices += why
points, labels = presets.points_from_rows(rows)
picked = session.picked_point(rows)
n_classes = presets.class_count(preset_labels, labels, preset_classes=blob_options.get("n_classes"))
start_seed, why = training.start_seed(init, wseed, n_classes)
if why:
    st.sidebar.caption(why)
start_weights, start_bias = presets.initial_parameters(n_classes, seed=start_seed)
default_w_rows = presets.parameter_rows(start_weights, start_bias)
with right:
    w_rows, why = session.start_table(n_classes, default_w_rows)
    st.caption("One row per class, " + ", ".join(NAMES[:n_classes]) + ". Editing W restarts at step 0.")
    st.button("Back to the chosen start", key="lin_w_reset", on_click=session.start_changed)
    notices += why
if w_rows is not None:
    start_weights, start_bias = presets.parameters_from_rows(w_rows)
state, why = session.training_state(start_weights, start_bias)
notices = [n for n in [*notices, why] if n]
problem = (points, labels, start_weights, start_bias)
legend_beside = ui.presenting() and not compare  # a projector's wide, low plane; side by side, 4 charts a row


# Training: step, N steps, run/pause; the charts, the controls under them, the tables --------------------
def step_buttons(running):
    """Step, +N, Run/Pause and Reset, in one row (on a phone too: the Step button above the chart)."""
    n_more = session.steps_at_once()  # N: its box is under the charts
    with st.container(key="lin_controls"):  # see ui.one_row
        cols = st.columns([1, 0.9, 1, 1.5], vertical_alignment="bottom")
    step_by = functools.partial(session.step_changed, training.step_by)
    cols[0].button("Step", key="lin_step1", on_click=step_by, args=(1,), type="primary", width="stretch")
    cols[1].button(f"+{n_more}", key="lin_stepn", on_click=step_by, args=(n_more,), width="stretch")
    if cols[2].button("⏸ Pause" if running else "▶ Run", key="lin_run", width="stretch"):
        session.change_training(training.toggle_run)
        st.rerun()  # the whole page: the fragment's timer is set when the page runs
    reset = functools.partial(session.step_changed, training.reset)
    cols[3].button("Reset to step 0", key="lin_reset", on_click=reset, width="stretch")
    ui.explain(  # what the buttons do, in words: no tooltip to cover the next button
        f"**+{n_more}** takes {n_more} steps at once (N below the charts). **▶ Run** steps on its own "
        "until the loss stops improving. **Reset to step 0** goes back to the starting W and b.",
        caption=True,
    )


def charts_at(name, run, snap, sizes, loss_range):
    """The plane and the loss curves of one loss's run at one step, as figure specs. A Run's frames
    are clickable too (the invisible click grid): each has the traces of the one before, so the
    browser draws it in place (ui.live_figure's in_place)."""
    plane = figures.decision_spec(
        points, labels, snap, class_names=NAMES, title=f"{controls.loss_name(name)}, step {run.steps}",
        click_grid=clicks.click_grid(snap.extent), picked=picked, legend_beside=legend_beside, **sizes,
    )  # fmt: skip
    curves = figures.loss_curve_spec(
        run.data_loss, run.reg_loss, run.accuracy, title="Loss and accuracy", loss_range=loss_range, **sizes
    )
    if compare and ui.presenting():  # a row of four charts
        plane = figures.in_a_row_of_four(plane, sizes["font_size"])
        curves = figures.in_a_row_of_four(curves, sizes["font_size"], per_line=1)  # two y axes: a narrow plot
    return plane, curves


def show_run(name, run, charts, played, place, slot, sizes):
    """One loss's run: what went wrong, its status line, the plane and the loss curves; `played`, the
    charts of a Run's frames before these, drawn in turn first."""
    alert = training.alert(run, controls.loss_name(name))
    if alert and alert[0] == "error":
        place.error(alert[1], icon="💥")
    elif alert:
        place.warning(alert[1], icon="📈")
    place.markdown(training.status(run, controls.loss_name(name)))
    # side by side: the curves under the plane, but beside it on a projector, all on its first screen
    stacked = compare and not ui.presenting()
    cols = (place, place) if stacked else place.columns([11, 9] if compare else 2)
    pace = training.play_seconds(side_by_side=compare)
    narrow = figures.narrow_plane(sizes["height"], sizes["font_size"]) if legend_beside else None
    with cols[0]:
        session.show_clickable_plane(
            charts[0], f"lin_plane_{slot}", play=[c[0] for c in played], play_seconds=pace, narrow=narrow
        )
    with cols[1]:
        ui.live_figure(
            charts[1], key=f"lin_curves_{slot}", play=[c[1] for c in played], play_seconds=pace, in_place=True
        )


def more_controls():
    """Under the charts: N for the +N button, and what a click on the plane does; returns the place
    between them for the step to go to (:func:`step_box`, drawn with the results, which set the step)."""
    cols = st.columns([0.8, 1, 2.4, 1.1], vertical_alignment="bottom")
    cols[0].number_input(*controls.N_STEPS, key="lin_n")
    cols[2].selectbox(
        "Click a point to pick it (ringed); a click elsewhere on the plane", controls.click_modes(n_classes),
        key="lin_click_mode",
        format_func=lambda m: "moves the picked point there" if m == "move" else f"adds a {NAMES[m]} there",
    )  # fmt: skip
    cols[3].button(
        "Delete picked", key="lin_delete", on_click=session.delete_picked, width="stretch",
        disabled=picked is None or len(rows) < 2,
    )  # fmt: skip
    return cols[1]


def step_box(place, step):
    """The step shown, in a box to type a step to go to.

    The box is keyed by the step it shows: a value the browser sends for an older box (a Run's
    frame it had not drawn yet) belongs to no box any more and cannot take the step back."""
    place.number_input(
        "Go to step", 0, training.MAX_STEPS, step, key=f"lin_step_{step}", on_change=session.step_typed,
        args=(step,),
    )  # fmt: skip


def per_loss(place):
    """Where each loss's part goes in `place`: side by side, a column each."""
    return place.columns(2) if compare else [place]


def show_tables(slot, run, snap):
    """Every point's scores and loss; W, b and the gradient of the total loss."""
    table = figures.point_table(points, labels, snap.scores, snap.point_losses, class_names=NAMES)
    weights = figures.parameter_table(
        run.weights, run.bias, snap.grad_weights, snap.grad_bias, class_names=NAMES
    )
    points_tab, weights_tab = st.tabs(["Scores and loss of every point", "W, b and the gradient"])
    with points_tab:
        session.show_table(figures.table_text(table), f"lin_points_table_{slot}", height=260)
    with weights_tab:
        session.show_table(figures.table_text(weights), f"lin_w_table_{slot}")


@st.fragment(key=session.VIEW, run_every=training.frame_seconds(state, side_by_side=compare))
def training_view():
    """Everything under the sidebar's settings of the loss and the training, read from the session: a
    rerun of this fragment alone (a Run's round, a step) finds them there. The buttons above the charts
    and the controls under them are drawn here; what a setting changes, in the fragment inside it."""
    if session.click_pending():  # a click on the plane or Delete picked: the points (table, link) may change
        st.rerun()
    step_buttons(state.running)
    charts_place = st.container()
    step_place = more_controls()
    training_results(charts_place, step_place, st.container())


@st.fragment(key=session.RESULTS)
def training_results(charts_place, step_place, tables_place):
    """The status lines, the charts, the step box, the tables and the formulas at the step shown (a Run's
    round of frames). A step taken or a setting of the loss or the training changed, paused, reruns this
    alone: the buttons and the other boxes around it do not change, and each element costs the browser
    time."""
    if session.click_pending():  # a click on the plane, which is drawn here
        st.rerun()
    losses, options = session.training_settings()
    delta, lam = options["margin"], options["reg"]
    steps = session.next_round(side_by_side=compare)  # a Run's next frames; paused: the step shown
    by_loss = [
        session.continued_runs(s, problem, steps, loss=n, **options)
        for s, n in zip("ab", losses, strict=False)
    ]
    now, shown = session.end_of_round(steps, list(zip(*by_loss, strict=True)))
    runs = [r[shown - 1] for r in by_loss]
    # a Run that stops: the page again, paused, playing this round
    session.after_frame(now, runs, was_running=state.running, steps=steps[:shown])
    sizes = {"height": controls.chart_height(compare, ui.presenting()), "font_size": ui.chart_font_size()}
    frames = []  # each frame's (plane, curves) of each loss
    for k in range(shown):
        at_k = [r[k] for r in by_loss]
        loss_range = figures.shared_loss_range(*(r.total_loss for r in at_k)) if compare else None
        snaps = [
            geometry.snapshot(points, labels, r.weights, r.bias, loss=n, margin=delta, reg=lam)
            for n, r in zip(losses, at_k, strict=True)
        ]
        frames.append(
            [charts_at(n, r, snap, sizes, loss_range) for n, r, snap in zip(losses, at_k, snaps, strict=True)]
        )
    places = per_loss(charts_place)
    for i, (slot, name, run, place) in enumerate(zip("ab", losses, runs, places, strict=False)):
        played = [f[i] for f in frames[:-1]]  # a Run's frames before the last
        show_run(name, run, frames[-1][i], played, place, slot, sizes)
    for slot, run, snap, place in zip("ab", runs, snaps, per_loss(tables_place), strict=False):
        with place:
            show_tables(slot, run, snap)
    tables_place.latex(controls.formulas(losses))
    step_box(step_place, now.step)


with charts:
    ui.one_row("lin_controls")
    ui.show_notices(notices)
    training_view()
