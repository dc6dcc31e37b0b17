"""The training page's session: its two table editors, the pending click on the plane, the training, the runs.

Session keys start with "lin_". The rules themselves are pure, in :mod:`hinge.linear`, imported in
the functions: hinge.linear loads numpy, which the app's first run does not wait for (see
``hinge.ui.page.navigation``). The page calls these as ``session.<name>``.
"""

import functools
from pathlib import Path

import streamlit as st

from hinge.ui.charts import live_figure
from hinge.ui.editors import forget_edits, versioned_editor
from hinge.ui.links import drop_from_link, keep_in_link
from hinge.ui.workarounds import keep_whole_number_in_link, whole_number_from_link


def new_base(name, base=None):
    """Start table `name` (points or w) over `base` (None: the preset or the chosen start), without
    its edits, and out of the link. Safe in a callback."""
    st.session_state[f"lin_{name}_base"] = base
    forget_edits(f"lin_{name}")
    drop_from_link([name])


def points_changed():
    """The data changed (a preset, its options, Back to the preset's points): no point stays picked."""
    new_base("points")
    st.session_state.pop("lin_picked", None)


def start_changed():
    new_base("w")


def new_random_start():
    """Randomise W and b: the random start, from the next seed."""
    st.session_state.init = "random"
    st.session_state.wseed = (round(st.session_state.get("wseed", 0)) + 1) % 10_000
    start_changed()


VIEW = "lin_view"  # the fragment of the training view: buttons, status, charts, tables, formulas
RESULTS = "lin_results"  # the fragment inside it: status, charts, tables, formulas (not the controls)


def training_settings():
    """What the training view follows, as the sidebar left it: (the losses, one or two; the options of
    :func:`hinge.linear.model.train_to`). Read from the session, so a rerun of the view alone has them."""
    state = st.session_state
    return _losses(), {"margin": state.delta, "reg": state.lam, "step_size": state.lr}


def _losses():
    state = st.session_state
    return [state.loss, state.loss2] if state.get("compare") else [state.loss]


def _no_margin():
    return all(name == "softmax" for name in _losses())


def margin_unused():
    """Whether the margin slider is off (softmax alone has no margin), as the sidebar draws it now;
    kept, for :func:`loss_changed`. Call it after the loss boxes."""
    st.session_state.lin_margin_unused = _no_margin()
    return st.session_state.lin_margin_unused


def rerun_view():
    """A callback: a setting only the training view follows reruns the view's results alone (not the
    sidebar, the points and the W tables, nor the buttons and boxes around the charts: each element
    costs the browser time). While a Run plays, the whole view, as the Run's own rounds do."""
    training = st.session_state.get("lin_training")
    st.rerun(VIEW if training is None or training.running else RESULTS)


def loss_changed():
    """A callback: a loss chosen reruns as :func:`rerun_view`, unless it turns the margin slider on or off."""
    if _no_margin() == st.session_state.get("lin_margin_unused"):
        rerun_view()


def plane_clicked(selection):
    """A chart click (its selection state), for the whole page to handle: the table and the link are
    outside the fragment."""
    st.session_state.lin_pending = ("click", selection)


def delete_picked():
    st.session_state.lin_pending = ("delete", st.session_state.get("lin_picked"))


def click_pending():
    """Whether a click waits for the whole page (see :func:`apply_click`)."""
    return "lin_pending" in st.session_state


def apply_click(rows):
    """Pick, move, add or delete a point as the last click asked, on `rows` (the points the chart showed)."""
    from hinge.linear import clicks

    if "lin_pending" not in st.session_state:
        return
    action, value = st.session_state.pop("lin_pending")
    picked = st.session_state.get("lin_picked")
    if action == "click":
        mode = st.session_state.get("lin_click_mode", "move")
        new_rows, picked = clicks.after_click(rows, picked, value, add_label=None if mode == "move" else mode)
    else:
        new_rows, picked = clicks.after_delete(rows, value, picked)
    st.session_state.lin_picked = picked
    if new_rows is not None:
        new_base("points", new_rows)


def picked_point(rows):
    """The picked point's index among `rows` (forgotten when it is gone); the charts show `rows`."""
    from hinge.linear import clicks

    st.session_state.lin_rows = rows  # what the charts show: clicks on them refer to these
    st.session_state.lin_picked = clicks.kept_pick(st.session_state.get("lin_picked"), len(rows))
    return st.session_state.lin_picked


def table_base(name, *, columns, label_column=None, n_classes=None):
    """What table `name` starts from: its base in this session, or on a new visit the link's rows
    (None: the default). Returns (rows or None, notices)."""
    from hinge.linear import controls

    if f"lin_{name}_base" in st.session_state:
        return st.session_state[f"lin_{name}_base"], []
    base, notices = controls.rows_from_link(
        st.query_params.get(name), name, columns=columns, label_column=label_column, n_classes=n_classes
    )
    st.session_state[f"lin_{name}_base"] = base
    return base, notices


