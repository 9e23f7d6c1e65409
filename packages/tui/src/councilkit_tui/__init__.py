"""councilkit-tui: the clerk's terminal UI.  It only calls the councilkit SDK, never the command line.

Where things are:

===================  ================================================================================
``app.py``           the app (each area a mode, every binding with an id) and :func:`~.app.create_app`,
                     the factory that takes every option as an argument (``councilkit tui`` passes its own)
``session.py``       what the screens work with, from the SDK: the councils, the store, who you are
``screens/``         one module or folder per area: home, councils, clauses, ask, ``cases/``,
                     ``registers/``, compare
``render/``          SDK objects as Textual markup and table cells (the words come from
                     ``councilkit.present``, as the command line's do)
``widgets/``         widgets several screens share (the table that loads a page at a time)
``palette.py``       the command palette's providers (ctrl+p)
``keymap.py``        the user's keymap, remapping bindings by id
``councilkit.tcss``  the one stylesheet
``hookspecs.py``,    the UI's own plugin hooks: screens and palette providers a plugin adds
``plugins.py``
``testing.py``       driving the UI in tests as a clerk would, and reading what the screen shows
===================  ================================================================================
"""

__version__ = "0.1.0"
