"""A picture of the review screen at 80x24: one proposal of a real import, in plain words, with the progress.

Taken as ``test_snapshots.py`` takes its pictures: the demo store on the fixed date, cursors that do not blink,
every worker done.  The file is imported by the real importer from the small protocol ``test_review.py``
reviews, so a change in what the importer proposes for it shows here too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from councilkit.importer import import_text
from councilkit_tui.app import CouncilkitApp
from councilkit_tui.screens.review import ReviewScreen
from councilkit_tui.testing import settle

#: the protocol test_review.py reviews
PROTOCOL = (Path(__file__).parent / "ashby-protocol.txt").read_text("utf-8")


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
