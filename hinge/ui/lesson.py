"""The Lesson page's parts: a step of hinge.lesson drawn, its question asked, its answer shown.

A step is drawn in two states. Before the reveal its view shows the step's inputs and not what
is asked (the playground's graph without the loss, the rows without their losses): the
picture beside a question must not answer it. After Check (or Show me) the view is whole, with
the verdict, the value, the arithmetic, why, and the step's controls, which move the state and
the answer live.

The session keeps, per step key, the verdict of the step's first reveal (the tally: "k of n
right so far", the summary) and the last prediction checked (the verdict shown follows the
controls). The step itself is in the link, ``?step=N`` (1-based).
"""

import streamlit as st

from hinge import compare, lesson, note, params, registry
from hinge import compare_text as ce_words
from hinge import playground as pg
from hinge import playground_text as words
from hinge.compare_table import Examples
from hinge.figures import CORRECT
from hinge.figures import compare as ce_figures
from hinge.figures.experiments import random_scores_figure
from hinge.figures.playground import playground_spec
from hinge.random_scores import random_scores_experiment
from hinge.ui.charts import live_figure, show_figure
from hinge.ui.links import correct_link, keep_in_link
from hinge.ui.page import chart_font_size, explain, presenting, show_notices, with_presentation

STEP = "step"  # the link's key: ?step=N opens step N, 1-based
RESULTS = "lesson_results"  # {step key: right at the step's first reveal (Show me: False)}
GUESSES = "lesson_guesses"  # {step key: the last prediction checked}
NOTICE = "lesson_notice"  # why the last prediction could not be read, for the run after Check
VIEW_KEY = "lesson_view"  # the live chart's key: one chart, updated in place from step to step
SHOWN = "lesson_shown"  # the step shown (0-based): the link's at a full run, then Back's, Next's


# ---------------------------------------------------------------------------------- the link


def step_from_link(steps):
    """The step the link asks for (0-based index); a bad or repeated ``step`` gives 0 and a notice.

    Read by ``hinge.lesson.step_from_link`` before anything is drawn: a bad value is taken out
    of the link (the page shows step 1), another spelling of a good one ("3.0") is written as
    the step's number, and the notice is shown, once a visit (see ``hinge.ui.correct_link``).
    `steps` is ``hinge.lesson.STEPS``, whose length the model checks against.
    """
    values = st.query_params.get_all(STEP)
    index, notice = lesson.step_from_link(values or None)
    fixes = {}
    if notice:
        fixes[STEP] = None
    elif values and values != [str(index + 1)]:
        fixes[STEP] = str(index + 1)
    correct_link(fixes, [notice] if notice else [], key="lesson_link_notices")
    return min(index, len(steps) - 1)


def go_to(index):
    """A callback: open step `index` (0-based) and put it in the link (step 1 needs none)."""
    st.session_state[SHOWN] = index
    keep_in_link(STEP, str(index + 1), default="1")


# ---------------------------------------------------------------------------------- the tally


def results():
    """{step key: right at its first reveal} of this session."""
    return st.session_state.setdefault(RESULTS, {})


def _guess_key(step):
    return f"lesson_guess_{step.key}"


def _check(step, value):
    """Check's callback: the prediction against the answer `value` the learner was looking at."""
    guess = st.session_state.get(_guess_key(step))
    try:
        verdict = lesson.check(step.question, value, guess)
    except ValueError as why:
        st.session_state[NOTICE] = params._shorten(str(why), limit=200)  # it may quote the learner's text
        return
    st.session_state.setdefault(GUESSES, {})[step.key] = guess
    results().setdefault(step.key, verdict.right)


def _show(step):
    """Show me's callback: the answer without a prediction, which counts as missed."""
    results().setdefault(step.key, False)


# ---------------------------------------------------------------------------------- the page


def show_step(steps, index):
    """Step `index` of `steps`: the way through, the question, the view, and after the reveal the answer.

    In a fragment of its own: Back, Next, Check, Show me, a prediction and the step's controls
    rerun the step, not the page around it (its set-up, title and text). A rerun of the step
    alone shows the step Back or Next went to (session key SHOWN); a full run, the link's `index`.
    """
    st.session_state[SHOWN] = index
    _step(steps)


