"""The Streamlit helpers the pages share; with the pages, the only part of hinge that imports Streamlit.

`from hinge import ui` gives a page everything below. Where each idea lives:

- ``hinge.ui.page``: the menu (PAGES, navigation), a page's set-up and presentation mode,
  explanations and notices.
- ``hinge.ui.charts``: Plotly figures in a page (show_figure, live_figure).
- ``hinge.ui.progress``: a progress bar shown only for a computation that takes a while (progress_after).
- ``hinge.ui.links``: the Streamlit side of hinge.links (correct_link, keep_in_link, drop_from_link).
- ``hinge.ui.editors``: a table editor whose edits a new base table can replace (versioned_editor).
- ``hinge.ui.training``: the training page's session (its editors, clicks, Run), as ``session.<name>``.
- ``hinge.ui.lesson``: the Lesson page's step, question and answer (lesson_step_from_link,
  show_lesson_step); loaded on first use, as it imports numpy.
- ``hinge.ui.workarounds``: every dependence on Streamlit's internals or on a Streamlit bug,
  each with what it works around and how to tell when it can go. Checked against one
  Streamlit version; tests/test_workarounds.py fails on another and says what to re-check.

Importing this package stays cheap (no numpy, no pandas): a fresh server's first run sends
the menu before the pages' own imports load (see ``hinge.ui.page.navigation``).
"""

import importlib

from hinge.ui.charts import live_figure, show_figure
from hinge.ui.editors import editor_drawn, editor_edited, editor_version, forget_edits, versioned_editor
from hinge.ui.links import correct_link, drop_from_link, first_run_of_visit, keep_in_link
from hinge.ui.page import (
    DEFAULT_CLASS_NAMES,
    PAGES,
    PRESENT_FONT_SIZE,
    chart_font_size,
    explain,
    navigation,
    page_routes,
    presenting,
    setup_page,
    show_notices,
    with_presentation,
)
from hinge.ui.progress import progress_after
from hinge.ui.workarounds import (
    TABLE_ZOOM,
    beside_css,
    keep_whole_number_in_link,
    one_row,
    whole_number_from_link,
    whole_number_input,
)

__all__ = [
    "DEFAULT_CLASS_NAMES",
    "PAGES",
    "PRESENT_FONT_SIZE",
    "TABLE_ZOOM",
    "beside_css",
    "chart_font_size",
    "correct_link",
    "drop_from_link",
    "editor_drawn",
    "editor_edited",
    "editor_version",
    "explain",
    "first_run_of_visit",
    "forget_edits",
    "keep_in_link",
    "keep_whole_number_in_link",
    "lesson_step_from_link",
    "live_figure",
    "navigation",
    "one_row",
    "page_routes",
    "presenting",
    "progress_after",
    "setup_page",
    "show_figure",
    "show_lesson_step",
    "show_notices",
    "versioned_editor",
    "whole_number_from_link",
    "whole_number_input",
    "with_presentation",
]

# Loaded on first use: the lesson's parts import numpy and the figure builders, which importing
# hinge.ui must not (see above). Name: (module, its name there).
_LAZY = {
    "lesson_step_from_link": ("hinge.ui.lesson", "step_from_link"),
    "show_lesson_step": ("hinge.ui.lesson", "show_step"),
}


def __getattr__(name):
    if name in _LAZY:
        module, attribute = _LAZY[name]
        return getattr(importlib.import_module(module), attribute)
    raise AttributeError(f"module 'hinge.ui' has no attribute {name!r}")
