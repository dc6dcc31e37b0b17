"""The hinge loss playground: the page a lecturer opens first (the front page, see app.py)."""

import streamlit as st

from hinge import playground as pg
from hinge import ui
from hinge.figures.playground import playground_spec
from hinge.params import cell_text

ui.setup_page("The multi-class SVM (hinge) loss")
ui.explain(
    "Each incorrect class $j$ adds $\\max(0,\\ s_j - s_y + \\Delta)$ to the loss; $y$ is the correct class. "
    "Drag the slider under the graph to move $s_y$ live."
)

SCORE = {"min_value": -10.0, "max_value": 10.0, "step": 0.1}
URL = {"bind": "query-params"}  # every control is in the link; Streamlit drops values it cannot use
# the link as it came, read once a visit before the controls take their values from it
link = {} if "playground_link_read" in st.session_state else pg.link_values(st.query_params)
st.session_state.playground_link_read = True
link_box = st.container()  # a notice for each value of the link that could not be used


def load_image(row, values):
    """Put one image of the table into the sliders above (a button's callback, so before they are drawn)."""
    st.session_state.classes = len(values)
    st.session_state.label = ui.DEFAULT_CLASS_NAMES[row]
    for j, v in enumerate(values):
        st.session_state[f"s{j}"] = min(max(v, SCORE["min_value"]), SCORE["max_value"])


def follow_drag(label, scale):
    """The live chart's callback: its own slider's drag ended at `position`; the score slider goes there."""

    def move(position):
        value = pg.score_at(position, scale=scale, lo=SCORE["min_value"], hi=SCORE["max_value"])
        if value is not None:
            st.session_state[f"s{label}"] = value

    return move


# What the example is, in one row on the page (in the sidebar, folded on a projector, they were
# out of reach); then the numbers to push beside the graph. Each control here reruns the page.
kind, correct, which, switches = st.columns([1, 1.4, 4, 3.2])
# a selectbox, not an int number_input: that one raises on classes=inf in the link (Streamlit 1.67)
classes = kind.selectbox("classes C", range(2, 11), index=1, key="classes", **URL)
names = list(ui.DEFAULT_CLASS_NAMES[:classes])
label_name = correct.selectbox("correct class y", names, key="label", **URL)
label = names.index(label_name)
variant_name = which.radio("variant", list(pg.VARIANT_NAMES), key="variant", horizontal=True, **URL)
scale_margin = switches.toggle("scale the margin too (Δ × k)", key="scale_margin", **URL)
squared = switches.toggle("squared hinge (each term²)", key="squared", **URL)
ui.explain(
    "Weston-Watkins sums every term (the note's formula); Crammer-Singer counts only the highest "
    "(the note's diagram). The scale $k$ multiplies every score."
)

many = classes >= pg.MANY_CLASSES
controls, chart = st.columns([1.55 if many and ui.presenting() else 1, 2.3], gap="medium")
scores_box = controls.container()  # the score sliders, drawn by the fragment below, sit above these
batch_line = chart.container()  # on a projector, the batch's result above the graph: on the first screen
with controls:  # outside the fragment: each of these reruns the whole page, batch included
    left, right = st.columns(2)
    margin = left.slider("margin Δ", 0.0, 5.0, 1.0, 0.1, key="margin", **URL)
    scale = right.slider("scale k", 0.1, 10.0, 1.0, 0.1, key="scale", **URL)
settings = {"margin": margin, "scale": scale, "scale_margin": scale_margin, "squared": squared}
_, margin_used = pg.used_values([], [], **settings)
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
            value=pg.DEFAULT_SCORES[j],
            key=f"s{j}",
            **SCORE,
            **URL,
        )
        for j, name in enumerate(names)
    ]
    uses, _ = pg.used_values(scores, names, **settings)
    if uses:
        st.caption(uses)
    view = pg.playground(scores, label, variant=pg.VARIANT_NAMES[variant_name], **settings)
    with chart:  # one element: the graph, the arithmetic under it and the share link
        ui.live_figure(
            playground_spec(
                view,
                names,
                font_size=ui.chart_font_size(),
                **({"height": 310, "compact": True} if ui.presenting() else {}),
            ),
            key="playground",
            # on a projector many classes' hinges would run off the screen: written once, then the values
            arithmetic=pg.arithmetic_summary_rows(view)
            if many and ui.presenting()
            else pg.arithmetic_rows(view, per_line=3 if ui.presenting() else None),
            share_query=pg.share_query(
                names=names, label=label_name, scores=scores, variant=variant_name, **settings
            ),
            on_scrub=follow_drag(label, settings["scale"]),
        )


with scores_box:
    playground(names, label, label_name, variant_name, settings)

if link:  # the controls have their values now: say what the link asked for and did not get
    link_notices, unusable = pg.link_notices(
        link, {key: st.session_state[key] for key in pg.LINK_KEYS if key in st.session_state}, names
    )
    for key in unusable:  # for no control on the page, so Streamlit leaves them in the link
        del st.query_params[key]
    with link_box:  # one box, a line each: on a projector three boxes would push the page down
        ui.show_notices(["  \n".join(link_notices)] if link_notices else [])

st.subheader("The note's batch: three images")
ui.explain(
    "Edit any score: each image's loss and their average follow the settings above. "
    "A button under the losses puts that image's scores into the sliders."
)
table = {"image": ["cat image", "car image", "frog image"]}
batch_classes = ui.DEFAULT_CLASS_NAMES[:3]
# text cells, read by hinge: the grid's number cells drop an "e" (-1e308 became -1308, silently)
table.update({name: [cell_text(row[j]) for row in pg.NOTE_BATCH] for j, name in enumerate(batch_classes)})
editor, results = st.columns([3, 2], gap="large")
edited = editor.data_editor(
    table,
    key="batch",
    hide_index=True,
    num_rows="fixed",
    disabled=["image"],
    column_config={
        "image": st.column_config.TextColumn("image (its correct class)"),
        **{name: st.column_config.TextColumn(name, max_chars=40) for name in batch_classes},
    },
)
cells = [[edited[name][i] for name in batch_classes] for i in range(3)]
batch = pg.batch_losses(
    cells,
    [0, 1, 2],
    columns=[f"{n} score" for n in batch_classes],
    variant=pg.VARIANT_NAMES[variant_name],
    **settings,
)
# Few elements: every element of the page is drawn again at each key press above, even here.
with results:
    ui.show_notices(batch.messages)
    st.markdown(
        "  \n".join(
            f"**{image}**: " + ("left out" if loss is None else f"$L = {pg.number(loss)}$")
            for image, loss in zip(table["image"], batch.losses, strict=True)
        )
    )
    buttons = st.container(horizontal=True)
    for i, (image, loss) in enumerate(zip(table["image"], batch.losses, strict=True)):
        buttons.button(
            f"Load {image}",
            key=f"load{i}",  # no tooltip: it opened over the buttons beside it and took their clicks
            disabled=loss is None,
            on_click=load_image,
            args=(i, batch.rows[i]),
        )
    st.latex(pg.mean_latex(batch))
if ui.presenting() and not many:  # the batch is of three classes: beside ten it would only crowd
    batch_line.markdown(f"**The note's batch:** ${pg.mean_latex(batch)}$")
