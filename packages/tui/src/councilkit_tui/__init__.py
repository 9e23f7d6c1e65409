"""councilkit-tui: the clerk's terminal UI.  It only calls the councilkit SDK."""

__version__ = "0.1.0"
