"""Cases: the list (:mod:`.case_list`, the area's screen), one case (:mod:`.case`), the form each action
on a case asks (:mod:`.action_form`) and the new-case wizard (:mod:`.new_case`).

The list is the area's screen and is named here; the others load when first opened.
"""

from .case_list import CasesScreen, CaseTable

__all__ = ["CaseTable", "CasesScreen"]
