"""The note as a lesson: one step at a time, predict first, then see the answer computed."""

from hinge import lesson, ui

ui.setup_page("Lesson: predict, then see", icon="🎓")
ui.explain(
    "The note, one question at a time. Write down what you expect, press **Check**, and only then "
    "see the answer, worked out; **Show me** skips the prediction. After the answer, push the "
    "step's controls and watch it move."
)
step = ui.lesson_step_from_link(lesson.STEPS)  # ?step=N, checked before anything is drawn
ui.show_lesson_step(lesson.STEPS, step)
