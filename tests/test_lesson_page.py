"""The Lesson page through AppTest: every step, predict / Check / Show me, the answer hidden until then,
hostile predictions and ?step= values, the controls after the reveal, the tally and the summary."""

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from hinge import lesson
from hinge.ui import workarounds

from reference import svm_loss

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "4_Lesson.py")
STEPS = lesson.STEPS
NUMBER_STEPS = [i for i, step in enumerate(STEPS) if step.question.kind == lesson.NUMBER]
CHOICE_STEPS = [i for i, step in enumerate(STEPS) if step.question.kind == lesson.CHOICE]
STEP_IDS = [step.key for step in STEPS]


def run(at=None, **query):
    """Open the page with the link `query`, or run again after a widget's change (`at` is then the widget)."""
    if at is None:
        at = AppTest.from_file(PAGE, default_timeout=90)
        for key, value in query.items():
            at.query_params[key] = value
    at = at.run()
    assert not at.exception, at.exception[0].value
    return at


def open_step(i, **query):
    """Step i (0-based) through its link."""
    return run(step=str(i + 1), **query)


def guess_box(at, step):
    return (at.radio if step.question.kind == lesson.CHOICE else at.text_input)(
        key=f"lesson_guess_{step.key}"
    )


def predict(at, step, prediction):
    box = guess_box(at, step)
    (box.set_value if step.question.kind == lesson.CHOICE else box.input)(prediction)
    return run(at.button(key="lesson_check").click())


def show_me(at):
    return run(at.button(key="lesson_show").click())


def linked_step(at):
    """The link's step values, a list (AppTest keeps one value as a str)."""
    value = at.query_params.get("step", [])
    return [value] if isinstance(value, str) else list(value)


def heading(at):
    return at.subheader[0].value


def tally(at):
    (bar,) = at.get("progress")
    return bar.proto.text


def warnings(at):
    """The notices as Markdown shows them (escapes taken out)."""
    return [re.sub(r"\\(.)", r"\1", w.value) for w in at.warning]


def live_figure(at):
    """The live chart's figure (a "playground" view), as the browser gets it; None without one."""
    (live,) = at.get("bidi_component")  # one chart at every step: it keeps its place (no figure: None)
    figure = json.loads(live.proto.json)["figure"]
    return None if figure is None else json.loads(figure)


def shown_text(at):
    """Every text the page shows but its controls: Markdown, tables, formulas, alerts, metrics, code,
    and the live chart's own texts (its traces' and notes', not its axes' numbers)."""
    parts = [e.value for e in [*at.markdown, *at.caption, *at.latex, *at.code]]
    parts += [e.value for e in [*at.info, *at.success, *at.error]]
    parts += [f"{m.value} {m.delta}" for m in at.metric]
    parts += [json.dumps(t.value.to_dict("records"), ensure_ascii=False) for t in at.table]
    figure = live_figure(at)
    if figure:
        parts += [json.dumps(trace.get("text"), ensure_ascii=False) for trace in figure["data"]]
        parts += [note["text"] for note in figure["layout"].get("annotations", [])]
    return "\n".join(parts)


def names(text, value):
    """Whether `text` writes the number `value` (2.9 not inside 12.9 or 2.95)."""
    return re.search(rf"(?<![\d.]){re.escape(value)}(?![\d])", text) is not None


# ---------------------------------------------------------------- every step


@pytest.mark.parametrize("i", range(len(STEPS)), ids=STEP_IDS)
def test_every_step_opens_from_its_link_with_the_answer_hidden(i):
    step, answer = STEPS[i], STEPS[i].answer()
    at = open_step(i)
    assert heading(at) == f"{i + 1}. {step.title}"
    assert f"**{step.question.prompt}**" in [m.value for m in at.markdown]
    assert not at.code and not at.info and not at.success and not at.error and not at.slider
    text = shown_text(at)
    assert answer.why not in text
    assert not answer.arithmetic or answer.arithmetic[-1] not in text  # its result
    if step.question.kind == lesson.NUMBER:
        assert not names(text, answer.shown), f"{step.key}: {answer.shown} is on the page before the reveal"
    assert tally(at) == f"Step {i + 1} of {len(STEPS)} · none answered yet"


