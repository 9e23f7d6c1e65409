"""Random and mangled text never crashes the import: a clean, valid council, or the import's own clear error."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from councilkit.councilfile import read_council_text
from councilkit.importer import ImportInputError, ImportResult, import_text
from councilkit.importer.source import decode
from councilkit.present.json import unstructure

SEEDS = Path(__file__).resolve().parents[3] / "tests" / "seeds"
SEED_LINES = [path.read_text("utf-8").split("\n") for path in sorted(SEEDS.glob("*.txt"))]

#: characters that mean something to the importer, and some that should mean nothing
STRUCTURE = list("abcdefghijklmnoIlVXivx ABCDEFGHXYZ 0123456789 .()-*+#·•▪o:;,!?'\"’<>/&_|=\t\n\n\n\f\u00a0\u200b")
PIECES = [
    "1.", "1.1", "2.2.3", "- ", "**", "(a) ", "a) ", "i. ", "ii) ", "I) ", "· ", "• ", "# ", "### ",
    "Page 2 of 9", "Reviewed and revised February 2016", "Version 1.0", "Adopted by Full Council",
    "Review date: May 2021", "Date adopted\t15 June 2020", "Protocol", "Council", "Parish Clerk",
    "Councillors must not", "may", "If a Councillor is concerned, raise it with the Clerk.",
    "Group Briefings", "<sup>th</sup>", "&amp;", "\\.", "====", "----", "\n", "\n\n", ":", " ",
]

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(text: str, variant: str = "parish") -> None:
    """The import succeeds with a council that validates, or fails with an ImportInputError."""
    try:
        result = import_text(text, council_id="fuzz", name="Fuzz Council", variant=variant, file="fuzz.txt")
    except ImportInputError as exc:
        assert str(exc).startswith("fuzz.txt"), str(exc)
        return
    assert isinstance(result, ImportResult)
    council, problems = read_council_text(result.toml, "fuzz.toml")
    assert council is not None, [str(p) for p in problems if p.is_error]
    assert council.protocol.clauses
    for clause in council.protocol.clauses:
        assert clause.text.strip() or (clause.heading or "").strip(), clause.id
    ids = {c.id for c in council.protocol.clauses}
    for norm in (*council.rules, *council.routes):  # whatever went live cites the text it came from
        assert set(norm.cite) <= ids, norm
    result.report.text()
    json.dumps(unstructure(result.report))


@FUZZ
@given(st.text(alphabet=st.sampled_from(STRUCTURE), max_size=400))
def test_structural_noise(text: str) -> None:
    check(text)


@FUZZ
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=60).map("".join))
def test_fragments_of_protocols(text: str) -> None:
    check(text, variant="town")


@FUZZ
@given(st.text(max_size=300))
def test_any_unicode(text: str) -> None:
    check(text, variant="principal")


@FUZZ
@given(st.binary(max_size=300))
def test_any_bytes(data: bytes) -> None:
    try:
        text = decode(data, "fuzz.txt")
    except ImportInputError as exc:
        assert str(exc).startswith("fuzz.txt")
        return
    check(text, variant="community")


@st.composite
def mangled_seed(draw: st.DrawFn) -> str:
    """A seed with lines dropped, repeated, swapped, cut short, renumbered or interleaved with junk."""
    lines = list(draw(st.sampled_from(SEED_LINES)))
    for _ in range(draw(st.integers(0, 12))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "repeat", "swap", "cut", "junk", "renumber", "join"]))
        if action == "drop":
            del lines[i]
        elif action == "repeat":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "cut":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        elif action == "junk":
            lines.insert(i, draw(st.one_of(st.sampled_from(PIECES), st.text(max_size=20))))
        elif action == "renumber":
            lines[i] = f"{draw(st.sampled_from(['1', '9.9', '2.2.2', '(z)', 'iv.', '·', '0']))} {lines[i]}"
        elif action == "join" and i + 1 < len(lines):
            lines[i : i + 2] = [lines[i] + " " + lines[i + 1]]
    return "\n".join(lines)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mangled_seed(), st.sampled_from(["parish", "town", "principal", "community"]))
def test_mangled_seeds(text: str, variant: str) -> None:
    check(text, variant)
