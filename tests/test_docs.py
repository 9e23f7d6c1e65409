"""The README and the guides work as written: their code, and every command they give.

The plugin guide's code is run as a package, so the guide cannot drift from the hooks.  Every
command in a ``sh`` block of README.md and docs/*.md is run as written, in order, each document in
a scratch home directory of its own (see :func:`test_every_documented_command_works_as_written`).
"""

from __future__ import annotations

import importlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
import types
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from councilkit import load_council, read_councils
from councilkit.councilfile import read_council_text
from councilkit.people.identity import login_name
from councilkit.plugin import Registry

DOCS = Path(__file__).resolve().parents[1] / "docs"

ASHBY = textwrap.dedent('''\
    schema = 1
    id = "ashby-parish"
    name = "Ashby Parish Council"
    tier = "parish"
    nation = "england"
    variant = "parish"

    [protocol]
    title = "Protocol"

    [[clause]]
    id = "5.1"
    text = "The council appoints a Tree Warden."

    [[clause]]
    id = "7.2"
    text = "The Clerk lends the hall keys only for a booking, and keeps a register of them."
    ''')


def guide_block(first_line: str) -> str:
    """The guide's python block that starts with ``first_line`` (its file name, as a comment)."""
    guide = (DOCS / "writing-plugins.md").read_text("utf-8")
    (block,) = [b for b in re.findall(r"```python\n(.*?)```", guide, re.S) if b.startswith(first_line)]
    return block


def council_snippet() -> str:
    guide = (DOCS / "writing-plugins.md").read_text("utf-8")
    block = next(b for b in re.findall(r"```toml\n(.*?)```", guide, re.S) if "tree_warden" in b)
    return block.replace('variant = "parish"\n', "")


def install_package(root: Path, name: str, files: dict[str, str]) -> types.ModuleType:
    """The guide's package as files under ``root``, imported from there as a real package."""
    for relative, text in files.items():
        (root / name / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / name / relative).write_text(text, "utf-8")
    sys.path.insert(0, str(root))
    try:
        importlib.invalidate_caches()
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(root))


@pytest.fixture
def ashby(tmp_path: Path) -> Iterator[types.ModuleType]:
    """councilkit_ashby as the guide builds it: its module, and its council file in its councils folder."""
    yield install_package(tmp_path / "src", "councilkit_ashby", {
        "__init__.py": guide_block("# src/councilkit_ashby/__init__.py"),
        "councils/ashby-parish.toml": ASHBY + council_snippet(),
    })
    for name in [m for m in sys.modules if m.split(".")[0] == "councilkit_ashby"]:
        del sys.modules[name]


def test_the_guides_plugin_and_its_bundled_council_work_together(ashby: types.ModuleType) -> None:
    registry = Registry.build(extra=[("ashby", ashby)])
    (info,) = [p for p in registry.plugins if p.name == "ashby"]
    assert info.status == "loaded" and registry.problems == []
    hooks = ", ".join(h.removeprefix("register_") for h in info.hooks)
    assert f"ashby ... loaded  {hooks}" in (DOCS / "writing-plugins.md").read_text("utf-8")  # as the guide shows
    council = load_council("ashby-parish", registry=registry)  # found through register_councils
    assert council.roles.is_a("tree_warden", "councillor")
    assert "hall_keys" in council.register_kinds
    assert council.rules[0].action == "lend_hall_keys"
    found, problems = read_councils(registry=registry)
    assert "ashby-parish" in {c.id for c in found} and "compton-parish" in {c.id for c in found}
    assert not [p for p in problems if "Tree Warden" in p.message]  # the plugin's check passes


def test_the_guides_check_fires(ashby: types.ModuleType) -> None:
    registry = Registry.build(extra=[("ashby", ashby)])
    snippet = council_snippet().replace('[[role]]\nid = "tree_warden"\ncite = ["5.1"]\n', "")
    _, problems = read_council_text(ASHBY + snippet, "ashby-parish.toml", registry)
    assert any("should cite the clause that creates the Tree Warden" in p.message for p in problems)


def test_the_guides_own_tests_pass(ashby: types.ModuleType) -> None:
    guide_test: dict[str, object] = {}
    exec(compile(guide_block("# tests/test_ashby.py"), "writing-plugins.md", "exec"), guide_test)
    for name in ("test_ashby_loads_with_the_plugin", "test_the_plugin_loaded_cleanly"):
        guide_test[name]()  # type: ignore[operator]


WARD = textwrap.dedent('''\
    schema = 1
    id = "east-ward"
    name = "East Ward Forum"
    tier = "ward"
    nation = "england"
    variant = "ward"

    [protocol]
    title = "Forum Protocol"

    [[clause]]
    id = "1"
    text = "A member of staff may raise a grievance with the Chair."

    [[route]]
    id = "staff-grievance"
    raised_by = ["employee"]
    cite = ["1"]

      [[route.step]]
      id = "grievance"
      procedure = ["grievance"]
    ''')


