"""A picture of the review screen at 80x24: one proposal of a real import, in plain words, with the progress.

Taken as ``test_snapshots.py`` takes its pictures: the demo store on the fixed date, cursors that do not blink,
every worker done.  The file is imported by the real importer from the small protocol ``test_review.py``
reviews, so a change in what the importer proposes for it shows here too.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from councilkit.importer import import_text
from councilkit_tui.app import CouncilkitApp
from councilkit_tui.screens.review import ReviewScreen
from councilkit_tui.testing import settle

#: the protocol test_review.py reviews (tests are imported as files, so it is written out again here)
PROTOCOL = textwrap.dedent("""\
    Member/Officer Protocol

    1. Conduct

    1.1 Unless the Council agrees otherwise, members must not lobby officers on budgetary matters.

    1.2 Councillors should not seek to elicit advice from officers to undermine the Council.

    1.3 The Clerk is the Council's chief officer and manages its staff.

    1.4 Members should never hold officers to ransom over their [Draft] recommendations.
    """)


def test_review_of_an_import(snap_compare: Any, demo_db: Path, tmp_path: Path) -> None:
    result = import_text(PROTOCOL, council_id="ashby-parish", name="Ashby Parish Council", variant="parish",
                         nation="england", file="protocol.txt")
    path = tmp_path / "ashby-parish.toml"
    path.write_text(result.toml, encoding="utf-8")
    app = CouncilkitApp(council_id="compton-parish", db=demo_db, demo=True, login="clerk", blink=False)

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await app.push_screen(ReviewScreen(path))
        await settle(pilot)
        app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
