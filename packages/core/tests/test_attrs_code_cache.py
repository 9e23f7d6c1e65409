"""The methods attrs writes for councilkit's classes are compiled once per install (councilkit._attrs).

Each check runs real processes with a cache folder of the test's own: the first writes the cache,
the next (with another hash seed, as every new process has) takes every councilkit class's methods
from it, and they are exactly the code ``compile`` gives for what attrs wrote; a damaged cache, or
one another account could write, is never used and costs no traceback; ``councilkit --help`` neither
reads nor writes it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from support import TODAY

#: loads a council (its classes, and the model's), opens a store and lists what needs attention; then prints,
#: as JSON: the classes' methods taken from the cache, those compiled, and whether each one taken from the
#: cache is the code compile() gives for the source attrs wrote (kept in linecache), and one object's hash
PROBE = textwrap.dedent("""
    import __future__
    import json, linecache, sys, tempfile
    from pathlib import Path
    import councilkit
    from councilkit import _attrs
    from councilkit.attention import attention_items
    from councilkit.store import open_store
    council = councilkit.load_council("compton-parish")
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "s.db")
        attention_items(council, council.protocol.adopted, store=store)
        store.close()
    cache = _attrs._CODE
    same = {}
    for slot in sorted(cache.used):
        name = slot[:slot.rindex(">") + 1]  # kept for each width of the __hash__'s number
        script = "".join(linecache.cache[name][2])
        # attrs compiles in a module with `from __future__ import annotations`, and so inherits its flag
        same[name] = cache.code(script, name) == compile(script, name, "exec",
                                                         flags=__future__.annotations.compiler_flag, dont_inherit=True)
    role = next(iter(council.roles.values()))
    print(json.dumps({"used": sorted(s[:s.rindex(">") + 1] for s in cache.used),
                      "compiled": sorted(s[:s.rindex(">") + 1] for p in cache.new.values() for s in p), "same": same,
                      "hash_is_attrs": hash(role) == hash(type(role)(**{a.name: getattr(role, a.name)
                                                                      for a in type(role).__attrs_attrs__}))}))
""")


def probe(cache: Path, seed: str) -> dict:
    env = {**os.environ, "COUNCILKIT_CACHE_DIR": str(cache), "PYTHONHASHSEED": seed,
           "COUNCILKIT_TODAY": TODAY.isoformat()}
    env.pop("COUNCILKIT_LOAD_PLUGINS", None)
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def kept_files(cache: Path) -> list[Path]:
    return sorted((cache / "attrs").glob("*.marshal"))


def test_a_second_process_takes_every_class_from_the_cache_exactly_as_compiled(tmp_path: Path) -> None:
    first = probe(tmp_path, "1")
    assert first["used"] == [] and len(first["compiled"]) > 40  # the model, the store, cases, registers...
    assert all(name.startswith("<attrs generated methods councilkit") for name in first["compiled"])
    # a file for each package
    assert {f.name.partition("-")[0] for f in kept_files(tmp_path)} >= {
        "councilkit.model", "councilkit.store", "councilkit.registers", "councilkit.councilfile", "councilkit.council"}
    # another hash seed: attrs writes other numbers into every __hash__, of this width or another
    second = probe(tmp_path, "2")
    assert len(second["compiled"]) <= 2  # a number of a width met about once in two thousand
    # all but the council file's schema, as the council now comes from the compiled-council cache
    assert set(second["used"]) <= set(first["compiled"]) and len(second["used"]) > 30
    assert all(second["same"].values()), [name for name, same in second["same"].items() if not same]
    assert second["hash_is_attrs"]


def test_a_damaged_cache_or_one_others_can_write_is_not_used(tmp_path: Path) -> None:
    probe(tmp_path, "1")
    for kept in kept_files(tmp_path):
        kept.write_bytes(b"\x00not marshal data" * 10)
    again = probe(tmp_path, "3")  # no traceback: everything compiled, and kept again
    assert again["used"] == [] and again["compiled"]
    assert probe(tmp_path, "3")["compiled"] == []  # the same seed: the same numbers, all kept
    if hasattr(os, "getuid"):
        for kept in kept_files(tmp_path):
            kept.chmod(0o666)  # another account could choose the code run: never read
        assert probe(tmp_path, "3")["used"] == []


def test_help_neither_reads_nor_writes_the_cache(tmp_path: Path) -> None:
    report = "import atexit, sys; atexit.register(lambda: print('PLATFORMDIRS', 'platformdirs' in sys.modules, " \
             "file=sys.stderr)); sys.argv = ['councilkit', '--help']; from councilkit.cli import main; main()"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}  # where platformdirs would put the cache folder
    env.pop("COUNCILKIT_CACHE_DIR", None)
    done = subprocess.run([sys.executable, "-c", report], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "PLATFORMDIRS False" in done.stderr
    assert list(tmp_path.rglob("*.marshal")) == []


def test_a_cache_folder_that_cannot_be_written_costs_nothing_but_the_compiling(tmp_path: Path) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder would be", "utf-8")
    for seed in "12":
        found = probe(blocked, seed)  # no traceback
        assert found["used"] == [] and len(found["compiled"]) > 40
    assert blocked.read_text("utf-8") == "a file where the cache folder would be"


def test_files_not_written_for_thirty_days_are_removed_when_the_cache_is_written(tmp_path: Path) -> None:
    stale = tmp_path / "attrs" / "councilkit.gone-0000000000000000.marshal"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"kept for a class since removed")
    month_ago = stale.stat().st_mtime - 31 * 86400
    os.utime(stale, (month_ago, month_ago))
    probe(tmp_path, "1")  # compiles, and writes at exit
    assert not stale.exists() and kept_files(tmp_path)
