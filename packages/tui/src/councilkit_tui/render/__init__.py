"""Rendering for the terminal UI only: SDK objects as Textual markup and table cells.

One module per area, beside the screens that show them: :mod:`.markup` (text made literal, a state as
a word), :mod:`.clauses` (a clause, a decision), :mod:`.councils` (the picker, Compare),
:mod:`.cases` (a case, its steps and timeline, a new case's preview, the list's cells) and
:mod:`.registers` (an entry, its history, the tables' cells).  Nothing here is a widget and nothing
here reads the store: a screen fetches (in a worker), then renders with these.  The words both the
CLI and the UI write (state words, dates, truncation) come from the SDK's ``councilkit.present``.
"""