@pytest.mark.parametrize("i", range(len(STEPS)), ids=STEP_IDS)
def test_show_me_reveals_every_steps_answer_computed_from_its_state(i):
    step, answer = STEPS[i], STEPS[i].answer()
    at = show_me(open_step(i))
    assert [a.value for a in at.info] == [f"The answer: **{answer.shown}**"]
    if answer.arithmetic:
        assert [c.value for c in at.code] == ["\n".join(answer.arithmetic)]
    assert answer.why in [m.value for m in at.markdown]
    assert [s.label for s in at.slider] == [c.label for c in _column_order(step.controls)]
    if step.question.kind == lesson.NUMBER:
        assert names(shown_text(at), answer.shown)
    assert tally(at) == f"Step {i + 1} of {len(STEPS)} · 0 of 1 right so far"  # shown, not predicted


def _column_order(controls):
    """The sliders as AppTest lists them: by column (three a row), then down each column."""
    holders = min(len(controls), 3)
    return [c for k in range(holders) for c in controls[k::holders]]


@pytest.mark.parametrize("i", NUMBER_STEPS, ids=[STEP_IDS[i] for i in NUMBER_STEPS])
def test_a_number_prediction_is_checked_within_the_steps_tolerance(i):
    step, answer = STEPS[i], STEPS[i].answer()
    at = predict(open_step(i), step, answer.shown)  # as the page writes it: right
    assert [s.value for s in at.success] == [
        f"You predicted {answer.shown}. Right: the answer is **{answer.shown}**."
    ]
    assert tally(at).endswith("1 of 1 right so far")
    wrong = f"{float(answer.value) + 1000:g}"  # far outside every tolerance
    at = predict(open_step(i), step, wrong)
    (error,) = at.error
    assert error.value.startswith(f"You predicted {wrong}. Off by ") and error.value.endswith(
        f"the answer is {answer.shown}."
    )
    assert tally(at).endswith("0 of 1 right so far")


@pytest.mark.parametrize("i", CHOICE_STEPS, ids=[STEP_IDS[i] for i in CHOICE_STEPS])
def test_a_choice_is_checked(i):
    step, answer = STEPS[i], STEPS[i].answer()
    at = predict(open_step(i), step, answer.value)
    assert [s.value for s in at.success] == [
        f"You predicted {answer.value}. Right: the answer is **{answer.shown}**."
    ]
    other = next(c for c in step.question.choices if c != answer.value)
    at = predict(open_step(i), step, other)
    assert [e.value for e in at.error] == [f"You predicted {other}. Not quite: the answer is {answer.value}."]


def test_the_cats_loss_is_hidden_in_the_graph_until_check():
    at = open_step(0)
    figure = live_figure(at)
    (bars,) = figure["data"]  # no loss curve, no hinges, no point with its "L = 2.9"
    assert bars["type"] == "bar" and bars["y"] == [0.0, 0.0, 0.0] and bars["text"] == ["✓", "?", "?"]
    assert figure["layout"]["sliders"] == [] and figure["frames"] == []
    assert "loss = 0" not in shown_text(at) and "2.9" not in json.dumps(figure)
    at = predict(at, STEPS[0], "2.9")
    texts = [trace.get("text") for trace in live_figure(at)["data"]]
    assert ["L = 2.9"] in texts and ["✓", "2.9", "0"] in texts


def test_check_then_check_again_changes_the_verdict_not_the_tally():
    step = STEPS[0]
    at = predict(open_step(0), step, "3.5")
    assert [e.value for e in at.error] == ["You predicted 3.5. Off by 0.6: the answer is 2.9."]
    at = predict(at, step, "2,90")  # a decimal comma, a trailing zero: right
    assert [s.value for s in at.success] == ["You predicted 2.9. Right: the answer is **2.9**."]
    assert tally(at) == f"Step 1 of {len(STEPS)} · 0 of 1 right so far"  # the first reveal counts


# ---------------------------------------------------------------- bad predictions


