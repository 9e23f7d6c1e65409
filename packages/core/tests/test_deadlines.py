"""Working-day deadlines for each UK nation, with their working shown."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import councilkit
from councilkit.model import Step
from councilkit.routing import (
    DeadlineError,
    add_working_days,
    bank_holidays,
    days_for,
    working_days_before,
    working_days_between,
)

D = dt.date
MONDAY = D(2026, 11, 23)  # the tests' today


def test_five_working_days_skip_the_weekend() -> None:
    deadline = add_working_days(MONDAY, 5, "england")
    assert deadline.due == D(2026, 11, 30)
    assert deadline.weekends == (D(2026, 11, 28), D(2026, 11, 29))
    assert deadline.holidays == ()
    assert deadline.working() == ("5 working days from Mon 23 Nov 2026; skipping 2 weekend days "
                                  "(Sat 28 Nov, Sun 29 Nov): due Mon 30 Nov 2026")


def test_st_andrews_day_moves_a_scottish_deadline_but_not_an_english_one() -> None:
    england = add_working_days(MONDAY, 5, "england")
    scotland = add_working_days(MONDAY, 5, "scotland")
    assert england.due == D(2026, 11, 30)
    assert scotland.due == D(2026, 12, 1)
    assert [(s.day, s.why) for s in scotland.holidays] == [(D(2026, 11, 30), "Saint Andrew's Day")]
    assert "Scotland bank holiday (Mon 30 Nov Saint Andrew's Day)" in scotland.working()


def test_christmas_and_boxing_day_observed() -> None:
    deadline = add_working_days(D(2026, 12, 21), 5, "wales")
    # Tue 22, Wed 23, Thu 24, (Fri 25 Christmas, Sat 26 Boxing Day, Sun 27, Mon 28 observed), Tue 29, Wed 30
    assert deadline.due == D(2026, 12, 30)
    assert [s.day for s in deadline.holidays] == [D(2026, 12, 25), D(2026, 12, 28)]
    assert D(2026, 12, 26) in deadline.weekends
    assert "England and Wales bank holidays" in deadline.working()


def test_northern_ireland_has_its_own_holidays() -> None:
    assert add_working_days(D(2027, 3, 16), 1, "northern_ireland").due == D(2027, 3, 18)  # St Patrick's Day
    assert add_working_days(D(2027, 3, 16), 1, "england").due == D(2027, 3, 17)
    ni = bank_holidays("northern_ireland", [2026])
    assert "Battle of the Boyne" in ni.values()
    assert "Battle of the Boyne" not in bank_holidays("england", [2026]).values()
    assert D(2026, 1, 2) in bank_holidays("scotland", [2026]) and D(2026, 1, 2) not in bank_holidays("england", [2026])


def test_overdue_is_flagged_after_the_due_day_only() -> None:
    deadline = add_working_days(MONDAY, 5, "england")
    assert not deadline.overdue(D(2026, 11, 30))
    assert deadline.status(D(2026, 11, 30)) == "due today"
    assert deadline.status(D(2026, 11, 24)) == "due in 4 working days"
    assert deadline.overdue(D(2026, 12, 1))
    assert deadline.status(D(2026, 12, 2)) == "OVERDUE by 2 working days"


def test_a_deadline_as_json_names_the_days_it_skipped() -> None:
    from councilkit.present.json import unstructure

    assert unstructure(add_working_days(D(2026, 12, 22), 3, "england")) == {
        "start": "2026-12-22", "days": 3, "nation": "england", "due": "2026-12-29", "source": "",
        "weekends_skipped": ["2026-12-26", "2026-12-27"],
        "bank_holidays_skipped": [{"date": "2026-12-25", "why": "Christmas Day"},
                                  {"date": "2026-12-28", "why": "Boxing Day (observed)"}],
        "working": "3 working days from Tue 22 Dec 2026; skipping 2 weekend days (Sat 26 Dec, Sun 27 Dec) and "
                   "England and Wales bank holidays (Fri 25 Dec Christmas Day, Mon 28 Dec Boxing Day (observed)): "
                   "due Tue 29 Dec 2026"}


def test_zero_days_is_due_the_same_day() -> None:
    assert add_working_days(MONDAY, 0, "england").due == MONDAY


def test_working_days_back_and_between_agree() -> None:
    start = working_days_before(D(2026, 12, 30), 5, "england")
    assert add_working_days(start, 5, "england").due == D(2026, 12, 30)
    assert working_days_between(MONDAY, D(2026, 11, 30), "england") == 5
    assert working_days_between(MONDAY, MONDAY, "england") == 0


@pytest.mark.parametrize("days", [-1, 1.5, True, 100_000])
def test_bad_numbers_of_days_are_refused(days: object) -> None:
    with pytest.raises(DeadlineError):
        add_working_days(MONDAY, days, "england")  # type: ignore[arg-type]


def test_an_unknown_nation_is_named() -> None:
    with pytest.raises(DeadlineError, match=r"unknown nation 'france'.*england, wales, scotland, northern_ireland"):
        add_working_days(MONDAY, 0, "france")


def test_the_variant_default_applies_and_a_council_step_overrides_it() -> None:
    compton = councilkit.load_council("compton-parish")
    grievance = next(s for r in compton.routes for s in r.steps if s.id == "grievance")
    assert days_for(grievance, compton.variant) == (5, "the parish variant's default for grievance")
    overridden = Step(id="grievance", procedure=("grievance",), due_days=10)
    assert days_for(overridden, compton.variant) == (10, "set by the council for this step")
    # the first procedure that has a default decides: conciliation (10) before mediation (20)
    informal = Step(id="informal", procedure=("conciliation", "mediation"))
    assert days_for(informal, compton.variant)[0] == 10
    assert days_for(Step(id="talk"), compton.variant) == (None, "")


# --- the bank holidays kept between runs -------------------------------------------------

CACHED = (
    "import json, sys; from councilkit.routing import bank_holidays, cache_path;"
    "days = bank_holidays('scotland', [2026]);"
    "print(json.dumps({'days': {d.isoformat(): n for d, n in days.items()}, 'file': str(cache_path()),"
    " 'asked_holidays': 'holidays.countries' in sys.modules}))"
)


def scottish_2026(cache: Path) -> dict[str, object]:
    env = {**os.environ, "COUNCILKIT_CACHE_DIR": str(cache)}
    result = subprocess.run([sys.executable, "-c", CACHED], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_bank_holidays_are_asked_of_holidays_once_then_read_from_the_cache(tmp_path: Path) -> None:
    import holidays

    truth = {d.isoformat(): n for d, n in sorted(holidays.country_holidays("GB", subdiv="SCT", years=2026).items())}
    first = scottish_2026(tmp_path)
    assert first["asked_holidays"] is True and first["days"] == truth
    assert "2026-11-30" in truth  # St Andrew's Day: Scotland's own
    assert Path(str(first["file"])).parent == tmp_path and Path(str(first["file"])).exists()
    second = scottish_2026(tmp_path)
    assert second["asked_holidays"] is False and second["days"] == truth


def test_a_damaged_or_unwritable_cache_only_means_asking_holidays_again(tmp_path: Path) -> None:
    first = scottish_2026(tmp_path)
    path = Path(str(first["file"]))
    for damage in ("{not json", '["a list"]', '{"scotland:2026": {"2026-01-01": 7}}'):
        path.write_text(damage, encoding="utf-8")
        again = scottish_2026(tmp_path)
        assert again["asked_holidays"] is True and again["days"] == first["days"]
        assert json.loads(path.read_text(encoding="utf-8"))["scotland:2026"] == first["days"]  # repaired
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("", encoding="utf-8")
    assert scottish_2026(blocked)["days"] == first["days"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".bank-holidays-")] == []