def table_editor(name, base, *, columns, column_config, label_column=None, n_classes=None):
    """A table editor over `base`; returns the complete rows and a message for every bad cell."""
    from hinge.linear import controls

    data = {col: [row[j] for row in base] for j, col in enumerate(columns)}
    edited = versioned_editor(
        f"lin_{name}", data, suffix=f"_{len(base)}", num_rows="dynamic", column_config=column_config,
        width="stretch", height=260 if len(base) > 6 else "auto",
    )  # fmt: skip
    raw = [[edited[col][i] for col in columns] for i in range(len(edited[columns[0]]))]
    return controls.checked_rows(raw, columns=columns, label_column=label_column, n_classes=n_classes)


def points_table(preset_rows):
    """The points table over the link's or the preset's points, as clicks and edits left them.

    Returns (complete rows, never empty: the preset's when none is left; notices).
    """
    from hinge.linear import clicks, controls, presets

    columns, n_classes = controls.POINT_COLUMNS, presets.MAX_CLASSES
    _, notices = table_base("points", columns=columns, label_column=2, n_classes=n_classes)
    apply_click(st.session_state.get("lin_rows", []))  # a click on the plane may change them
    bound = {"min_value": -int(clicks.MAX_COORDINATE), "max_value": int(clicks.MAX_COORDINATE)}
    config = {name: st.column_config.NumberColumn(name, format="%.2f", **bound) for name in columns[:2]}
    config["class"] = st.column_config.NumberColumn("class", min_value=0, max_value=n_classes - 1, step=1)
    base = st.session_state.lin_points_base or preset_rows
    rows, bad = table_editor(
        "points", base, columns=columns, column_config=config, label_column=2, n_classes=n_classes
    )
    if not rows:
        return preset_rows, [*notices, *bad, "No complete point left: using the preset's points."]
    return rows, [*notices, *bad, *([] if bad else [keep_rows_in_link("points", rows, preset_rows)])]


def start_table(n_classes, default_rows):
    """The starting W table, one row a class: (its rows, or None for the chosen start; notices)."""
    from hinge.linear import controls

    base, notices = table_base("w", columns=controls.W_COLUMNS)
    if base is not None and len(base) != n_classes:
        notices.append(f"The starting W in the link has {len(base)} rows but there are {n_classes} classes.")
        new_base("w")
        base = None
    config = {name: st.column_config.NumberColumn(name, format="%.3f") for name in controls.W_COLUMNS}
    rows, bad = table_editor("w", base or default_rows, columns=controls.W_COLUMNS, column_config=config)
    if bad:
        return None, notices + bad
    if len(rows) != n_classes:
        return None, [*notices, f"W needs exactly {n_classes} rows, one per class: using the chosen start."]
    return rows, [*notices, keep_rows_in_link("w", rows, default_rows)]


def keep_rows_in_link(name, rows, default_rows):
    """Rows that differ from the default go into the link, when they fit; returns a notice or None."""
    from hinge.linear import controls

    text, notice = controls.rows_for_link(name, rows, default_rows)
    if notice is None:
        keep_in_link(name, text)
    return notice


def training_link():
    """The link's values on a new visit (before the training starts), else None: read them once."""
    return st.query_params.to_dict() if "lin_training" not in st.session_state else None


def training_state(start_weights, start_bias):
    """This session's :class:`hinge.linear.training.Training`: on a new visit at the link's step; back at
    step 0 when the start W and b changed. Returns (training, notice or None)."""
    from hinge import params
    from hinge.linear import presets, training

    start = params.format_rows(presets.parameter_rows(start_weights, start_bias))
    notice = None
    if "lin_training" not in st.session_state:  # a new visit: the link's step
        link_step, notice = whole_number_from_link("step", 0, training.MAX_STEPS, 0)
        st.session_state.lin_training = training.Training(step=link_step or 0)
    if st.session_state.get("lin_start", start) != start:  # a new start W: training starts over
        change_training(training.go_to, 0)
    st.session_state.lin_start = start
    return st.session_state.lin_training, notice


def change_training(rule, *args):
    """Apply one of hinge.linear.training's rules (step_by, go_to, reset...) to this session's training."""
    st.session_state.lin_training = rule(st.session_state.lin_training, *args)
    return st.session_state.lin_training


def step_changed(rule, *args):
    """A callback of the Step, +N and Reset buttons: `rule` of hinge.linear.training applied. Paused
    before and after, it reruns the view's results alone (the step box is theirs; the buttons do not
    change); else the whole view, whose Run/Pause button changes."""
    was_running = st.session_state.lin_training.running
    if not (was_running or change_training(rule, *args).running):
        st.rerun(RESULTS)


