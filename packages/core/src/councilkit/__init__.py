"""councilkit: a council's Member/Officer Protocol as clause text plus cited norms.

    >>> import councilkit
    >>> compton = councilkit.load_council("compton-parish")
    >>> compton.clause("4.2").heading
    'Procedure for Councillors'

The SDK never imports Textual; the terminal UI is the separate ``councilkit-tui``.
"""

from __future__ import annotations

import gc as _gc
import importlib
from typing import TYPE_CHECKING, Any

# Importing the errors imports attrs, which makes many thousands of long-lived objects: the cyclic
# garbage collector is paused while it does (and restored as it was), which a command's start-up
# notices (issue 17), and nothing else does.
_collecting = _gc.isenabled()
_gc.disable()
try:
    from councilkit.errors import (
        CouncilFileError,
        CouncilkitError,
        Problem,
        UnknownCouncilError,
        UnknownNameError,
    )
finally:
    if _collecting:
        _gc.enable()
    del _collecting

if TYPE_CHECKING:
    from councilkit.council import Council
    from councilkit.councilfile import load_council, load_councils, read_council_file, read_councils
    from councilkit.plugins import hookimpl

#: names imported when first used, so that ``import councilkit.errors`` (or the terminal UI's first
#: frame, or a command's start) does not wait for the whole model, or pluggy, to load
_LAZY = {
    "Council": "council",
    "load_council": "councilfile.catalog",
    "load_councils": "councilfile.catalog",
    "read_council_file": "councilfile.catalog",
    "read_councils": "councilfile.catalog",
    "hookimpl": "plugins.hookspecs",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'councilkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


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
