"""Each file in tests/malformed/ has one mistake and must give exactly one error, on the right line.

The expected line, key and message are written at the top of each file, and
the line itself is marked ``# <-``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from councilkit.councilfile import read_council_file

MALFORMED = Path(__file__).resolve().parent / "malformed"
FILES = sorted(MALFORMED.glob("*.toml"))


def expectation(path: Path) -> tuple[int, str, str]:
    text = path.read_text("utf-8")
    line = int(re.search(r"^# expect-line: (\d+)$", text, re.M).group(1))  # type: ignore[union-attr]
    key = re.search(r"^# expect-key: (.*)$", text, re.M).group(1)  # type: ignore[union-attr]
    message = re.search(r"^# expect-message: (.*)$", text, re.M).group(1)  # type: ignore[union-attr]
    return line, key, message


def test_there_are_enough_malformed_files() -> None:
    assert len(FILES) >= 25


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_one_mistake_gives_one_error_on_its_line(path: Path) -> None:
    line, key, message = expectation(path)
    council, problems = read_council_file(path)
    errors = [p for p in problems if p.is_error]
    assert council is None
    assert len(errors) == 1, [str(e) for e in errors]
    (error,) = errors
    assert error.file == str(path)
    assert error.line == line, str(error)
    if key != "-":
        assert error.key == key, str(error)
    assert message in error.message
    assert str(error).startswith(f"{path}:{line}: error: ")
    if line > 1:
        assert path.read_text("utf-8").splitlines()[line - 1].rstrip().endswith("# <-"), "the marked line"


def test_the_base_council_is_valid() -> None:
    """The malformed files differ from a valid council by their one mistake."""
    fixed = (MALFORMED / "unknown-effect.toml").read_text("utf-8").replace('effect = "deny"', 'effect = "forbid"')
    from councilkit.councilfile import read_council_text

    council, problems = read_council_text(fixed, "fixed.toml")
    assert council is not None, [str(p) for p in problems]
    assert not [p for p in problems if p.is_error]


def test_not_utf8_names_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    data = 'schema = 1\nname = "Caf\xe9"\n'.encode("latin-1")
    path.write_bytes(data)
    _, problems = read_council_file(path)
    (problem,) = problems
    assert problem.line == 2 and "not UTF-8" in problem.message
    assert f"byte {data.index(bytes([0xE9]))} " in problem.message


def test_a_byte_order_mark_is_read_and_explained(tmp_path: Path) -> None:
    """Windows editors may save UTF-8 with a BOM: the council loads, and a warning on line 1 says why."""
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + (MALFORMED / "valid-base.toml.txt").read_bytes())
    council, problems = read_council_file(path)
    assert council is not None and council.id == "mini-parish"
    (warning,) = [p for p in problems if "byte order mark" in p.message]
    assert warning.line == 1 and not warning.is_error and "save it as UTF-8 without BOM" in warning.message


@pytest.mark.parametrize("name", ["review-months-absurd", "nested-too-deeply", "council-id-a-path"])
def test_a_council_file_that_cannot_be_right_never_breaks_a_command(tmp_path: Path, name: str) -> None:
    """Each is refused where it is read: the councils it sits among still list, with a one-line note."""
    shutil.copy(MALFORMED / f"{name}.toml", tmp_path)
    shutil.copy(MALFORMED.parent.parent / "councils" / "compton-parish.toml", tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNCILKIT_")}
    for args in (["councils"], ["validate"], ["show", "compton-parish", "4.2"]):
        result = subprocess.run([sys.executable, "-m", "councilkit", "--councils", str(tmp_path), *args],
                                capture_output=True, text=True, env=env, timeout=120)
        assert "Traceback" not in result.stderr, (args, result.stderr)
        assert result.returncode == (1 if args == ["validate"] else 0), (args, result.stderr)
    listed = subprocess.run([sys.executable, "-m", "councilkit", "--councils", str(tmp_path), "councils"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert "compton-parish" in listed.stdout and f"skipped {tmp_path / name}.toml: it has errors" in listed.stderr