def next_round(*, side_by_side):
    """The steps of a Run's next round of frames (hinge.linear.training.round_steps), a step of the
    "Steps a frame" box apart; the step shown, alone, while paused, but right after a Run stopped
    itself: then the frames of the round that stopped it (see :func:`after_frame`)."""
    from hinge.linear import controls, training

    now = st.session_state.lin_training
    replay = st.session_state.pop("lin_replay", None)
    if replay and not now.running and replay[-1] == now.step:  # the round that stopped a Run
        return replay
    steps = st.session_state.get("lin_speed", controls.SPEEDS[2])
    frames = training.frames_a_round(side_by_side=side_by_side)
    return training.round_steps(now, steps, frames)


def end_of_round(steps, runs_by_frame):
    """The training at the last frame of the round to show, the first that stops a Run if one does
    (hinge.linear.training.frames_to_stop); returns (that training, how many frames to show)."""
    from hinge.linear import training

    shown = training.frames_to_stop(st.session_state.lin_training, steps, runs_by_frame)
    return change_training(training.go_to, steps[shown - 1]), shown


def after_frame(now, runs, *, was_running, steps):
    """The Run's stop rule (hinge.linear.training.after_frame) on the runs computed at `now`, the last
    of the round's `steps`.

    A Run that stops runs the page again, paused (the fragment's timer is set when the page runs),
    and that run plays this round's frames, which this one does not get to send: the animation goes
    on to the step it stopped at, not jumping there. Why it stopped is said once, after. The step
    goes in the link.
    """
    from hinge.linear import training

    if (after := training.after_frame(now, runs)) != now:
        st.session_state.lin_training = after
        st.session_state.lin_replay = list(steps)
        st.rerun()
    if not was_running and now.stopped:
        st.toast(now.stopped)
        st.session_state.lin_training = training.Training(now.step)
    keep_whole_number_in_link("step", now.step, 0)


def steps_at_once():
    """N, what the +N button steps (its box is drawn under the charts, after the button)."""
    from hinge.linear import controls

    return st.session_state.get("lin_n", controls.N_STEPS[3])


def show_clickable_plane(figure, key, **play):
    """The plane, updated in place, whose clicks (on a point or the free plane) go to :func:`apply_click`
    on the next run; `play`: a Run's frames before it (see ui.live_figure)."""
    return live_figure(figure, key, on_click=plane_clicked, in_place=True, **play)


def step_typed(shown):
    """The Go-to-step box that showed step `shown` was changed (see hinge.linear.training.typed)."""
    from hinge.linear import training

    change_training(training.typed, shown, st.session_state[f"lin_step_{shown}"])


def continued_run(slot, problem, step, **options):
    """The run at `step`, continuing this session's last run of the same problem when it can.

    Only the last run of each slot is kept: a few kilobytes of loss history, never the parameters
    of every step. Everything else is recomputed from the link's settings.
    """
    return continued_runs(slot, problem, [step], **options)[-1]


def continued_runs(slot, problem, steps, **options):
    """The runs at each of `steps` (ascending), each continuing the one before; the first continues
    this session's last run of the same problem when it can (see :func:`continued_run`)."""
    from hinge.linear import model, training

    key = training.run_key(problem, options)
    cached = st.session_state.get(f"lin_run_{slot}")
    run = cached[1] if cached and cached[0] == key else None
    runs = []
    for step in steps:
        run = model.train_to(run, *problem, steps=step, **options)
        runs.append(run)
    st.session_state[f"lin_run_{slot}"] = (key, run)
    return runs


# The tables' look: the theme's colours and type (Streamlit's --st- properties), in rem so that
# presentation mode's larger root type enlarges them as it does the rest.
_TABLE_CSS = """
.hinge-table { overflow: auto; font-family: var(--st-font, sans-serif); font-size: 0.875rem;
  color: var(--st-text-color, inherit); border: 1px solid var(--st-border-color, rgba(128, 128, 128, 0.3));
  border-radius: 0.5rem; }
.hinge-table table { border-collapse: collapse; width: 100%; }
.hinge-table th, .hinge-table td { padding: 0.2rem 0.5rem; text-align: left; white-space: nowrap;
  border-bottom: 1px solid var(--st-border-color, rgba(128, 128, 128, 0.2)); }
.hinge-table th { position: sticky; top: 0; font-weight: 600;
  background: var(--st-secondary-background-color, #f0f2f6); }
.hinge-table .num { text-align: right; font-variant-numeric: tabular-nums; }
"""


@functools.cache
def _live_table():
    js = (Path(__file__).parents[1] / "live_table.js").read_text(encoding="utf-8")
    return st.components.v2.component("hinge_live_table", js=js, css=_TABLE_CSS)


def show_table(table, key, *, height=None):
    """A table (``hinge.figures.linear.table_text``: column names and rows of text) as one light
    element, updated in place: a new step redraws its cells in a few milliseconds, where a
    ``st.dataframe`` (a canvas grid) painted about 100 ms after the charts. It scrolls past
    `height` pixels. Its cells are text, never HTML."""
    return _live_table()(data={**table, "height": height}, key=key)
