"""The user's keymap: TOML in the platform config directory, remapping bindings by id.

``~/.config/councilkit/keymap.toml`` on Linux (``COUNCILKIT_KEYMAP`` names
another file)::

    [keys]
    "clauses.search" = "ctrl+f"        # a binding id, then one or more keys
    "app.quit" = "ctrl+q,ctrl+x"

The messages log (F10) lists every binding id.  A mistake in the file never stops
the app: the defaults stay and a message names the file, the line and the key; it
can be read again in the messages log.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path

from councilkit import settings
from councilkit.errors import did_you_mean

KEYMAP_ENV = settings.KEYMAP_ENV
_KEY = re.compile(r"^[a-z0-9_+,-]+$")

#: keys a terminal, SSH or tmux keeps for itself or cannot send: no binding uses them, and a keymap
#: that asks for one is told why
SWALLOWED = {
    "ctrl+s": "terminals with flow control take it to pause all output (XOFF)",
    "ctrl+z": "the shell takes it to suspend the program",
    "ctrl+b": "tmux takes it as its prefix key",
    "ctrl+backslash": "the terminal sends it as a quit signal",
    "ctrl+enter": "most terminals send it as a plain Enter",
    "shift+enter": "most terminals send it as a plain Enter",
    "ctrl+tab": "most terminals send it as a plain Tab, or keep it",
    "ctrl+shift+tab": "most terminals keep it",
}


def keymap_path() -> Path:
    """``COUNCILKIT_KEYMAP``, else ``keymap.toml`` in the platform's config folder (councilkit.settings)."""
    return settings.keymap_path()


def _line_of(text: str, key: str) -> int | None:
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip().startswith((f'"{key}"', f"'{key}'", f"{key} ")):
            return n
    return None


def load_keymap(binding_ids: Iterable[str] | Callable[[], Iterable[str]],
                path: Path | None = None) -> tuple[dict[str, str], list[str]]:
    """The remappings in the keymap file, and a message for each problem in it.

    ``binding_ids``: the ids a keymap may remap, or how to list them; listing them imports every
    screen, so without a keymap file they are never asked for (the first frame comes sooner).
    """
    path = path or keymap_path()
    if not path.exists():
        return {}, []
    try:
        text = path.read_text("utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [f"{path}: cannot read the keymap ({exc}); using the default keys"]
    except tomllib.TOMLDecodeError as exc:
        return {}, [f"{path}: not valid TOML ({exc}); using the default keys"]
    problems = [f"{path}:{_line_of(text, k) or 1}: unknown section {k!r}; put remappings under [keys]"
                for k in data if k != "keys"]
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        return {}, [f"{path}: [keys] must be a table of binding id = \"keys\""]
    known = set(binding_ids() if callable(binding_ids) else binding_ids)
    keymap: dict[str, str] = {}
    for binding_id, value in keys.items():
        line = _line_of(text, binding_id) or 1
        if binding_id not in known:  # short enough to read in a toast at 80x24; the messages log lists the ids
            problems.append(f"{path}:{line}: {binding_id!r} is not a binding id{did_you_mean(binding_id, known)}; "
                            "the messages log (F10) lists every binding id")
        elif not isinstance(value, str) or not _KEY.match(value.replace(" ", "")):
            problems.append(f"{path}:{line}: {binding_id}: expected keys such as \"ctrl+f\" or \"f3,ctrl+g\", "
                            f"got {value!r}")
        elif taken := [k for k in value.replace(" ", "").split(",") if k in SWALLOWED]:
            problems.append(f"{path}:{line}: {binding_id}: {taken[0]} would never reach councilkit: "
                            f"{SWALLOWED[taken[0]]}; choose another key")
        else:
            keymap[binding_id] = value.replace(" ", "")
    return keymap, problems
