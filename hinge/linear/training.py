"""The training page's rules, as pure functions on where its training is (a :class:`Training`).

Step, +N, Run/Pause, Reset and the step box change the state only through these; the page keeps
one state in its session. Also the page's other rules: which start a class count allows, when a
run's loss grew too much to go on without a word, and which run a session may continue.
"""

import hashlib
from dataclasses import dataclass

from hinge.linear.model import stopped_improving

MAX_STEPS = 3000
# A Run asks the server for its next steps every 0.9 s (1.8 s side by side: four charts), and gets a
# round of frames, one a step of the "Steps a frame" box, that the browser draws in turn: 12 in 0.9 s
# (24 in 1.8 s side by side), 13 frames a second, while the page itself reruns about once a second.
# Each rerun's elements cost the browser time that the frames then lack, and a round comes a little
# later than asked: with 4 frames in 0.3 s the browser lost about one frame in four; with 8 in 0.6 s
# it drew 10.1 and 11.7 a second, with 12 in 0.9 s 11.2 and 12.4; side by side, 18 frames in 1.8 s
# drew 9.4 and 9.3 a second and 24 drew 11.7 and 11.5, every frame drawn (medians of 3 runs taken in
# turn, 2 cores, benchmarks/run_fps.py, the frames drawn in place).
FRAME_SECONDS = 0.9
FRAMES_A_ROUND = 12


@dataclass(frozen=True)
class Training:
    """Where the page's training is: the step shown, whether Run is on, and why the last Run stopped.

    The page keeps one of these in its session and changes it only through the functions below,
    never through a widget's value: a Run's frames and a number box that the browser sends back
    late cannot disagree about the step (see :func:`after_frame`).
    """

    step: int = 0
    running: bool = False
    stopped: str | None = None  # why the last Run stopped, to say once


def go_to(training, step):
    """`training` at `step`, clipped to 0..MAX_STEPS.

    >>> go_to(Training(), 5000).step, go_to(Training(step=3), -2).step
    (3000, 0)
    """
    return Training(int(min(max(int(step), 0), MAX_STEPS)), training.running, training.stopped)


def typed(training, shown, value):
    """The step `value` typed into a Step box that showed step `shown`.

    Taken only when the box showed the current step: a browser can send the value of an older
    box late (a Run's frame it had not drawn yet), which must not take the step back.

    >>> typed(Training(step=195), 195, 40).step, typed(Training(step=195, running=True), 190, 190)
    (40, Training(step=195, running=True, stopped=None))
    """
    return go_to(training, value) if shown == training.step else training


def step_by(training, steps):
    """`steps` steps ahead (the Step and +N buttons).

    >>> step_by(Training(step=10), 5)
    Training(step=15, running=False, stopped=None)
    """
    return go_to(training, training.step + int(steps))


def reset(training):
    """Back to step 0, paused."""
    return Training()


def toggle_run(training):
    """Run on (from where it is) or off; a new Run forgets why the last one stopped."""
    return Training(training.step, not training.running, None)


def frame(training, steps):
    """One frame of a Run: `steps` steps ahead while running, else unchanged.

    >>> frame(Training(step=170, running=True), 5).step, frame(Training(step=170), 5).step
    (175, 170)
    """
    return step_by(training, steps) if training.running else training


def after_frame(training, runs):
    """The Run's stop rule, on the runs computed at `training.step`: paused at that very step once
    the last step is reached or every run diverged or stopped improving, else unchanged.

    The step is kept as computed: the state that ends a Run is the last step computed.

    >>> from hinge.linear.model import train
    >>> from hinge.linear.presets import classic_points, initial_parameters
    >>> points, labels = classic_points()
    >>> run = train(points, labels, *initial_parameters(3), steps=200)
    >>> after_frame(Training(step=200, running=True), [run])
    Training(step=200, running=False, stopped='Stopped at step 200: the loss stopped improving.')
    """
    if not training.running:
        return training
    if training.step >= MAX_STEPS:
        return Training(training.step, False, f"Stopped at step {training.step}: the last step.")
    if all(r.diverged or stopped_improving(r.total_loss) for r in runs):
        return Training(training.step, False, f"Stopped at step {training.step}: the loss stopped improving.")
    return training


def round_steps(training, steps, frames):
    """The steps a round of a Run shows, a frame each: `frames` frames `steps` steps apart after
    `training.step`, up to MAX_STEPS; the step itself while paused.

    >>> round_steps(Training(step=10, running=True), 5, 3), round_steps(Training(step=10), 5, 3)
    ([15, 20, 25], [10])
    >>> round_steps(Training(step=2995, running=True), 5, 3)
    [3000]
    """
    if not training.running:
        return [training.step]
    return sorted({go_to(training, training.step + k * int(steps)).step for k in range(1, frames + 1)})


