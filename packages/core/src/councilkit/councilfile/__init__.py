"""Council files: finding them (the catalogue), reading TOML with line numbers, converting
it to the model and checking it.  Every problem names its file, line and key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from councilkit._lazy import lazy_names

if TYPE_CHECKING:
    from councilkit.councilfile.catalog import (
        BUNDLED,
        BUNDLED_DIR,
        COUNCILS_ENV,
        NoCouncilsError,
        bundled_dirs,
        council_dirs,
        council_files,
        load_council,
        load_council_file,
        load_councils,
        read_council_file,
        read_councils,
    )
    from councilkit.councilfile.loader import read_council_text
    from councilkit.councilfile.tomlpos import key_lines

#: each public name and the module that defines it, imported when the name is first used
_NAMES = {
    "BUNDLED": "catalog",
    "BUNDLED_DIR": "catalog",
    "COUNCILS_ENV": "catalog",
    "NoCouncilsError": "catalog",
    "bundled_dirs": "catalog",
    "council_dirs": "catalog",
    "council_files": "catalog",
    "key_lines": "tomlpos",
    "load_council": "catalog",
    "load_council_file": "catalog",
    "load_councils": "catalog",
    "read_council_file": "catalog",
    "read_council_text": "loader",
    "read_councils": "catalog",
}
__getattr__, __dir__ = lazy_names(globals(), _NAMES)

__all__ = [
    "BUNDLED",
    "BUNDLED_DIR",
    "COUNCILS_ENV",
    "NoCouncilsError",
    "bundled_dirs",
    "council_dirs",
    "council_files",
    "key_lines",
    "load_council",
    "load_council_file",
    "load_councils",
    "read_council_file",
    "read_council_text",
    "read_councils",
]
