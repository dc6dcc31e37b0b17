"""The questions page's controls: their ranges, options and defaults, and how a link spells them.

The page draws its controls from these, and :func:`check_link` reads a link's values against
them (with :mod:`hinge.links`) before any control is drawn. The link's keys and spellings are a
public interface: shared links must keep opening the same view.
"""

from hinge import links, params
from hinge.landscape import LANDSCAPE_LOSSES
from hinge.note import IMAGES, NOTE_CLASSES
from hinge.registry import LOSSES

# The page shows one tab per experiment, in the note's order, then the landscape. Short names:
# all seven fit one line on a 1280-pixel projector in presentation mode.
TABS = [
    "1 · Small changes",
    "2 · Min, max",
    "3 · Random scores",
    "4 · Kinks",
    "5 · Margin",
    "6 · Variants",
    "Landscape",
]
_OLD_TABS = ("", "2 · Min and max", "", "4 · Differentiable?", "", "6 · Three more", "Loss landscape")
# What else a link may call a tab (any case): the names links carried before, and its number.
TAB_ALIASES = {
    **{
        name.lower(): tab
        for names in (TABS, _OLD_TABS)
        for name, tab in zip(names, TABS, strict=True)
        if name
    },
    **{str(i): tab for i, tab in enumerate(TABS, 1)},
}

DECADE = (1, 1.25, 1.6, 2, 2.5, 3.2, 4, 5, 6.3, 8)  # ten steps a decade: σ on a log scale
SIGMAS = (*(round(m * 10.0**e, 6) for e in range(-3, 1) for m in DECADE), 10.0)
SAMPLES = (1_000, 10_000, 100_000, 1_000_000)
SCALES = (0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0)
# The sliders of numbered options start at these.
SIGMA, N_SAMPLES, SCALE = 0.01, 100_000, 10.0
LOSS_LABELS = {key: LOSSES[key].label for key in LANDSCAPE_LOSSES}  # the landscape's switch, as linked
VIEWS = {"3-D surface": "surface", "heat map": "heatmap"}  # the landscape's views: label, figure's kind

# Every slider: (lo, hi, default, step), keyed by its name in the link; an int default makes it whole.
NUMBERS = {
    "jitter": (0.0, 3.0, 0.5, 0.01),
    "seed": (0, 99, 3, 1),
    "correct": (-10.0, 15.0, 4.9, 0.1),
    "classes": (2, 100, 10, 1),
    "mc_margin": (0.1, 5.0, 1.0, 0.1),
    "mc_seed": (0, 99, 0, 1),
    "kink_at": (-6.0, 10.0, 6.1, 0.1),
    "margin": (0.0, 3.0, 1.0, 0.1),
    "variants_correct": (-4.0, 9.0, 3.2, 0.1),  # the default is the chosen image's own correct score
    "land_margin": (0.0, 3.0, 1.0, 0.1),  # the landscape's hinge: a larger Δ shrinks the flat floor
}
# A Monte Carlo of at least this many scores (examples × classes) shows its progress at once: from
# about 2e6 it takes over 0.3 s on a loaded 2-core machine (benchmarks/bench_montecarlo.py). A
# smaller one shows it once it has taken PROGRESS_AFTER seconds: the default 1e6 scores took
# 0.1-0.55 s, as the load of the machine varied (and a quiet one shows no bar for it).
PROGRESS_FROM = 2_000_000
PROGRESS_AFTER = 0.15


def option_text(value):
    """How a slider of numbered options shows a value, and so how the link spells it: 8, not 8.0.

    >>> option_text(8.0), option_text(100_000), option_text(0.0125)
    ('8', '100,000', '0.0125')
    """
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


def _numbered(values, default):
    return links.Choice(tuple(map(option_text, values)), option_text(default), numbered=True)


# Every other control: the link's spellings of its options (what the control shows), and its default.
CHOICES = {
    "experiment": links.Choice(tuple(TABS), TABS[0], aliases=TAB_ALIASES),
    "log": links.Toggle(False),
    "sigma": _numbered(SIGMAS, SIGMA),
    "samples": _numbered(SAMPLES, N_SAMPLES),
    "k": _numbered(SCALES, SCALE),
    "land_loss": links.Choice(tuple(LOSS_LABELS.values()), LOSS_LABELS["weston_watkins"]),
    "land_view": links.Choice(tuple(VIEWS), next(iter(VIEWS))),
    **{key: links.Choice(NOTE_CLASSES, default) for key, default in (
        ("kink_class", "cat"), ("margin_image", "cat"), ("variants_image", "cat"), ("land_image", "cat"),
        ("land_x", "cat"), ("land_y", "car"))},
}  # fmt: skip
CONTROLS = {**{key: links.Number(*spec) for key, spec in NUMBERS.items()}, **CHOICES}