@pytest.mark.parametrize(
    ("prediction", "notice"),
    [
        ("", "Type a number first."),
        ("abc", '"abc" is not a number: type one such as 2.9.'),
        ("nan", "Type a number between −1,000,000 and 1,000,000."),
        ("1e308", "Type a number between −1,000,000 and 1,000,000."),
        ("<b>x</b>", '"<b>x</b>" is not a number: type one such as 2.9.'),
        ("[x](javascript:alert(1))", '"[x](javascript:alert(1))" is not a number: type one such as 2.9.'),
    ],
)
def test_a_prediction_that_is_not_a_number_gets_a_notice_and_no_answer(prediction, notice):
    at = predict(open_step(0), STEPS[0], prediction)
    assert [w[: len(notice)] for w in warnings(at)] == [notice]
    (raw,) = at.warning
    assert not re.search(r"(?<!\\)[<\[]", raw.value)  # every < and [ escaped: never HTML
    assert not at.code and not at.error and not at.success and not at.info
    assert tally(at).endswith("none answered yet")


def test_check_without_a_choice_asks_for_one():
    i = CHOICE_STEPS[0]
    at = run(open_step(i).button(key="lesson_check").click())
    assert warnings(at) == ["Pick one of the choices."]
    assert not at.info and not at.error and not at.success


# ---------------------------------------------------------------- the link


@pytest.mark.parametrize(
    "value",
    ["abc", "NaN", "nan", "0", "-1", "1e308", "inf", "3.5", str(len(STEPS) + 1), "1,2,3", "1" * 5000,
     ",".join(str(k) for k in range(1, 400)), "<b>x</b>", "", "١٢٣"],
    ids=lambda v: repr(v if len(v) <= 16 else f"{v[:12]}…{len(v)}"),
)  # fmt: skip
def test_a_hostile_step_opens_step_1_with_a_notice_and_leaves_the_link(value):
    at = run(step=value)
    assert heading(at) == f"1. {STEPS[0].title}"
    (notice,) = warnings(at)
    assert notice.startswith("`step`") and "using 1" in notice, notice
    assert linked_step(at) == []


def test_a_repeated_step_opens_step_1_with_a_notice():
    at = run(step=["2", "3"])
    assert heading(at) == f"1. {STEPS[0].title}"
    assert warnings(at) == ["`step` is given 2 times: using 1."]
    assert linked_step(at) == []


def test_another_spelling_of_a_step_opens_it_and_the_link_says_it_plainly():
    at = run(step="3.0")
    assert heading(at) == f"3. {STEPS[2].title}" and not warnings(at)
    assert linked_step(at) == ["3"]


def test_next_and_back_walk_the_steps_and_keep_the_link_in_step():
    at = run()
    assert at.button(key="lesson_back").disabled
    at = run(at.button(key="lesson_next").click())
    assert heading(at) == f"2. {STEPS[1].title}" and linked_step(at) == ["2"]
    at = run(at.button(key="lesson_next").click())
    assert heading(at) == f"3. {STEPS[2].title}" and linked_step(at) == ["3"]
    at = run(at.button(key="lesson_back").click())
    at = run(at.button(key="lesson_back").click())
    assert heading(at) == f"1. {STEPS[0].title}" and linked_step(at) == []  # step 1 needs none
    assert run(step=str(len(STEPS))).button(key="lesson_next").disabled


# ---------------------------------------------------------------- after the reveal


def test_the_controls_move_the_answer_and_the_verdict_as_hinge_computes_them():
    step = STEPS[0]
    at = predict(open_step(0), step, "2.9")
    assert tally(at).endswith("1 of 1 right so far")
    at = run(at.slider(key="lesson_cat_s0").set_value(4.0))
    cat = svm_loss([4.0, 5.1, -1.7], 0)  # the plain loop's loss: 2.1
    assert at.code[0].value.endswith(f"= {cat:.1f}")
    assert [e.value for e in at.error] == [f"You predicted 2.9. Off by 0.8: the answer is {cat:.1f}."]
    assert [f"L = {cat:.1f}"] in [trace.get("text") for trace in live_figure(at)["data"]]
    assert tally(at).endswith("1 of 1 right so far")  # the tally keeps the first reveal's verdict
    at = run(at.slider(key="lesson_cat_margin").set_value(2.0))
    wider = svm_loss([4.0, 5.1, -1.7], 0, margin=2.0)
    assert at.code[0].value.endswith(f"= {wider:.1f}")


