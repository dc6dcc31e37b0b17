"""The classroom poll: the lecturer asks the lesson's questions, the room answers on phones."""

from hinge import ui
from hinge.ui import classroom

ui.setup_page("Classroom", icon="🙋")
classroom.show_page()
