"""Figures for the Classroom page: a room's answers in, Plotly figures out.

A number question's answers are a histogram; a choice question's are a bar of each choice's
count. Before the reveal every bar is the same colour (the chart must not tell the room the
answer); after it the correct answer is marked: a line and the band of answers counted right
on the histogram, the correct choice's bar in the correct class's colour.
"""

import hashlib
import math
from collections import Counter

import plotly.graph_objects as go

from hinge import lesson
from hinge.figures import CORRECT, FONT_SIZE, PALETTE, base_layout

ANSWERS = PALETTE[0]
OTHER = "#999999"  # the wrong choices, after the reveal
HEIGHT = 290  # px: under the controls and the counts, the whole chart fits a 1280x720 projector
REVEALED_HEIGHT = 230  # after the reveal, in half the width: a question of three lines above it still fits
WHOLE_TICKS = 6  # up to this many answers in the tallest bar, a tick for each count (no "0.5 students")


def right_count(question, answer_value, values):
    """How many of `values` (a room's answers) :func:`hinge.lesson.check` counts right.

    >>> q = lesson.Question("?", tolerance=0.05)
    >>> right_count(q, 2.9, [2.9, 2.94, 3.0, -1.0])
    2
    """
    return sum(lesson.check(question, answer_value, v).right for v in values)


def right_band(question, answer_value):
    """The interval of number answers counted right: ``(lo, hi)``.

    >>> right_band(lesson.Question("?", tolerance=0.05), 2.9)
    (2.85, 2.95)
    >>> right_band(lesson.Question("?", tolerance=0.1, relative=True), -10.0)
    (-11.0, -9.0)
    """
    half = question.tolerance * abs(answer_value) if question.relative else question.tolerance
    return round(answer_value - half, 12), round(answer_value + half, 12)


def bins(question, values, *, most=60):
    """Histogram bins as wide as the band counted right, on a grid that does not depend on the answer
    (centred on multiples of the band's width: no bar edge hints at it); None (Plotly's own bins) for a
    relative tolerance, or when there would be more than `most` bins.

    >>> bins(lesson.Question("?", tolerance=0.05), [2.9, 3.5])
    {'start': 2.85, 'size': 0.1}
    >>> bins(lesson.Question("?", tolerance=0.05), [0.0, 1000.0]) is None
    True
    """
    if question is None or question.relative or not values or question.tolerance <= 0:
        return None
    size = 2 * question.tolerance
    start = (math.floor(min(values) / size + 0.5) - 0.5) * size
    if (max(values) - start) / size > most:
        return None
    return {"start": round(start, 12), "size": size}


def tallest_bar(values, xbins):
    """How many of `values` the fullest of the bins `xbins` (``{"start", "size"}``) holds; without
    bins, every value (an upper bound).

    >>> tallest_bar([2.9, 2.91, 3.5], {"start": 2.85, "size": 0.1}), tallest_bar([1.0, 2.0], None)
    (2, 2)
    """
    if not values:
        return 0
    if xbins is None:
        return len(values)
    start, size = xbins["start"], xbins["size"]
    return max(Counter(math.floor((v - start) / size + 1e-9) for v in values).values())


def _layout(font_size, tallest, height, answers, **more):
    """The answers' chart's layout; `answers` (what the bars count) is its data revision.

    The live chart moves bars in place (Plotly.animate) when only their data differs, which keeps
    the axes' ranges as they were: a bar taller than the last tallest, or an answer right of the
    last, was cut off. A new data revision (a short digest) with every new set of answers makes
    it draw the chart again, axes and all, as a first drawing would.
    """
    return base_layout(
        datarevision=hashlib.blake2b(repr(answers).encode(), digest_size=8).hexdigest(),
        font={"size": font_size},
        margin={"l": 50, "r": 20, "t": 30, "b": 50},
        showlegend=False,
        bargap=0.1,
        height=height,
        yaxis={
            "title": {"text": "students", "standoff": 8},
            "automargin": True,
            "rangemode": "tozero",
            "tick0": 0,
            "dtick": 1 if tallest <= WHOLE_TICKS else None,
            "tickformat": "d",
        },
        **more,
    )


def number_answers_figure(
    values, *, question=None, answer=None, answer_shown=None, font_size=FONT_SIZE, height=HEIGHT
):
    """A histogram of a room's number answers; with `answer` (after the reveal) the answer marked.

    `question` gives the tolerance band drawn around `answer`; `answer_shown` is the answer as
    the lesson writes it (for the line's label).
    """
    values = [float(v) for v in values]
    xbins = bins(question, values)
    fig = go.Figure(go.Histogram(x=values, marker={"color": ANSWERS}, name="answers", xbins=xbins))
    if answer is not None:
        if question is not None:
            lo, hi = right_band(question, float(answer))
            fig.add_vrect(x0=lo, x1=hi, fillcolor=CORRECT, opacity=0.2, line_width=0)
        label = answer_shown if answer_shown is not None else f"{float(answer):g}"
        fig.add_vline(x=float(answer), line={"color": CORRECT, "width": 4})
        fig.add_annotation(
            x=float(answer),
            y=1,
            yref="paper",
            text=f"answer {label}",
            showarrow=False,
            yanchor="bottom",
            font={"color": CORRECT, "size": font_size},
        )
    tallest = tallest_bar(values, xbins)
    fig.update_layout(
        _layout(font_size, tallest, height, sorted(values), xaxis={"title": {"text": "answer"}})
    )
    return fig


def choice_answers_figure(counts, *, answer=None, font_size=FONT_SIZE, height=HEIGHT):
    """A bar chart of each choice's count (`counts`: choice -> count, in the choices' order).

    With `answer` (after the reveal) its bar is in the correct colour, the others grey.
    """
    choices = [str(c) for c in counts]
    heights = list(counts.values())
    if answer is None:
        colours = [ANSWERS] * len(choices)
    else:
        colours = [CORRECT if c == str(answer) else OTHER for c in choices]
    fig = go.Figure(
        go.Bar(
            x=choices, y=heights, marker={"color": colours}, text=heights, textposition="auto", name="answers"
        )
    )
    fig.update_layout(
        _layout(font_size, max(heights, default=0), height, heights, xaxis={"type": "category"})
    )
    return fig