@st.fragment
def _step(steps):
    index = min(max(int(st.session_state.get(SHOWN, 0)), 0), len(steps) - 1)
    step, done = steps[index], results()
    _way_through(steps, index, done)
    st.subheader(f"{index + 1}. {step.title}")
    explain(step.text)
    revealed = step.key in done
    ask, look = st.columns([2, 3], gap="medium")
    with look:
        view_box = st.container()
        chart_box = st.container()  # the live chart, in this place at every step (see draw_view)
        state = _controls(step) if revealed else dict(step.state)
    answer = step.answer(state)
    with view_box:
        figure = draw_view(step.view, state, revealed=revealed, chart=False)
    with chart_box:
        live_figure(figure, key=VIEW_KEY)
    with ask:
        _question(step, answer)
        if revealed:
            _answer(step, answer)
    if revealed:
        query = lesson.playground_query(state)
        if query is not None:
            base = st.get_option("server.baseUrlPath").strip("/")
            url = ("/" + base if base else "") + "/?" + with_presentation(query, presenting())
            look.link_button("Open in the playground", url, help="This state in the playground, in a new tab")
    if revealed and index == len(steps) - 1:
        _summary(steps, done)


def _way_through(steps, index, done):
    """Back, the progress bar with the tally, Next."""
    n = len(steps)
    right = sum(done.values())
    row = st.container(horizontal=True, vertical_alignment="center")  # one row, also on a phone
    row.button("← Back", key="lesson_back", on_click=go_to, args=(index - 1,), disabled=index == 0)
    tally = f"{right} of {len(done)} right so far" if done else "none answered yet"
    row.progress((index + 1) / n, text=f"Step {index + 1} of {n} · {tally}")
    answered = steps[index].key in done  # then Next is the thing to press: it takes Check's colour
    row.button(
        "Next →", key="lesson_next", on_click=go_to, args=(index + 1,), disabled=index == n - 1,
        type="primary" if answered else "secondary",
    )  # fmt: skip


def _question(step, answer):
    """The prompt, the prediction's box or choices, Check and Show me; a prediction it cannot read."""
    st.markdown(f"**{step.question.prompt}**")
    _prediction(step)
    buttons = st.container(horizontal=True)
    first = "secondary" if step.key in results() else "primary"  # after the reveal, Next is
    buttons.button("Check", key="lesson_check", type=first, on_click=_check, args=(step, answer.value))
    buttons.button("Show me", key="lesson_show", on_click=_show, args=(step,))
    show_notices([st.session_state.pop(NOTICE)] if NOTICE in st.session_state else [])


@st.fragment
def _prediction(step):
    """The prediction's box or choices, in a fragment of their own: a choice reruns only this.

    Nothing else uses the prediction until Check (whose callback reads it); a rerun of the step
    for each choice drew the whole step again.
    """
    q = step.question
    guess = st.session_state.get(GUESSES, {}).get(step.key)
    if q.kind == lesson.CHOICE:
        index = q.choices.index(guess) if guess in q.choices else None
        st.radio("Your prediction", q.choices, index=index, key=_guess_key(step), horizontal=True)
    else:
        st.text_input(
            "Your prediction",
            value=guess or "",
            key=_guess_key(step),
            max_chars=lesson.MAX_PREDICTION_CHARS,
            placeholder="a number, such as 1.5",
        )


def _shown_guess(question, guess):
    if question.kind == lesson.CHOICE:
        return guess
    return words.number(lesson.parse_number(guess), digits=6).replace("-", words.MINUS)


def _answer(step, answer):
    """The verdict against this state, the value, the arithmetic, why and what the note says."""
    guess = st.session_state.get(GUESSES, {}).get(step.key)
    if guess is None:
        st.info(f"The answer: **{answer.shown}**")
    else:
        verdict = lesson.check(step.question, answer.value, guess)  # this state's: it follows the controls
        said = f"You predicted {_shown_guess(step.question, guess)}. "
        if verdict.right:
            st.success(f"{said}Right: the answer is **{answer.shown}**.")
        else:
            st.error(said + verdict.message)
    if answer.arithmetic:
        st.code("\n".join(answer.arithmetic), language=None, wrap_lines=True)
    if answer.why:
        st.markdown(answer.why)
    if answer.note:
        st.caption(f"The note: {answer.note}")


def _summary(steps, done):
    """After the last step: how many were right, and a way back to each step missed (?step=N)."""
    st.subheader("The end of the lesson")
    right = sum(done.get(step.key, False) for step in steps)
    st.markdown(f"**{right} of {len(steps)}** right.")
    missed = [(i, step) for i, step in enumerate(steps) if not done.get(step.key, False)]
    if missed:
        st.markdown("Worth another look:")
    for i, step in missed:  # a link's look; a button keeps this session's tally (a link opens a new one)
        st.button(
            f"{i + 1}. {step.title}",
            key=f"lesson_again_{step.key}",
            type="tertiary",
            on_click=go_to,
            args=(i,),
        )


# ---------------------------------------------------------------------------------- controls


