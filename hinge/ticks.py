"""The one "nice step" rule: round steps for axes, slider positions and grids (plain Python)."""

import math


def nice_step(rough, *, multiples=(1, 2, 2.5, 5), smallest=0.0):
    """The smallest of `multiples` times a power of ten that is at least `rough`.

    Parameters
    ----------
    rough : float
        The step wanted, > 0 (a width divided by the number of steps it may take).
    multiples : tuple of float
        The round mantissas allowed, ascending, from 1 up to below 10 (10 itself is implied).
    smallest : float
        A floor on the power of ten (1 gives whole-number steps, for an axis of powers of ten).

    Examples
    --------
    >>> nice_step(8.1 / 40), nice_step(81 / 40), nice_step(2.0 / 40)  # the playground's slider
    (0.25, 2.5, 0.05)
    >>> nice_step(2.4 / 24, multiples=(1, 2, 5)), nice_step(0.33, multiples=(1, 2, 5), smallest=1)
    (0.1, 1)
    >>> nice_step(880 / 6, multiples=(1, 2, 5), smallest=1)
    200
    """
    power = 10.0 ** math.floor(math.log10(rough))
    if power < smallest:
        power = smallest
    if power >= 1:
        power = round(power)
    for m in (*multiples, 10):
        if m * power >= rough * (1 - 1e-12):
            step = m * power
            return round(step) if power >= 1 and step == round(step) else step
    raise AssertionError("unreachable: 10 * power >= rough")