def frames_to_stop(training, steps, runs_by_frame):
    """How many of a round's frames to show: up to the first at which :func:`after_frame` stops the
    Run, else all (all while paused). The Run then stops at that frame's step, as a frame a round would.

    Parameters
    ----------
    training : Training
        Before the round.
    steps : list of int
        The round's steps (:func:`round_steps`).
    runs_by_frame : list of list of hinge.linear.model.Run
        For each frame, its runs (one a loss) at its step.
    """
    if not training.running:  # paused: the step shown, or the round that stopped a Run played again
        return len(steps)
    for i, (step, runs) in enumerate(zip(steps, runs_by_frame, strict=True)):
        if not after_frame(go_to(training, step), runs).running:
            return i + 1
    return len(steps)


def frames_a_round(*, side_by_side):
    """How many frames a round of a Run brings (:data:`FRAMES_A_ROUND`; side by side twice as many, as
    its rounds are twice as long: the same pace, four charts drawn a frame).

    >>> frames_a_round(side_by_side=False), frames_a_round(side_by_side=True)
    (12, 24)
    """
    return FRAMES_A_ROUND * 2 if side_by_side else FRAMES_A_ROUND


def play_seconds(*, side_by_side):
    """The time between two frames of a Run's round as the browser draws them: a round's frames fill
    the time until the next round.

    >>> play_seconds(side_by_side=False), play_seconds(side_by_side=True)
    (0.075, 0.075)
    """
    every = frame_seconds(Training(running=True), side_by_side=side_by_side)
    return round(every / frames_a_round(side_by_side=side_by_side), 6)


def frame_seconds(training, *, side_by_side):
    """How often a Run's page reruns for its next round (None while paused): side by side, twice
    the time, as twice the charts.

    >>> frame_seconds(Training(running=True), side_by_side=True), frame_seconds(Training(), side_by_side=0)
    (1.8, None)
    """
    return FRAME_SECONDS * (2 if side_by_side else 1) if training.running else None


def start_seed(init, wseed, n_classes):
    """The seed of :func:`hinge.linear.presets.initial_parameters` for the chosen start, and a note
    when the choice cannot be had: CS231n's W and b are for 3 classes, other counts start from the seed.

    Parameters
    ----------
    init : {"cs231n", "random", "zeros"}
    wseed : int
    n_classes : int

    Returns
    -------
    (seed, note): None, "zeros" or an int; a str or None.

    Examples
    --------
    >>> start_seed("cs231n", 7, 3), start_seed("zeros", 7, 4)
    ((None, None), ('zeros', None))
    >>> start_seed("cs231n", 7, 4)[0]
    7
    """
    if init == "cs231n" and n_classes != 3:
        return wseed, f"The CS231n demo's W and b are for 3 classes: {n_classes} start from random W and b."
    return {"cs231n": None, "random": wseed, "zeros": "zeros"}[init], None


def alert(run, name):
    """What is wrong with `run`, for a message above its chart: ("error" or "warning", text), or None.

    A diverged run says where its scores overflowed; a run whose total loss grew more than tenfold
    (and by more than 1) says the step size is too large.

    Examples
    --------
    >>> import numpy as np
    >>> from hinge.linear.model import Run
    >>> grew = Run(np.eye(2), np.zeros(2), np.array([1.0, 30.0]), np.zeros(2), np.zeros(2))
    >>> alert(grew, "Hinge")
    ('warning', 'Hinge: the loss grew from 1 to 30. The step size is too large for it.')
    """
    total = run.total_loss
    if run.diverged:
        return "error", f"{name}: the scores overflowed at step {run.steps + 1}. Lower the step size."
    if total[-1] > 10 * total[0] + 1:
        grew = f"the loss grew from {total[0]:.3g} to {total[-1]:.3g}"
        return "warning", f"{name}: {grew}. The step size is too large for it."
    return None


def status(run, name):
    """The line above a run's charts: its loss, step, total loss and its parts, accuracy (Markdown)."""
    return (
        f"**{name}** · step **{run.steps}** · total loss **{run.total_loss[-1]:.4g}** = "
        f"data {run.data_loss[-1]:.4g} + regularization {run.reg_loss[-1]:.4g} · "
        f"accuracy **{run.accuracy[-1]:.0%}**"
    )


def run_key(problem, options):
    """A key for "the same training problem": a run with the same key can be continued.

    Parameters
    ----------
    problem : tuple of ndarray
        (points, labels, weights, bias) at the start.
    options : dict
        The options of :func:`hinge.linear.model.train` (loss, margin, reg, step_size).

    Returns
    -------
    str: a SHA-1 over the options and the arrays' bytes.

    Examples
    --------
    >>> import numpy as np
    >>> a = (np.zeros((2, 2)), np.array([0, 1]))
    >>> run_key(a, {"loss": "softmax"}) == run_key(a, {"loss": "softmax"}) != run_key(a, {"reg": 0.1})
    True
    """
    digest = hashlib.sha1(repr(sorted(options.items())).encode())
    for array in problem:
        digest.update(array.tobytes())
    return digest.hexdigest()