def test_the_guides_variant_of_its_own_is_a_whole_variant_plugin(tmp_path: Path) -> None:
    ward = install_package(tmp_path / "src", "councilkit_ward", {
        "__init__.py": guide_block("# src/councilkit_ward/__init__.py"), "councils/east-ward.toml": WARD})
    try:
        registry = Registry.build(extra=[("ward", ward)])
    finally:
        del sys.modules["councilkit_ward"]
    (info,) = [p for p in registry.plugins if p.name == "ward"]
    assert info.status == "loaded" and registry.problems == []
    assert "ward_clerk" in registry.roles_for("ward") and "ward_clerk" not in registry.roles_for("parish")
    council = load_council("east-ward", registry=registry)
    assert council.variant.id == "ward"
    assert council.routes[0].steps[0].handler == ("chair",)  # the variant's handler for a grievance
    assert "officer_interests" in registry.register_kinds_for("ward")


async def test_the_guides_screen_and_palette_command_work_in_the_terminal_ui(ashby: types.ModuleType) -> None:
    """Section 5: the plugin's screen and its palette command, driven by the guide's own test."""
    tmp_path = Path(ashby.__file__).parents[2]
    (tmp_path / "src" / "councilkit_ashby" / "tui.py").write_text(
        guide_block("# src/councilkit_ashby/tui.py"), "utf-8")
    exec(compile(guide_block("# added to src/councilkit_ashby/__init__.py"), "writing-plugins.md", "exec"),
         ashby.__dict__)
    sys.path.insert(0, str(tmp_path / "src"))  # the screen's module is imported by the hook, as installed
    try:
        await _drive_the_guides_screen(ashby, tmp_path)
    finally:
        sys.path.remove(str(tmp_path / "src"))
    assert "textual" not in ashby.__dict__  # the plugin module itself never needs Textual