def _value(state, key):
    """The state's number that control `key` sets ("s1": the second score, of the row asked about)."""
    score = lesson.SCORE_KEY.fullmatch(key)
    if score is None:
        return state[key]
    scores = state["scores"] if "scores" in state else state["rows"][state["row"]]
    return scores[int(score.group(1))]


def _controls(step):
    """The step's sliders, each starting at the step's own value; the state they make."""
    state = dict(step.state)
    holders = st.columns(min(len(step.controls), 3)) if step.controls else []
    for j, control in enumerate(step.controls):
        whole = all(float(v).is_integer() for v in (control.lo, control.hi, control.step))
        whole = whole and isinstance(_value(state, control.key), int)
        kind = int if whole else float
        lo, hi = kind(control.lo), kind(control.hi)
        value = holders[j % len(holders)].slider(
            control.label,
            lo,
            hi,
            min(max(kind(_value(step.state, control.key)), lo), hi),
            kind(control.step),
            key=f"lesson_{step.key}_{control.key}",
        )
        state = lesson.with_control(state, control.key, value)
    return state


# ---------------------------------------------------------------------------------- the views


def draw_view(view, state, *, revealed, chart=True):
    """The live view of a step's state; before the reveal, without what its question asks.

    With `chart` False, its live chart (the hinge graph) is not drawn but returned: its figure, or
    None for a view without one. The Lesson draws it below the view at every step
    (``live_figure(None)`` shows nothing), so that it keeps its place from step to step, is
    updated in place, never drawn anew, and Plotly is loaded when the page opens (a first hinge
    graph at a later step waited 1.6 s for it).
    """
    figure = VIEWS.get(view, lambda state, revealed: None)(state, revealed)
    if not chart:
        return figure
    if figure is not None:
        live_figure(figure, key=VIEW_KEY)
    return None


def _options(state):
    return {"margin": state.get("margin", 1.0), "variant": state.get("variant", "weston_watkins")}


def _playground(state, revealed):
    p = pg.playground(
        state["scores"],
        state["label"],
        scale=state.get("scale", 1.0),
        scale_margin=state.get("scale_margin", False),
        squared=state.get("squared", False),
        **_options(state),
    )
    names = note.CLASS_NAMES[: len(p.scores)]
    st.markdown(_inputs_line(state, names))  # the scores, also on a projector, where the text is hidden
    spec = playground_spec(p, names, font_size=chart_font_size(), compact=presenting())
    return spec if revealed else without_loss(spec, p, names)


def _inputs_line(state, names):
    """What a "playground" state is, in a line: "cat 3.2 ✓ · car 5.1 · frog −1.7 · Δ = 1"."""
    shown = [words.number(v).replace("-", words.MINUS) for v in state["scores"]]
    parts = [
        f"**{name} {v}**" + (" ✓" if j == state["label"] else "")
        for j, (name, v) in enumerate(zip(names, shown, strict=True))
    ]
    parts.append(f"Δ = {words.number(state.get('margin', 1.0))}")
    if state.get("scale", 1.0) != 1.0:
        k = words.number(state["scale"])
        parts.append(f"every score × {k}" + (f", Δ × {k}" if state.get("scale_margin") else ""))
    if "eps" in state:  # the step about small changes: a random change of every score
        parts.append(f"every score moved by up to ε = {words.number(state['eps'])}")
    if state.get("variant", "weston_watkins") != "weston_watkins" or state.get("squared"):
        parts.append(
            registry.LOSSES[state.get("variant", "weston_watkins")].short
            + (", squared" if state.get("squared") else "")
        )
    return " · ".join(parts)


def without_loss(spec, p, names):
    """The hinge graph before the reveal: its axes, the correct and the highest incorrect score, no loss.

    Gone: the loss curve, each class's own hinge, the point and its readout, the terms' heights,
    the margin band, "loss = 0" and the figure's slider; the terms' bars read "?", and a dotted
    line marks the correct score where the point would be; the title says the loss comes after
    Check (short: it shares a phone's width with the terms' title). The traces are in
    :func:`hinge.figures.playground.playground_spec`'s documented order, the bars last.
    """
    bars = {key: value for key, value in spec["data"][-1].items() if key != "hovertemplate"}
    bars.update(y=[0.0] * len(names), text=["✓" if j == p.label else "?" for j in range(len(names))])
    bars["hoverinfo"] = "skip"
    layout = dict(spec["layout"])
    correct = round(float(p.scores[p.label]), 6)
    here = {
        "type": "line",
        "xref": "x",
        "yref": "y domain",
        "x0": correct,
        "x1": correct,
        "y0": 0,
        "y1": 0.92,
    }
    here["line"] = {"color": CORRECT, "width": 2, "dash": "dot"}
    # the note's dash at the highest incorrect score stays, and the correct score is marked
    layout["shapes"] = [shape for shape in layout["shapes"] if shape["type"] == "line"] + [here]
    layout["annotations"] = [
        layout["annotations"][0],  # the terms' panel title
        {"xref": "x", "yref": "y domain", "x": correct, "y": 0.92, "yanchor": "bottom", "showarrow": False,
         "text": f"s_{names[p.label]} = {words.number(correct)}", "font": {"color": CORRECT}},
    ]  # fmt: skip
    layout["title"] = {**layout["title"], "text": "Loss shown after Check"}
    layout["sliders"] = []  # and its room under the axis, for the axis's own labels
    layout["margin"] = {**layout["margin"], "b": 45}
    return {"data": [bars], "layout": layout, "frames": []}