@pytest.mark.parametrize("i", [i for i, step in enumerate(STEPS) if step.controls], ids=lambda i: STEP_IDS[i])
def test_every_steps_first_control_moves_its_answer(i):
    step = STEPS[i]
    control = step.controls[0]
    at = show_me(open_step(i))
    slider = at.slider(key=f"lesson_{step.key}_{control.key}")
    value = control.hi if slider.value != control.hi else control.lo
    at = run(slider.set_value(value))
    moved = step.answer(lesson.with_control(step.state, control.key, value))
    assert [a.value for a in at.info] == [f"The answer: **{moved.shown}**"]
    if moved.arithmetic:
        assert [c.value for c in at.code] == ["\n".join(moved.arithmetic)]


@pytest.mark.parametrize("present", [False, True])
def test_open_in_the_playground_carries_the_state_and_presentation_mode(present):
    at = show_me(open_step(2, **({"present": "1"} if present else {})))
    (link,) = at.get("link_button")
    query = lesson.playground_query(STEPS[2].state) + ("&present=1" if present else "")
    assert link.proto.label == "Open in the playground" and link.proto.url == "/?" + query
    at = run(at.slider(key="lesson_frog_s2").set_value(3.0))
    (link,) = at.get("link_button")
    assert "s2=3&" in link.proto.url


def test_a_step_without_a_playground_state_has_no_playground_link():
    i = next(i for i, step in enumerate(STEPS) if step.view == "batch")
    assert not show_me(open_step(i)).get("link_button")


def explained(at):
    """The markdown drawn by ui.explain: in containers that presentation mode's CSS hides."""
    found = []

    def walk(node, inside):
        for child in node.children.values():
            key = getattr(getattr(child, "proto", None), "id", "")
            here = inside or workarounds.EXPLAIN_KEY in key
            if getattr(child, "type", None) == "markdown" and here:
                found.append(child.value)
            if hasattr(child, "children"):
                walk(child, here)

    walk(at.main, False)
    return found


def page_css(at):
    return "".join(h.proto.body for h in at.get("html"))


def test_presentation_mode_hides_our_text_and_keeps_the_question():
    at = open_step(0, present="1")
    shown = [m.value for m in at.markdown]
    # drawn in both modes (the mode changes no element's place), in a container the CSS hides
    assert STEPS[0].text in shown and STEPS[0].text in explained(at)
    prompt = f"**{STEPS[0].question.prompt}**"
    assert prompt in shown and prompt not in explained(at)
    assert workarounds.PRESENT_CSS in page_css(at)
    normal = open_step(0)
    assert explained(normal) == explained(at) and workarounds.PRESENT_CSS not in page_css(normal)


# ---------------------------------------------------------------- the tally and the summary


def test_the_summary_after_the_last_step_counts_and_leads_back_to_the_missed_steps():
    at = predict(open_step(0), STEPS[0], "2.9")  # right
    for _ in STEPS[1:]:
        at = show_me(run(at.button(key="lesson_next").click()))  # every other one shown: missed
    assert heading(at) == f"{len(STEPS)}. {STEPS[-1].title}"
    assert tally(at) == f"Step {len(STEPS)} of {len(STEPS)} · 1 of {len(STEPS)} right so far"
    assert at.subheader[1].value == "The end of the lesson"
    assert f"**1 of {len(STEPS)}** right." in [m.value for m in at.markdown]
    again = [b for b in at.button if b.key.startswith("lesson_again_")]
    assert [b.label for b in again] == [f"{i + 1}. {s.title}" for i, s in enumerate(STEPS) if i > 0]
    at = run(again[1].click())  # back to step 3, revealed as it was left
    assert heading(at) == f"3. {STEPS[2].title}" and linked_step(at) == ["3"]
    assert [a.value for a in at.info] == [f"The answer: **{STEPS[2].answer().shown}**"]


def test_the_note_numbers_the_first_steps_show():
    shown = [show_me(open_step(i)).info[0].value for i in range(4)]
    assert shown == [f"The answer: **{v}**" for v in ("2.9", "0", "12.9", "5.27")]  # the note's