async def _drive_the_guides_screen(ashby: types.ModuleType, tmp_path: Path) -> None:
    guide_test: dict[str, object] = {}
    exec(compile(guide_block("# tests/test_ashby_tui.py"), "writing-plugins.md", "exec"), guide_test)
    await guide_test["test_the_hall_keys_screen_opens_from_the_palette"](tmp_path)  # type: ignore[operator]

    # the provider's own hit, too
    from councilkit_tui.app import CouncilkitApp
    from councilkit_tui.testing import settle, text_of

    app = CouncilkitApp(db=tmp_path / "demo.db", demo=True, registry=Registry.build(extra=[("ashby", ashby)]),
                        blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.plugin_problems == []
        await pilot.press("ctrl+p", *"who holds them", "enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "HallKeysScreen"
        assert "since when" in text_of(app, "#hall-keys")


def test_the_readme_sdk_example_runs() -> None:
    readme = (DOCS.parent / "README.md").read_text("utf-8")
    block = next(b for b in re.findall(r"```python\n(.*?)```", readme, re.S) if "load_council" in b)
    namespace: dict[str, object] = {}
    exec(compile(block, "README.md", "exec"), namespace)
    assert namespace["decision"].outcome == "forbidden"  # type: ignore[attr-defined]
    assert namespace["clause"].heading == "Procedure for Councillors"  # type: ignore[attr-defined]


def test_the_readme_names_the_two_commands() -> None:
    readme = (DOCS.parent / "README.md").read_text("utf-8")
    assert "uv run councilkit --demo" in readme
    ci = (DOCS.parent / ".ci" / "run").read_text("utf-8")
    test_command = next(line.split("#")[0].strip() for line in readme.splitlines() if line.startswith("uv run nox"))
    assert ci.rstrip().splitlines()[-1] == test_command  # CI runs exactly the README's test command


def test_the_terminal_ui_guide_lists_every_binding_with_its_key() -> None:
    """A clerk remapping keys reads docs/tui.md: every binding id is there, with the key it is on."""
    from textual.binding import Binding

    from councilkit_tui.app import CouncilkitApp

    guide = (DOCS / "tui.md").read_text("utf-8")
    rows = dict(re.findall(r"^\| `([a-z_.]+)` \| ([^|]+?) \|", guide, re.M))
    names = {"slash": "/", "right_square_bracket": "]", "left_square_bracket": "["}
    missing, wrong = [], []
    for owner in CouncilkitApp.binding_owners():
        for b in owner.BINDINGS:
            if not isinstance(b, Binding) or not b.id:
                continue
            if b.id not in rows:
                missing.append(b.id)
                continue
            key = names.get(b.key, b.key)
            if rows[b.id] not in (key, key.upper() if re.fullmatch(r"f\d+", key) else key):
                wrong.append(f"{b.id}: the guide says {rows[b.id]!r}, the app binds {key!r}")
    assert not missing, f"docs/tui.md does not list: {', '.join(missing)}"
    assert not wrong, "; ".join(wrong)
    assert set(rows) <= set(CouncilkitApp.binding_ids()), "docs/tui.md lists a binding the app does not have"


# --- every command in README.md and docs/*.md, run as written ------------------------------------
#
# A document's commands are the lines of its ```sh blocks (a line ending in \ goes on); ```text
# blocks are examples to adapt and are not run.  Each document runs in a scratch home directory
# of its own, from that directory, in one shell session: `export` and `cd` carry on to the next
# command.  `uv run councilkit` runs the councilkit installed beside this Python with UV set, as
# `uv run` does, so hints say `uv run councilkit`; plain `councilkit` runs it without.  A command
# that opens the terminal UI (no command name, or `tui`) runs on a pseudo-terminal of 80x24 and
# is quit with ctrl+q once its expected text is on the screen.  The day is COUNCILKIT_TODAY
# (2026-11-23, as in every test), and /srv is the scratch directory's srv.
#
# EXPECTED gives, for every command of every document, its exit code and a piece of its output
# (whitespace as on one line): a new command needs a line here, and a line with no command fails.

RUN = Path(sys.executable).parent  # councilkit beside this Python
SEED = Path(__file__).resolve().parent / "seeds" / "000_fd4cc4c86449ee12.txt"
TUI_SIZE = (24, 80)

#: commands that act on the machine or the network rather than on councilkit: named, never run
NOT_RUN = {
    "uv run nox": "the whole test suite, of which this test is part",
    "sudo systemctl daemon-reload": "changes the machine's services",
    "sudo systemctl enable --now councilkit": "changes the machine's services",
    "journalctl -u councilkit -f": "follows a service's log until stopped",
    "ssh -p 2222 council.example.org": "connects to a server elsewhere",
    "ssh-keygen -t ed25519": "on the clerk's computer: makes a key in the account's own ~/.ssh (ssh-keygen "
                             "does not follow HOME)",
    "cat ~/.ssh/id_ed25519.pub": "on the clerk's computer",
    "ssh-keygen -lf ~/.ssh/id_ed25519.pub": "on the clerk's computer",
}

Expect = tuple[int, str]

#: per document: (exit code, a piece of the output) for each command; for a command given more than once,
#: a list of them in the document's order
EXPECTED: dict[str, dict[str, Expect | list[Expect]]] = {
    "README.md": {
        "uv run councilkit --demo": (0, "Compton Parish Council"),
        "uv run councilkit councils": (0, "compton-parish Compton Parish Council parish parish 2020-06-15 2021-05-31 OVERDUE"),
        "uv run councilkit show compton-parish 4.2": (0, "Compton Parish Council, clause 4.2: Procedure for Councillors"),
        'uv run councilkit compare "concerns about the Clerk"': (0, "Compton Parish Council: [4.2] Procedure for Councillors"),
        "uv run councilkit check compton-parish --actor chair --action pressure_recommendation --target clerk":
            (0, "FORBIDDEN"),
        "uv run councilkit check --all --actor chair --action contact_out_of_hours --target clerk":
            (0, "principal-council CANNOT ASK"),
        "uv run councilkit actions compton-parish": (0, "pressure_recommendation: "),
        "uv run councilkit route compton-parish --raised-by councillor --about clerk":
            (0, "1. Raise the matter with the Parish Clerk [raise]"),
        "uv run councilkit validate": (0, "5 council files checked: 0 error(s)"),
        "uv run councilkit test": (0, "examples, 0 failed"),
        "uv run councilkit demo": (0, "try: uv run councilkit --demo attention compton-parish"),  # hints as run
        "uv run councilkit --demo whoami": (0, "compton-parish: Alison Hartley (#1), Parish Clerk"),
        "uv run councilkit --demo attention compton-parish": (0, "Compton Parish Council: 5 items needing attention"),
        "uv run councilkit --demo --council compton-parish worklist":
            (0, "#2 compton-parish OVERDUE grievance Richard Bell"),
        "uv run councilkit --demo case show 2": (0, "Case #2: Repeated criticism of the office's work in emails"),
        "uv run councilkit --demo moves 2": (0, "outcome Record an outcome: the handler (Richard Bell)"),
        'uv run councilkit --demo case note 2 "Chased Richard Bell by phone"': (0, "case #2, event 5: note"),
        "uv run councilkit --demo --as demo-kim.patel --council compton-parish case list":
            (0, "#2 compton-parish OVERDUE grievance"),
        "uv run councilkit --demo register list compton-parish gifts_hospitality":
            (0, "Gifts and hospitality at Compton Parish Council: 4 current entries"),
        "uv run councilkit --demo register due": (0, "Notify the gift or hospitality for the register"),
        "uv run councilkit --demo audit verify": (0, "verified: nothing was changed or removed"),
        "uv run councilkit --demo --council compton-parish": (0, "Compton Parish Council · Parish council"),
    },
    "docs/cases.md": {
        "councilkit route compton-parish --raised-by councillor --about clerk":
            (0, "Why the Chairman of the Personnel Committee: the Parish Clerk is the subject of the concern"),
        "councilkit route town-2016 --raised-by councillor --matter interpretation":
            (0, "Interpreting this Protocol (route 'arbitration', clause 12.1)"),
        "councilkit route community-council --raised-by councillor --about councillor":
            (0, "protocol states no route for a concern raised by a Councillor about a Councillor"),
        "councilkit init compton-parish": (0, "you (login {login}) are its first administrator, of every council"),
        'councilkit people add "Alison Hartley" --login ahartley --email alison@compton.example':
            (0, "added Alison Hartley as person #1 (login ahartley)"),
        "councilkit people appoint ahartley compton-parish clerk --from 2025-05-12":
            (0, "appointed Alison Hartley Parish Clerk at Compton Parish Council from 2025-05-12"),
        'councilkit people add "Richard Bell" --login rbell': (0, "added Richard Bell"),
        "councilkit people appoint rbell compton-parish personnel_committee_chair --from 2025-05-12":
            (0, "appointed Richard Bell Chairman of the Personnel Committee"),
        "councilkit people appoint rbell compton-parish personnel_committee --from 2025-05-12":
            (0, "appointed Richard Bell Personnel Committee"),
        'councilkit people add "Geoffrey Pike" --login gpike': (0, "added Geoffrey Pike"),
        "councilkit people appoint gpike compton-parish chair --from 2025-05-12":
            (0, "appointed Geoffrey Pike Chairman of the Council"),
        'councilkit people add "Margaret Oduya" --login moduya': (0, "added Margaret Oduya"),
        "councilkit people appoint moduya compton-parish vice_chair --from 2025-05-12":
            (0, "appointed Margaret Oduya Vice Chairman of the Council"),
        'councilkit people add "Sunita Rao" --login srao': (0, "added Sunita Rao"),
        "councilkit people appoint srao compton-parish leader --from 2025-05-12":
            (0, "appointed Sunita Rao Leader of the Council"),
        'councilkit people add "Tom Whitaker" --login twhitaker': (0, "added Tom Whitaker"),
        "councilkit people appoint twhitaker compton-parish group_leader --from 2025-05-12":
            (0, "appointed Tom Whitaker Group Leader"),
        'councilkit people add "Nadia Ellis" --login nellis': (0, "added Nadia Ellis"),
        "councilkit people appoint nellis compton-parish senior_manager --from 2025-05-12":
            (0, "appointed Nadia Ellis Appropriate senior manager"),
        'councilkit people add "Kim Patel" --login kpatel': (0, "added Kim Patel"),
        "councilkit people appoint kpatel compton-parish officer --from 2025-05-12": (0, "appointed Kim Patel Officer"),
        'councilkit people add "Dennis Cole" --login dcole': (0, "added Dennis Cole"),
        "councilkit people appoint dcole compton-parish councillor --from 2025-05-12":
            (0, "appointed Dennis Cole Councillor"),
        'councilkit people add "Fiona Grant" --login fgrant': (0, "added Fiona Grant"),
        "councilkit people appoint fgrant compton-parish councillor --from 2025-05-12":
            (0, "appointed Fiona Grant Councillor"),
        "councilkit people end fgrant compton-parish councillor --on 2026-05-10":
            (0, "Fiona Grant holds Councillor at Compton Parish Council until 2026-05-10"),
        "councilkit people list --council compton-parish": (0, "Parish Clerk (compton-parish, from 2025-05-12)"),
        'councilkit --as kpatel case open compton-parish --complainant kpatel --subject dcole --title "Shouted at '
        'after the meeting" --why "Cllr Cole shouted at me in front of the public"':
            (0, "case #1, event 2: step 'informal' started, handled by Nadia Ellis"),
        "councilkit --as ahartley --council compton-parish case list":
            (0, "#1 compton-parish open informal Nadia Ellis 2026-12-07 Shouted at after the meeting"),
        "councilkit --as ahartley --council compton-parish case list --status open --overdue": (0, "no cases match"),
        "councilkit --as nellis --council compton-parish case list --mine": (0, "#1 compton-parish open informal"),
        "councilkit --as ahartley case show 1": [(0, "Raised by: Kim Patel (Officer)"),
                                                 (0, "Opened: 2026-11-23; reopened 1x")],
        "councilkit --as ahartley moves 1": (0, "outcome Record an outcome: the handler (Nadia Ellis)"),
        'councilkit --as nellis case advance 1 outcome not_resolved --why "No agreement at conciliation"':
            (0, "step 'grievance' started, handled by Richard Bell (Personnel Committee)"),
        'councilkit --as rbell case advance 1 outcome upheld --why "The panel upheld the grievance"':
            (0, "step 'course-of-action' started, handled by Alison Hartley (Parish Clerk)"),
        'councilkit --as ahartley case advance 1 outcome decided --why "Written apology"':
            (2, "record the consultation first: councilkit case advance 1 consulted chair"),
        'councilkit --as ahartley case advance 1 consulted chair --why "Agreed a written apology"':
            (0, "consulted Chairman of the Council (Geoffrey Pike)"),
        "councilkit --as ahartley case advance 1 consulted vice_chair":
            (0, "consulted Vice Chairman of the Council (Margaret Oduya)"),
        'councilkit --as ahartley case advance 1 outcome decided --why "Written apology and training"':
            (0, "case #1 is resolved; waiting to be closed"),
        'councilkit --as ahartley case close 1 --why "Apology given"':
            (2, "case #1 cannot close while obligations are open: notify the Leader of the Council (Sunita Rao)"),
        "councilkit --as ahartley case advance 1 notified leader": (0, "notified Leader of the Council (Sunita Rao)"),
        "councilkit --as ahartley case advance 1 notified group_leader": (0, "notified Group Leader (Tom Whitaker)"),
        'councilkit --as ahartley case note 1 "Apology sent by letter"': (0, "case #1, event 13: note"),
        'councilkit --as ahartley case close 1 --why "Apology given; everyone told"': (0, "case #1 is closed"),
        'councilkit --as ahartley case reopen 1 --why "It happened again"': (0, "reopened at 'course-of-action'"),
        "councilkit audit verify": (0, "case_events: 16 rows, chain intact"),
        "councilkit demo": (0, "44 fictional people"),
        "councilkit --demo --council compton-parish worklist": (0, "#2 compton-parish OVERDUE grievance"),
        "councilkit --demo --as demo-alison.hartley --council compton-parish case list":
            (0, "#8 compton-parish open raise Alison Hartley"),
    },
    "docs/importing.md": {
        'councilkit import protocol.txt --id ashby-parish --name "Ashby Parish Council" --variant parish --nation '
        "england": (0, "Imported protocol.txt -> ashby-parish.toml: council ashby-parish, variant parish, 39 clauses"),
        "councilkit review ashby-parish.toml": (0, "ashby-parish.toml: no proposal remains"),
    },
    "docs/operations.md": {
        "councilkit --db /srv/councilkit/councilkit.db init compton-parish langport-town":
            (0, "for Compton Parish Council (compton-parish), Langport Town Council (langport-town)"),
        "export COUNCILKIT_DB=/srv/councilkit/councilkit.db": (0, ""),
        "councilkit audit verify": (0, "verified"),
    },
    "docs/registers.md": {
        "councilkit register kinds town-2016": (0, "gifts_hospitality Gifts and hospitality 0 1.2"),
        "councilkit register kinds town-2016 gifts_hospitality":
            (0, "Gifts and hospitality (gifts_hospitality) at Town Council (unnamed, 2016 protocol)"),
        "councilkit init town-2016": (0, "you (login {login}) are its first administrator"),
        'councilkit people add "Tom Clerk" --login "$(whoami)"': (0, "added Tom Clerk as person #1 (login {login})"),
        'councilkit people appoint "$(whoami)" town-2016 clerk --from 2025-05-12':
            (0, "appointed Tom Clerk Town Clerk at Town Council (unnamed, 2016 protocol) from 2025-05-12"),
        'councilkit people add "Ann Member" --login amember': (0, "added Ann Member as person #2"),
        "councilkit people appoint amember town-2016 councillor --from 2025-05-12": (0, "appointed Ann Member Member"),
        'councilkit register add town-2016 gifts_hospitality recipient="Ann Member" gift_or_hospitality=hospitality '
        'description="Dinner at the civic ball" offered_by="Acme Ltd" value=£75 received_on=01/10/2026 accepted=yes':
            (0, "Added entry #1."),
        "councilkit register add town-2016 gifts_hospitality recipient=amember gift_or_hospitality=gift "
        'description="Tickets to the county show" offered_by="Acme Ltd" value=£40 received_on=today accepted=no':
            (0, "Added entry #2."),
        'councilkit register amend 1 notified_on=2026-11-21 notes="Told the Clerk late" --reason "Registered by the '
        'member"': (0, "Amended entry #1: now version 2; version 1 is kept."),
        'councilkit register amend 1 notes= --reason "note not needed"': (0, "Amended entry #1: now version 3"),
        'councilkit register amend 2 --withdraw --reason "entered twice"': (0, "Withdrew entry #2 (version 2)"),
        "councilkit register show 1": (0, "calendar days late (due 2026-10-29; 28 calendar days from 2026-10-01)"),
        "councilkit register history 1": (0, "Entry #1: Gifts and hospitality, Town Council (unnamed, 2016 protocol): 3 "
                                             "version(s)"),
        "councilkit register add town-2016 gifts_hospitality recipient=amember value=fifty":
            (2, "field 'value': Estimated value: expected an amount of money such as £50 or £49.99"),
        "councilkit register due": (0, "Nothing is overdue or due within 14 days."),
        "councilkit register due town-2016 --within 30": (0, "Nothing is overdue or due within 30 days."),
        "councilkit register list town-2016 gifts_hospitality": (0, "1 Ann Member Dinner at the civic ball £75.00"),
        "councilkit register list town-2016 gifts_hospitality --limit 1": (0, "1 current entry"),
        "councilkit register list town-2016 gifts_hospitality --before 2": (0, "1 Ann Member Dinner at the civic ball"),
        "councilkit register list town-2016 gifts_hospitality --status withdrawn":
            (0, "2 (withdrawn) Ann Member Tickets to the county show"),
        "councilkit register search town-2016 civic ball": (0, "Dinner at the [civic] [ball]"),
        "councilkit register search town-2016 'din*' --kind gifts_hospitality": (0, "[Dinner] at the civic ball"),
        """councilkit register search town-2016 '"civic ball"'""": (0, "Dinner at the [civic ball]"),
        "councilkit register export town-2016 gifts_hospitality --format csv -o gifts-working.csv":
            (0, "Wrote gifts-working.csv (working copy, csv, 2 entries)."),
        "councilkit register export town-2016 gifts_hospitality --publication --format md":
            (0, "Publication copy: confidential entries and sensitive details are left out."),
        "councilkit register import town-2016 gifts_hospitality gifts.csv --check":
            (0, "gifts.csv: 2 entries checked, no problems; nothing written"),
        "councilkit register import town-2016 gifts_hospitality gifts.csv":
            (0, "Imported 2 entries into Gifts and hospitality at Town Council (unnamed, 2016 protocol): #3 to #4."),
    },
    "docs/serving.md": {
        'councilkit people key add "Ann Other" ann.pub': (0, "added key #1 for Ann Other: ED25519"),
        # the same key again, and a fingerprint left as a placeholder: see /tmp/ck/flags/K_TO_I.md
        'councilkit people key add "Ann Other" - < ann.pub': (2, "is already Ann Other's (key #1)"),
        'councilkit people key list "Ann Other"': (0, "#1 Ann Other ED25519 SHA256:"),
        'councilkit people key remove SHA256:Kx3V... --person "Ann Other" --why "laptop stolen"':
            (2, "no registered key of Ann Other's 'SHA256:Kx3V...'"),
        "councilkit people key list --removed": (0, "REMOVED"),
    },
    "docs/setup.md": {
        "councilkit --version": (0, "councilkit, version"),
        "councilkit plugins": [(0, "parish councilkit-parish"), (0, "councilkit (built-in) councilkit")],
        'mkdir -p "$HOME/councilkit"': (0, ""),
        'export COUNCILKIT_DB="$HOME/councilkit/council.db"': (0, ""),
        "councilkit whoami": [(0, "there is no store at {home}/councilkit/council.db yet (nothing was created)"),
                              (0, "person: Alison Hartley (#1) compton-parish: clerk")],
        "councilkit councils": (0, "compton-parish Compton Parish Council"),
        "councilkit show compton-parish 4.2": (0, "Norms citing 4.2:"),
        "councilkit init compton-parish": (0, "you (login {login}) are its first administrator, of every council"),
        "councilkit admin list": [(0, "serves Compton Parish Council (compton-parish)"),
                                  (0, "rbell compton-parish")],
        'councilkit people add "Alison Hartley" --login "$(whoami)"': (0, "added Alison Hartley as person #1"),
        'councilkit people appoint "$(whoami)" compton-parish clerk --from 2025-05-12':
            (0, "appointed Alison Hartley Parish Clerk at Compton Parish Council from 2025-05-12"),
        'councilkit people add "Richard Bell" --login rbell': (0, "added Richard Bell as person #2"),
        "councilkit people appoint rbell compton-parish personnel_committee_chair --from 2025-05-12":
            (0, "appointed Richard Bell Chairman of the Personnel Committee"),
        "councilkit people appoint rbell compton-parish personnel_committee --from 2025-05-12":
            (0, "appointed Richard Bell Personnel Committee"),
        'councilkit people add "Nadia Ellis" --login nellis': (0, "added Nadia Ellis"),
        "councilkit people appoint nellis compton-parish senior_manager --from 2025-05-12":
            (0, "appointed Nadia Ellis Appropriate senior manager"),
        'councilkit people add "Kim Patel" --login kpatel --email kim@compton.example': (0, "added Kim Patel"),
        "councilkit people appoint kpatel compton-parish officer --from 2025-05-12": (0, "appointed Kim Patel Officer"),
        'councilkit people add "Dennis Cole" --login dcole': (0, "added Dennis Cole"),
        "councilkit people appoint dcole compton-parish councillor --from 2025-05-12":
            (0, "appointed Dennis Cole Councillor"),
        "councilkit people list --council compton-parish": (0, "#5 Dennis Cole dcole Councillor"),
        "councilkit admin add rbell --council compton-parish": (0, "rbell is an administrator of Compton Parish Council"),
        "councilkit admin end rbell --council compton-parish":
            (0, "rbell is no longer an administrator of Compton Parish Council"),
        'councilkit people key add "Kim Patel" kim.pub': (0, "added key #1 for Kim Patel: ED25519"),
        'councilkit people key list "Kim Patel"': (0, "#1 Kim Patel ED25519 SHA256:"),
        "councilkit serve --check": (0, "the configuration is sound"),
        "councilkit route compton-parish --raised-by officer --about councillor --complainant kpatel --subject dcole":
            (0, "Handled by: Nadia Ellis"),
        'councilkit case open compton-parish --complainant kpatel --subject dcole --title "Shouted at after the '
        'meeting" --why "Cllr Cole shouted at Kim in front of the public"':
            (0, "case #1, event 2: step 'informal' started, handled by Nadia Ellis"),
        "councilkit worklist": (0, "#1 compton-parish open informal Nadia Ellis"),
        "councilkit case show 1": [(0, "Case #1: Shouted at after the meeting"),
                                   (0, "Handler: Richard Bell (Personnel Committee)")],  # after the restore
        'councilkit --as nellis case advance 1 outcome not_resolved --why "No agreement at conciliation"':
            (0, "step 'grievance' started, handled by Richard Bell"),
        "councilkit attention compton-parish": (0, "Compton Parish Council: 2 items needing attention (as Alison "
                                                   "Hartley)"),
        "councilkit --council compton-parish": (0, "You: Alison Hartley"),
        "councilkit audit verify": [(0, "case_events: 4 rows, chain intact"), (0, "integrity ok"),
                                    (0, "verified: nothing was changed or removed")],
        'mkdir -p "$HOME/backups"': (0, ""),
        'councilkit backup "$HOME/backups/"': (0, "verified"),
        'councilkit --db "$HOME"/backups/councilkit-*.db audit verify': (0, "verified: nothing was changed or removed"),
        'mkdir -p "$HOME/damaged"': (0, ""),
        'mv "$COUNCILKIT_DB"* "$HOME/damaged/"': (0, ""),
        'install -m 640 "$HOME"/backups/councilkit-*.db "$COUNCILKIT_DB"': (0, ""),
        "councilkit validate": (0, "5 council files checked: 0 error(s)"),
    },
    "docs/tui.md": {
        "uv run councilkit --demo": (0, "Compton Parish Council"),
        "uv run councilkit --demo --council compton-parish": (0, "Compton Parish Council · Parish council"),
        "uv run councilkit --demo --as demo-kim.patel": (0, "You: Kim Patel"),
        # no store has been set up in the scratch home: the UI says so and creates none
        "uv run councilkit --council compton-parish": (0, "No store: there is no store at"),
        "uv run councilkit --db /srv/councilkit/councilkit.db --council compton-parish":
            (0, "No store: there is no store at"),
    },
    "docs/writing-plugins.md": {
        "councilkit plugins": (0, "parish councilkit-parish"),
        "councilkit councils": (0, "compton-parish Compton Parish Council"),
        # the guide's ashby plugin is not installed here: only the parish councils are read
        "COUNCILKIT_LOAD_PLUGINS=parish,ashby councilkit validate": (0, "1 council file checked: 0 error(s)"),
    },
}


def _each(expected: Expect | list[Expect]) -> list[Expect]:
    return expected if isinstance(expected, list) else [expected]


def documented_commands(path: Path) -> list[str]:
    """The commands of ``path``'s ```sh blocks, comments dropped, continued lines joined."""
    out: list[str] = []
    for block in re.findall(r"^```sh\n(.*?)^```", path.read_text("utf-8"), re.S | re.M):
        pending = ""
        for raw in block.splitlines():
            line = pending + (raw.lstrip() if pending else raw)
            if line.rstrip().endswith("\\"):
                pending = line.rstrip()[:-1].rstrip() + " "
                continue
            pending = ""
            command = _without_comment(line).strip()
            if command:
                out.append(command)
    return out


def _without_comment(line: str) -> str:
    quote = ""
    for i, char in enumerate(line):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i]
    return line


def documents() -> list[Path]:
    root = DOCS.parent
    return [root / "README.md", *sorted(DOCS.glob("*.md"))]


def _name(path: Path) -> str:
    return str(path.relative_to(DOCS.parent))


def _opens_the_ui(command: str) -> bool:
    from councilkit.cli import COMMANDS

    words = shlex.split(command)
    if words[:2] == ["uv", "run"]:
        words = words[2:]
    words = [w for w in words if "=" not in w or w.startswith("-")]  # VAR=value before the program
    if not words or words[0] != "councilkit":
        return False
    rest, i = words[1:], 0
    while i < len(rest):
        if rest[i] in ("--demo", "--json"):
            i += 1
        elif rest[i].startswith("--") and "=" not in rest[i]:
            i += 2
        elif rest[i] == "tui":
            return True
        else:
            return rest[i] not in COMMANDS and rest[i] not in ("--help", "-h", "--version")
    return True


PRELUDE = """\
set -o pipefail
uv() { if [ "$1" = run ]; then shift; UV=/usr/local/bin/uv "$@"; else echo "uv $1: not run by this test" >&2; return 127; fi; }
"""


@attrs.define
class Session:
    """One document's shell session: its home, its environment and folder, carried from command to command."""

    home: Path
    env: dict[str, str]
    cwd: Path

    @classmethod
    def start(cls, scratch: Path) -> Session:
        home = scratch / "home"
        home.mkdir(parents=True)
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("COUNCILKIT_", "XDG_", "UV", "VIRTUAL_ENV")) and k not in ("COLUMNS", "LINES")}
        env |= {"HOME": str(home), "PATH": f"{RUN}{os.pathsep}{os.environ.get('PATH', '')}",
                "COUNCILKIT_TODAY": "2026-11-23", "TERM": "xterm-256color", "LANG": "C.UTF-8"}
        return cls(home, env, home)

    def script(self, command: str, state: Path) -> str:
        command = command.replace("/srv/", f"{self.home.parent}/srv/")
        return (PRELUDE + command + f"\n__status=$?\nenv -0 > {state}/env\npwd > {state}/pwd\nexit $__status\n")

    def carry(self, state: Path) -> None:
        if (state / "env").exists():
            pairs = (state / "env").read_bytes().split(b"\0")
            self.env = dict(p.decode().split("=", 1) for p in pairs if b"=" in p)
            self.cwd = Path((state / "pwd").read_text().strip())

    def run(self, command: str, tmp: Path) -> tuple[int, str]:
        state = tmp / "state"
        state.mkdir(exist_ok=True)
        result = subprocess.run(["bash", "-c", self.script(command, state)], cwd=self.cwd, env=self.env,
                                capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL)
        self.carry(state)
        return result.returncode, result.stdout + result.stderr

    def run_ui(self, command: str, tmp: Path, expect: str) -> tuple[int, str]:
        """A command that opens the terminal UI, on a pseudo-terminal; ctrl+q once ``expect`` is on screen."""
        import fcntl
        import pty
        import select
        import struct
        import termios
        import time

        state = tmp / "state"
        state.mkdir(exist_ok=True)
        pid, fd = pty.fork()
        if pid == 0:  # pragma: no cover - the child
            os.chdir(self.cwd)
            os.execvpe("bash", ["bash", "-c", self.script(command, state)], self.env)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", *TUI_SIZE, 0, 0))
        raw, asked, start = b"", 0.0, time.monotonic()
        while time.monotonic() - start < 90:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                raw += chunk
            if expect in _screen(raw) and time.monotonic() - asked > 1.5:
                os.write(fd, b"\x11")  # ctrl+q
                asked = time.monotonic()
        else:
            os.kill(pid, 9)
        _, status = os.waitpid(pid, 0)
        os.close(fd)
        self.carry(state)
        return os.waitstatus_to_exitcode(status), _screen(raw)


