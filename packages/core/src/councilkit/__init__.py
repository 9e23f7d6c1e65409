"""councilkit: a council's Member/Officer Protocol as clause text plus cited norms.

    >>> import councilkit
    >>> compton = councilkit.load_council("compton-parish")
    >>> compton.clause("4.2").heading
    'Procedure for Councillors'

The SDK never imports Textual; the terminal UI is the separate ``councilkit-tui``.
"""

from __future__ import annotations

from .catalog import load_council, load_councils, read_councils
from .council import Council
from .errors import (
    CouncilFileError,
    CouncilkitError,
    Problem,
    UnknownCouncilError,
    UnknownNameError,
)
from .hookspecs import hookimpl
from .loader import read_council_file

__version__ = "0.1.0"

__all__ = [
    "Council",
    "CouncilFileError",
    "CouncilkitError",
    "Problem",
    "UnknownCouncilError",
    "UnknownNameError",
    "__version__",
    "hookimpl",
    "load_council",
    "load_councils",
    "read_council_file",
    "read_councils",
]
