"""Registers: the tabs of registers (:mod:`.register_list`, the area's screen), the search across them
(:mod:`.search`), one entry with its history (:mod:`.entry`) and the add and amend form
(:mod:`.entry_form`).

The tabs and the search are named here; an entry and the form load when first opened.
"""

from .register_list import EntryTable, RegistersScreen
from .search import RegisterSearch

__all__ = ["EntryTable", "RegisterSearch", "RegistersScreen"]
