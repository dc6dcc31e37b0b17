"""The hinge loss playground: the page a lecturer opens first (the front page, see app.py)."""

import streamlit as st

from hinge import note, registry, ui
from hinge import playground as pg
from hinge import playground_controls as pc
from hinge import playground_text as words
from hinge.figures.playground import playground_spec

WW, CS = (registry.LOSSES[key] for key in registry.VARIANTS)
ui.setup_page("The multi-class SVM (hinge) loss")
ui.explain(
    f"Each incorrect class $j$ adds ${registry.TERM}$ to the loss; $y$ is the correct class. "
    "Drag the slider under the graph to move $s_y$ live."
)

URL = {"bind": "query-params"}  # every control is in the link; Streamlit drops values it cannot use
# the link as it came, read once a visit before the controls take their values from it
link = pc.link_values(st.query_params) if ui.first_run_of_visit("playground_link_read") else {}
link_box = st.container()  # a notice for each value of the link that could not be used


def load_image(row, scores):
    """Put one image of the table into the sliders above (a button's callback, so before they are drawn)."""
    st.session_state.update(pc.loaded(row, scores))


def follow_drag(label, scale):
    """The live chart's callback: its own slider's drag ended at a position; the score slider goes there."""
    return lambda position: st.session_state.update(pc.scrubbed(position, label=label, scale=scale))


# The page runs in three parts, so that a key press redraws only what depends on it: the batch's
# table (a canvas grid, the costliest element to draw again) in the full run; every control of the
# example, its graph and the batch's losses in the fragment `example`; the score sliders and the
# graph in the fragment `playground` inside it. Each fragment reruns alone on a change of its own.
body = st.container()  # the example, drawn by the fragment below, above the batch

st.subheader("The note's batch: three images")
ui.explain(
    "Edit any score: each image's loss and their average follow the settings above. "
    "A button under the losses puts that image's scores into the sliders."
)
editor, results = st.columns([3, 2], gap="large")
edited = editor.data_editor(
    pc.batch_table(),
    key="batch",
    hide_index=True,
    num_rows="fixed",
    disabled=["image"],
    column_config={
        "image": st.column_config.TextColumn("image (its correct class)"),
        **{name: st.column_config.TextColumn(name, max_chars=40) for name in note.NOTE_CLASSES},
    },
)
cells = pc.batch_cells(edited)
# which rows can be used, and why not: the same under any settings (the fragment gives the losses)
checked = pg.batch_losses(cells, note.BATCH_LABELS, columns=pc.BATCH_COLUMNS)
with results:  # few elements: each costs the browser time at every redraw
    ui.show_notices(checked.messages)
    losses_box = st.container()  # each image's loss, from the fragment
    buttons = st.container(horizontal=True)
    for i, image in enumerate(pc.BATCH_IMAGES):
        buttons.button(
            f"Load {image}",
            key=f"load{i}",  # no tooltip: it opened over the buttons beside it and took their clicks
            disabled=checked.rows[i] is None,
            on_click=load_image,
            args=(i, checked.rows[i]),
        )
    mean_box = st.container()  # their average, from the fragment


