"""``councilkit review FILE``: the proposals of an import, decided one at a time, for real in subprocesses.

The command is run as a program with the shared options attached (``python -c`` calling it as
``councilkit.cli`` loads it) until ``review`` is in the CLI's command table; each run is a real
process on a real file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PROTOCOL = textwrap.dedent("""\
    Member/Officer Protocol

    1. Conduct

    1.1 Unless the Council agrees otherwise, members must not lobby officers.

    1.2 Councillors should not seek to elicit advice from officers to undermine the Council.

    1.3 If a member has a concern about an officer, the member should raise it with the Clerk or in the
    case of a concern about the Clerk with the Chairman.
    """)


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "COUNCILKIT_TODAY": "2026-11-23"}
    environ.pop("COUNCILKIT_COUNCILS", None)
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=environ, cwd=cwd,
                          input=stdin, timeout=60)


def review(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    code = ("from councilkit.cli.context import attach; from councilkit.cli.review import review_command; "
            "attach(review_command)(prog_name='councilkit review')")
    return run("-c", code, *args, cwd=cwd, stdin=stdin)


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    (tmp_path / "protocol.txt").write_text(PROTOCOL, encoding="utf-8")
    done = run("-m", "councilkit", "import", "protocol.txt", "--id", "ashby-parish", "--name", "Ashby Parish Council",
               "--variant", "parish", "--nation", "england", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return tmp_path / "ashby-parish.toml"


def listing(path: Path) -> dict[str, object]:
    done = review(path.name, "--list", "--json", cwd=path.parent)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_list_shows_each_proposal_in_plain_words(imported: Path) -> None:
    data = listing(imported)
    assert data["remaining"] >= 2 and not data["onboarded"]
    by_clause = {p["clause"]: p for p in data["proposals"]}
    lobby = by_clause["1.1"]
    assert lobby["norm"]["action"] == "lobby"
    # in the council's own words: the text calls councillors "members"
    assert lobby["plain"] == ("A Member must not lobby the Officer, or otherwise improperly seek to influence "
                              "their decisions (1.1)")
    assert any("condition" in n for n in lobby["notes"])
    text = review(imported.name, "--list", cwd=imported.parent).stdout
    assert "normative sentence" in text and lobby["id"] in text


def test_accepting_makes_the_norm_part_of_the_council(imported: Path) -> None:
    before = listing(imported)
    lobby = next(p for p in before["proposals"] if p["clause"] == "1.1")
    done = review(imported.name, "--accept", lobby["id"], cwd=imported.parent)
    assert done.returncode == 0, done.stderr
    after = listing(imported)
    assert after["remaining"] == before["remaining"] - 1
    checked = run("-m", "councilkit", "validate", imported.name, cwd=imported.parent)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    text = imported.read_text("utf-8")
    assert "\n[[rule]]" in text and 'action = "lobby"' in text and "accepted in review" in text


def test_a_field_is_changed_before_accepting(imported: Path) -> None:
    proposals = listing(imported)["proposals"]
    elicit = next(p for p in proposals if p["clause"] == "1.2")
    done = review(imported.name, "--set", elicit["id"], "action=criticise_publicly", "--accept", elicit["id"],
                  cwd=imported.parent)
    assert done.returncode == 0, done.stderr
    assert 'action = "criticise_publicly"' in imported.read_text("utf-8")


def test_a_norm_that_does_not_validate_is_refused_and_nothing_is_written(imported: Path) -> None:
    proposals = listing(imported)["proposals"]
    lobby = next(p for p in proposals if p["clause"] == "1.1")
    before = imported.read_bytes()
    done = review(imported.name, "--set", lobby["id"], "action=sing_loudly", "--accept", lobby["id"],
                  cwd=imported.parent)
    assert done.returncode == 1
    assert "does not validate, so nothing was written" in done.stderr and "Traceback" not in done.stderr
    assert imported.read_bytes() == before
    unknown = review(imported.name, "--accept", "no-such-proposal", cwd=imported.parent)
    assert unknown.returncode == 1 and "no proposal 'no-such-proposal'" in unknown.stderr


def test_rejected_and_descriptive_sentences_leave_the_count_and_the_council_is_onboarded(imported: Path) -> None:
    proposals = listing(imported)["proposals"]
    first, *rest = [p["id"] for p in proposals]
    args = ["--descriptive", first]
    for other in rest:
        args += ["--reject", other]
    done = review(imported.name, *args, cwd=imported.parent)
    assert done.returncode == 0, done.stderr
    assert "onboarded" in done.stdout
    data = listing(imported)
    assert data["remaining"] == 0 and data["onboarded"]
    text = imported.read_text("utf-8")
    assert "# --- reviewed: not norms" in text
    assert f"# descriptive 2026-11-23, {first}: 1." in text  # dated by COUNCILKIT_TODAY
    assert run("-m", "councilkit", "validate", imported.name, cwd=imported.parent).returncode == 0


def test_one_at_a_time_and_the_progress_is_kept_between_sittings(imported: Path) -> None:
    before = listing(imported)
    first = before["proposals"][0]
    # accept the first, skip the second, quit
    done = review(imported.name, cwd=imported.parent, stdin="a\ns\nq\n")
    assert done.returncode == 0, done.stderr
    assert first["sentence"][:40] in done.stdout and "proposed:" in done.stdout
    after = listing(imported)
    assert after["remaining"] == before["remaining"] - 1
    assert first["id"] not in [p["id"] for p in after["proposals"]]
    # a second sitting starts with what remains
    again = review(imported.name, cwd=imported.parent, stdin="q\n")
    assert after["proposals"][0]["sentence"][:40] in again.stdout


def test_the_sentence_and_where_the_proposal_came_from_are_each_whole(imported: Path) -> None:
    lobby = next(p for p in listing(imported)["proposals"] if p["clause"] == "1.1")
    # the note under the sentence wraps onto a second line: it belongs to the note, not to the sentence
    assert lobby["sentence"] == "Unless the Council agrees otherwise, members must not lobby officers."
    assert any(s.endswith("to write as when/unless)") for s in lobby["sources"])
    done = review(imported.name, cwd=imported.parent, stdin="q\n")
    assert "to write as when/unless)" in done.stdout  # the command line shows the whole note


def test_a_field_is_changed_in_the_walk_by_choosing_from_the_values_that_fit(imported: Path) -> None:
    proposals = listing(imported)["proposals"]
    elicit = next(p for p in proposals if p["clause"] == "1.2")
    skips = "s\n" * [p["id"] for p in proposals].index(elicit["id"])
    # change the action: the values are listed by number; a value may be typed instead of its number
    done = review(imported.name, cwd=imported.parent, stdin=f"{skips}c\naction\ncriticise_publicly\nq\n")
    assert done.returncode == 0, done.stderr
    assert "criticise_publicly" in done.stdout and "  1  " in done.stdout
    # the changed proposal is kept in the file for the next sitting, still a proposal
    after = next(p for p in listing(imported)["proposals"] if p["id"] == elicit["id"])
    assert after["norm"]["action"] == "criticise_publicly"
    # a value that is no action is refused, and the walk goes on
    before = imported.read_bytes()
    bad = review(imported.name, cwd=imported.parent, stdin="c\naction\nsing_loudly\nq\n")
    assert "not done:" in bad.stderr and "does not validate, so nothing was written" in bad.stderr
    assert imported.read_bytes() == before


def test_the_ui_refuses_a_file_that_cannot_be_reviewed_before_it_starts(tmp_path: Path) -> None:
    pytest.importorskip("councilkit_tui")
    done = run("-m", "councilkit", "tui", "--review", "missing.toml", cwd=tmp_path)
    assert done.returncode == 1
    assert "missing.toml: no such file" in done.stderr and "Traceback" not in done.stderr
    (tmp_path / "broken.toml").write_text('schema = 1\nid = "x"\n', encoding="utf-8")
    broken = run("-m", "councilkit", "tui", "--review", "broken.toml", cwd=tmp_path)
    assert broken.returncode == 1 and "cannot be reviewed" in broken.stderr and "Traceback" not in broken.stderr


def _terminal(args: list[str], cwd: Path, steps: list[tuple[bytes, str]]) -> str:
    """Run ``python -m councilkit ARGS`` in a real terminal of 80x24: for each step wait (at most 30 s) until
    the screen has shown ``phrase``, then type ``keys``.  Returns everything shown, as plain words."""
    import contextlib
    import fcntl
    import pty
    import re
    import select
    import signal
    import struct
    import termios
    import time

    environ = {**os.environ, "COUNCILKIT_TODAY": "2026-11-23", "TERM": "xterm-256color",
               "COUNCILKIT_DB": str(cwd / "store.db"), "COUNCILKIT_KEYMAP": str(cwd / "no-keymap.toml")}
    environ.pop("COUNCILKIT_COUNCILS", None)
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command, in the terminal
        os.chdir(cwd)
        os.execve(sys.executable, [sys.executable, "-m", "councilkit", *args], environ)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    raw = b""

    def shown() -> str:
        text = re.sub(rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78])", b" ", raw)
        return " ".join(text.decode("utf-8", "replace").split())

    try:
        for keys, phrase in steps:
            end = time.monotonic() + 30
            while phrase not in shown() and time.monotonic() < end:
                if select.select([fd], [], [], 0.2)[0]:
                    try:
                        raw += os.read(fd, 65536)
                    except OSError:
                        break
            assert phrase in shown(), f"the screen never showed {phrase!r}: {shown()[-600:]}"
            os.write(fd, keys)
    finally:  # wait for it to end (ctrl+q), reading what it still shows; stop it if it does not
        ended = False
        end = time.monotonic() + 30
        while not ended and time.monotonic() < end:
            if select.select([fd], [], [], 0.2)[0]:
                with contextlib.suppress(OSError):
                    raw += os.read(fd, 65536)
            ended = os.waitpid(pid, os.WNOHANG)[0] != 0
        if not ended:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)
    return shown()


def test_the_terminal_ui_opens_the_review_of_a_file(imported: Path) -> None:
    pytest.importorskip("councilkit_tui")
    first = listing(imported)["proposals"][0]
    # the review in front: the first proposal; d marks it descriptive and the next comes; ctrl+q quits
    _terminal(["tui", "--review", imported.name], imported.parent,
              [(b"d", "normative sentences remain"), (b"\x11", "Marked descriptive")])
    assert f"# descriptive 2026-11-23, {first['id']}: {first['clause']}" in imported.read_text("utf-8")
    assert first["id"] not in [p["id"] for p in listing(imported)["proposals"]]