def _screen(raw: bytes) -> str:
    text = re.sub(rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78])", b" ", raw)
    return " ".join(text.decode("utf-8", "replace").split())


#: what a document assumes is there before its first command (files a reader would have)
def _prepare(name: str, session: Session) -> None:
    if name == "docs/importing.md":
        shutil.copy(SEED, session.home / "protocol.txt")  # "1. Save the protocol as text"
    if name == "docs/setup.md":
        _public_key(session.home / "kim.pub", "kim@laptop")  # the public key Kim sends
    if name == "docs/registers.md":  # the spreadsheet the document shows, saved as gifts.csv
        (block,) = re.findall(r"^```csv\n(.*?)^```", (DOCS / "registers.md").read_text("utf-8"), re.S | re.M)
        (session.home / "gifts.csv").write_text(block, "utf-8")
    if name == "docs/serving.md":
        for command in ("councilkit init compton-parish", 'councilkit people add "Ann Other" --login ann'):
            code, out = session.run(command, session.home.parent)
            assert code == 0, (command, out)
        _public_key(session.home / "ann.pub", "ann@laptop")


def _public_key(path: Path, comment: str) -> None:
    """A new ed25519 public key in OpenSSH's one-line form, as a clerk would send it."""
    import asyncssh

    key = asyncssh.generate_private_key("ssh-ed25519", comment=comment)
    path.write_bytes(key.export_public_key())