@st.fragment
def example(cells):
    """The example's controls (in one row, then beside the graph), the graph, and the batch's losses.

    What the example is sits in one row on the page (in the sidebar, folded on a projector, they
    were out of reach); the margin and scale beside the graph. A change of any of them reruns this
    part, not the batch's table: the batch's losses under the new settings are written in place.
    """
    kind, correct, which, switches = st.columns([1, 1.4, 4, 3.2])
    # a selectbox, not an int number_input: that one raises on classes=inf in the link (Streamlit 1.67)
    classes = kind.selectbox(
        "classes C", pc.CLASS_COUNTS, index=pc.default_index(pc.CLASSES), key="classes", **URL
    )
    names = list(note.CLASS_NAMES[:classes])
    label_name = correct.selectbox("correct class y", names, key="label", **URL)
    label = names.index(label_name)
    variant_name = which.radio("variant", pc.VARIANT.options, key="variant", horizontal=True, **URL)
    scale_margin = switches.toggle("scale the margin too (Δ × k)", key="scale_margin", **URL)
    squared = switches.toggle("squared hinge (each term²)", key="squared", **URL)
    ui.explain(
        f"{WW.short} sums every term ({WW.in_note}); {CS.short} counts only the highest "
        f"({CS.in_note}). The scale $k$ multiplies every score."
    )

    many = classes >= pg.MANY_CLASSES
    controls, chart = st.columns([1.55 if many and ui.presenting() else 1, 2.3], gap="medium")
    batch_line = chart.container()  # on a projector, the batch's result above the graph: on the first screen
    with controls:
        # the score sliders (the fragment below draws them): above margin and scale, or in the grid
        scores_box = None if many else st.container()
        if many:  # a grid of sliders; margin and scale take its next two cells (on a projector at
            # 1280x720 with ten classes, a row of their own fell below the first screen)
            grid = st.columns(3 if ui.presenting() else 2)
            holders = [column.container() for column in grid]  # the score sliders, drawn below
            spots = [grid[(classes + i) % len(grid)] for i in (0, 1)]
        else:
            holders, spots = None, st.columns(2)
        margin = spots[0].slider("margin Δ", key="margin", **pc.slider(pc.MARGIN), **URL)
        scale = spots[1].slider("scale k", key="scale", **pc.slider(pc.SCALE), **URL)
        scores_box = scores_box or st.container()  # with a grid, its caption goes under it
    settings = {"margin": margin, "scale": scale, "scale_margin": scale_margin, "squared": squared}
    _, margin_used = words.used_values([], [], **settings)
    if margin_used:
        controls.caption(margin_used)
    with scores_box:
        playground(names, label, label_name, variant_name, settings, chart, holders)

    batch = pg.batch_losses(
        cells, note.BATCH_LABELS, columns=pc.BATCH_COLUMNS, variant=pc.variant_key(variant_name), **settings
    )
    losses_box.markdown(words.image_losses(pc.BATCH_IMAGES, batch.losses))
    mean_box.latex(words.mean_latex(batch))
    if ui.presenting() and not many:  # the batch is of three classes: beside ten it would only crowd
        batch_line.markdown(f"**The note's batch:** ${words.mean_latex(batch)}$")
    return names


@st.fragment
def playground(names, label, label_name, variant_name, settings, chart, holders=None):
    """The score sliders, the figure and the arithmetic: a score slider reruns this part only.

    The other settings stay outside: the browser draws every element of a fragment again on
    each of its reruns, about 2 ms each (measured). `holders`: the columns of a grid of sliders
    (many classes), else the sliders are stacked (st: no extra element for a few classes).
    """
    many = holders is not None
    holders = holders or [st]
    scores = [
        holders[j % len(holders)].slider(
            f"{name} score" + ((" ✓" if many else " ✓ correct") if j == label else ""),
            key=f"s{j}",
            **pc.slider(pc.SCORES[j]),
            **URL,
        )
        for j, name in enumerate(names)
    ]
    uses, _ = words.used_values(scores, names, **settings)
    if uses:
        st.caption(uses)
    view = pg.playground(scores, label, variant=pc.variant_key(variant_name), **settings)
    with chart:  # one element: the graph, the arithmetic under it and the share link
        ui.live_figure(
            playground_spec(view, names, font_size=ui.chart_font_size(), compact=ui.presenting()),
            key="playground",
            arithmetic=words.shown_arithmetic(view, presenting=ui.presenting()),
            share_query=pc.share_query(
                names=names, label=label_name, scores=scores, variant=variant_name, **settings
            ),
            on_scrub=follow_drag(label, settings["scale"]),
        )


with body:
    names = example(cells)

if link:  # the controls have their values now: say what the link asked for and did not get
    used = {key: st.session_state[key] for key in pc.LINK_KEYS if key in st.session_state}
    link_notices, unusable = pc.link_notices(link, used, names)
    ui.drop_from_link(unusable)  # for no control on the page, so Streamlit leaves them in the link
    with link_box:  # one box, a line each: on a projector three boxes would push the page down
        ui.show_notices(["  \n".join(link_notices)] if link_notices else [])
