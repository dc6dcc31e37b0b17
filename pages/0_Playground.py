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


# What the example is, in one row on the page (in the sidebar, folded on a projector, they were
# out of reach); then the numbers to push beside the graph. Each control here reruns the page.
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
scores_box = controls.container()  # the score sliders, drawn by the fragment below, sit above these
batch_line = chart.container()  # on a projector, the batch's result above the graph: on the first screen
with controls:  # outside the fragment: each of these reruns the whole page, batch included
    left, right = st.columns(2)
    margin = left.slider("margin Δ", key="margin", **pc.slider(pc.MARGIN), **URL)
    scale = right.slider("scale k", key="scale", **pc.slider(pc.SCALE), **URL)
settings = {"margin": margin, "scale": scale, "scale_margin": scale_margin, "squared": squared}
_, margin_used = words.used_values([], [], **settings)
if margin_used:
    controls.caption(margin_used)


@st.fragment
def playground(names, label, label_name, variant_name, settings):
    """The score sliders, the figure and the arithmetic: a score slider reruns this part only.

    The other settings stay outside: the browser draws every element of a fragment again on
    each of its reruns, about 2 ms each (measured), and a change of them reruns the page anyway.
    """
    many = len(names) >= pg.MANY_CLASSES
    # st: no extra element for a few classes; a label that wraps would put its column out of line
    holders = st.columns(3 if ui.presenting() else 2) if many else [st]
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


with scores_box:
    playground(names, label, label_name, variant_name, settings)

if link:  # the controls have their values now: say what the link asked for and did not get
    used = {key: st.session_state[key] for key in pc.LINK_KEYS if key in st.session_state}
    link_notices, unusable = pc.link_notices(link, used, names)
    ui.drop_from_link(unusable)  # for no control on the page, so Streamlit leaves them in the link
    with link_box:  # one box, a line each: on a projector three boxes would push the page down
        ui.show_notices(["  \n".join(link_notices)] if link_notices else [])

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
variant = pc.variant_key(variant_name)
batch = pg.batch_losses(
    pc.batch_cells(edited), note.BATCH_LABELS, columns=pc.BATCH_COLUMNS, variant=variant, **settings
)
# Few elements: every element of the page is drawn again at each key press above, even here.
with results:
    ui.show_notices(batch.messages)
    st.markdown(words.image_losses(pc.BATCH_IMAGES, batch.losses))
    buttons = st.container(horizontal=True)
    for i, (image, loss) in enumerate(zip(pc.BATCH_IMAGES, batch.losses, strict=True)):
        buttons.button(
            f"Load {image}",
            key=f"load{i}",  # no tooltip: it opened over the buttons beside it and took their clicks
            disabled=loss is None,
            on_click=load_image,
            args=(i, batch.rows[i]),
        )
    st.latex(words.mean_latex(batch))
if ui.presenting() and not many:  # the batch is of three classes: beside ten it would only crowd
    batch_line.markdown(f"**The note's batch:** ${words.mean_latex(batch)}$")
