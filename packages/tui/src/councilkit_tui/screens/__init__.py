"""The screens, one module (or folder) per area, as the function keys name them.

============================  ===================================================
``home.py``                   Home (F2): who you are, what needs attention
``councils.py``               choosing the council to work on (F9)
``clauses.py``                Clauses (F3): the protocol's tree, search, go to a clause
``ask.py``                    Ask (F4): may someone do something, with the clauses
``cases/``                    Cases (F5): the list, one case, an action's form, a new case
``registers/``                Registers (F6): the tabs, search, one entry, its form
``compare.py``                Compare (F7): several councils on one topic
``base.py``                   what every screen about one council shares
============================  ===================================================

Markup is made in :mod:`councilkit_tui.render`; widgets several screens share are in
:mod:`councilkit_tui.widgets`; the stylesheet is ``councilkit.tcss``.
"""