def test_every_documented_command_has_an_expectation_and_each_expectation_a_command() -> None:
    missing, stale = [], []
    for path in documents():
        name = _name(path)
        commands = [c for c in documented_commands(path) if c not in NOT_RUN]
        expected = EXPECTED.get(name, {})
        missing += [f"{name}: {c}" for c in commands if c not in expected]
        stale += [f"{name}: {c}" for c in expected if c not in commands]
        stale += [f"{name}: {c} is given {commands.count(c)} times, with {len(_each(e))} expectation(s)"
                  for c, e in expected.items() if c in commands and len(_each(e)) != commands.count(c)]
    everything = {c for p in documents() for c in documented_commands(p)}
    stale += [f"NOT_RUN: {c}" for c in NOT_RUN if c not in everything]
    assert not missing, "documented commands with no expectation in EXPECTED:\n" + "\n".join(missing)
    assert not stale, "expectations that do not match the documents' commands:\n" + "\n".join(stale)


@pytest.mark.parametrize("name", [_name(p) for p in documents() if documented_commands(p)])
def test_every_documented_command_works_as_written(name: str, tmp_path: Path) -> None:
    session = Session.start(tmp_path)
    _prepare(name, session)
    expectations = {c: list(_each(e)) for c, e in EXPECTED.get(name, {}).items()}
    failures = []
    for command in documented_commands(DOCS.parent / name):
        if command in NOT_RUN:
            continue
        code, text = expectations[command].pop(0) if expectations.get(command) else (0, "")
        text = text.replace("{login}", login_name()).replace("{home}", str(session.home))
        if _opens_the_ui(command):
            got, output = session.run_ui(command, tmp_path, text)
        else:
            got, output = session.run(command, tmp_path)
        output = " ".join(output.split())
        assert "Traceback" not in output, (command, output)
        if os.environ.get("COUNCILKIT_DOCS_SHOW"):
            print(f"\n$ {command}\n[{got}] {output[:600]}")
        if got != code or text not in output:
            failures.append(f"$ {command}\n  expected exit {code} and {text!r}\n  got exit {got}: {output[:800]}")
    assert not failures, f"{name}: commands that do not work as written:\n" + "\n".join(failures)