def correct_slider(image):
    """The "Three more" tab's slider for the correct score of `image`: (lo, hi, default, step).

    It starts at the image's own correct score.

    >>> correct_slider("frog")
    (-4.0, 9.0, -3.1, 0.1)
    """
    lo, hi, _, step = NUMBERS["variants_correct"]
    scores, label = IMAGES[image]
    return lo, hi, float(scores[label]), step


def landscape_axes(x_name, y_name):
    """The landscape's two axes, `x_name` and `y_name`, unless they are the same: then cat against car.

    Returns ``(x_name, y_name, warning)``; `warning` is None for two different scores.

    >>> landscape_axes("frog", "cat")
    ('frog', 'cat', None)
    >>> landscape_axes("car", "car")[:2]
    ('cat', 'car')
    """
    if x_name != y_name:
        return x_name, y_name, None
    x, y = CHOICES["land_x"].default, CHOICES["land_y"].default
    return x, y, f"Pick two different scores for the axes: showing {x} against {y}."


def _none_of(key, text, spec):
    """This page's notice for a value that is none of a control's options."""
    given = params._shorten(text)
    if key == "experiment":
        return f"`experiment` is not a tab of this page ('{given}'): showing “{spec.default}”."
    if isinstance(spec, links.Toggle):
        return f"`{key}` is not one of true, false ('{given}'): using {str(spec.default).lower()}."
    return f"`{key}` is not one of {', '.join(spec.options)} ('{given}'): using {spec.default}."


def _check(key, text, spec):
    """(how the link should spell `text`, or None to drop it; a notice or None) for control `key`."""
    fixed, why = links.check_value(key, text, spec)
    worded = isinstance(spec, links.Toggle) or (isinstance(spec, links.Choice) and not spec.numbered)
    if why and worded and len(text) <= params.MAX_TEXT:
        why = _none_of(key, text, spec)
    return fixed, why


def check_link(query):
    """Check a link's values for the page's controls before they are drawn.

    Parameters
    ----------
    query : dict of str to str
        The link's keys and their (untrusted) text.

    Returns
    -------
    fixes : dict
        Each key whose value must change, to its corrected text (how the control spells it:
        ``k=5`` for ``k=5.0``), or to None when the value is unusable and the key is dropped
        so the control shows its default. Keys of other controls are left alone.
    notices : list of str
        For each unusable value, what was wrong and what is used instead.

    Examples
    --------
    >>> check_link({"k": "5.0", "seed": "-4", "land_view": "heat map"})
    ({'seed': None, 'k': '5'}, ['`seed` is out of range (-4; expected 0 to 99): using 3.'])
    """
    fixes, notices, kept = {}, [], {}
    for key, spec in CONTROLS.items():
        if key not in query or key == "variants_correct":
            continue
        text = str(query[key])
        kept[key], why = _check(key, text, spec)
        if kept[key] != text:
            fixes[key] = kept[key]
        notices += [why] if why else []
    if "variants_correct" in query:  # its default is the chosen image's own correct score
        lo, hi, default, _ = correct_slider(kept.get("variants_image") or CHOICES["variants_image"].default)
        text = str(query["variants_correct"])[: params.MAX_TEXT + 1]  # cut, not refused: "not a number"
        value, why = params.parse_float(text, default, lo=lo, hi=hi, name="variants_correct")
        fixed = None if why else links.number_text(value)
        if fixed != text:
            fixes["variants_correct"] = fixed
        notices += [why] if why else []
    x = kept.get("land_x") or CHOICES["land_x"].default
    y = kept.get("land_y") or CHOICES["land_y"].default
    if x == y:
        fixes.update({key: None for key in ("land_x", "land_y") if key in query})
        notices.append(f"`land_x` and `land_y` are both {x}: pick two different scores for the axes; "
                       "showing cat against car.")  # fmt: skip
    return fixes, notices
