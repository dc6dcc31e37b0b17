"""The app's entry point: its pages, named for the menu, the playground first."""

from hinge import ui

ui.navigation().run()