def _scores_text(row):
    """[3.2, 5.1, −1.7]: a row of scores with true minus signs, as the arithmetic writes them."""
    return ce_words.format_scores(row).replace("-", words.MINUS)


def _scores_rows(rows, labels, losses=None):
    """A table's rows: each image's (or row's) scores, its correct class, and its loss once revealed."""
    table = []
    for i, (row, label) in enumerate(zip(rows, labels, strict=True)):
        entry = {"image": f"{note.CLASS_NAMES[label]} image", "scores": _scores_text(row)}
        if losses is not None:
            entry["loss"] = "left out" if losses[i] is None else words.number(losses[i])
        table.append(entry)
    return table


def _batch(state, revealed):
    rows, labels = state["rows"], state["labels"]
    if not revealed:
        st.table(_scores_rows(rows, labels), hide_index=True)
        return
    batch = pg.batch_losses(rows, labels, **_options(state))
    st.table(_scores_rows(rows, labels, batch.losses), hide_index=True)
    st.latex(words.mean_latex(batch))


@st.cache_data(max_entries=16, show_spinner="Drawing random scores…")
def _random_result(classes, sigma, samples, margin, seed):
    return random_scores_experiment(classes, sigma, samples, margin=margin, seed=seed)


def _random(state, revealed):
    classes, sigma = int(state["classes"]), float(state["sigma"])
    samples = int(state.get("samples", 100_000))
    st.markdown(
        f"C = {classes} classes; every score drawn from N(0, σ²) with σ = {sigma:g}; "
        f"Δ = {words.number(state.get('margin', 1.0))}; {samples:,} examples."
    )
    if revealed:
        result = _random_result(
            classes, sigma, samples, float(state.get("margin", 1.0)), int(state.get("seed", 0))
        )
        show_figure(random_scores_figure(result, font_size=chart_font_size()), key="lesson_random")


HIDDEN = ("SVM loss", "cross-entropy", "p(correct)")  # the results table's columns a question asks about


def _cross_entropy(state, revealed):
    """The rows with both losses; the row asked about, and the rows after it (later steps), read "?"
    until the reveal."""
    rows, labels = state["rows"], state["labels"]
    known = state.get("row", len(rows) - 1) + (1 if revealed else 0)  # the rows whose losses are shown
    options = _options(state)
    comparison = compare.compare_rows(rows, labels, **options)
    examples = Examples([list(r) for r in rows], list(labels), list(range(1, len(rows) + 1)), [])
    table = []
    for i, (row, result) in enumerate(zip(rows, ce_words.results_table(comparison, examples), strict=True)):
        hidden = dict.fromkeys(HIDDEN, "?") if i >= known else {}
        table.append({"row": result["row"], "scores": _scores_text(row), **result, **hidden})
    st.table(table, hide_index=True)
    if revealed:
        seen = compare.compare_rows(rows[:known], labels[:known], **options)
        lo, hi = compare.lead_range(seen.lead, options["margin"])
        curve = compare.lead_curves(lo, hi, len(rows[0]), **options)
        style = {"names": ce_words.row_names(examples.table_rows[:known]), "log": True}
        fig = ce_figures.lead_figure(
            curve, seen, margin=options["margin"], font_size=chart_font_size(), **style
        )
        show_figure(fig, key="lesson_lead", theme=None)


def _nudge(state, revealed):
    moved = compare.nudge(
        state["scores"],
        state["label"],
        eps=state["eps"],
        target=state.get("target"),
        seed=state.get("seed", 0),
        **_options(state),
    )
    st.markdown(f"{_scores_text(moved.before)} → {_scores_text(moved.after)}")
    if revealed:
        for column, (label, metric) in zip(st.columns(2), ce_words.nudge_metrics(moved).items(), strict=True):
            column.metric(label, **metric)
        st.markdown(ce_words.nudge_finding(moved))


VIEWS = {
    "playground": _playground,
    "batch": _batch,
    "random": _random,
    "cross_entropy": _cross_entropy,
    "nudge": _nudge,
}
