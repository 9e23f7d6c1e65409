"""The words the terminal UI takes from councilkit.present.words (the command line may use them too)."""

from __future__ import annotations

import datetime as dt

from councilkit.present.words import due_words, fact_words, sentence
from councilkit.routing import add_working_days


def test_a_refusal_reads_as_a_whole_sentence() -> None:
    assert sentence("only the handler (Richard Bell) may") == "Only the handler (Richard Bell) may."
    assert sentence("Nothing was written.") == "Nothing was written."
    assert sentence("") == ""


def test_facts_are_named_by_their_descriptions(councils: dict) -> None:
    council = councils["principal-council"]
    assert fact_words(council, "contact_out_of_hours", ["urgent", "prior_arrangement"]) == [
        "the matter is of genuine importance or urgency", "it was arranged beforehand"]
    assert fact_words(council, "contact_out_of_hours", ["no_such_fact"]) == ["no such fact"]


def test_a_due_date_is_said_once_with_where_it_stands() -> None:
    deadline = add_working_days(dt.date(2026, 11, 2), 5, "england")
    words = due_words(deadline, dt.date(2026, 11, 23))
    assert words.endswith("due Mon 9 Nov 2026 (OVERDUE by 10 working days)")
    assert due_words(deadline, dt.date(2026, 11, 4)).endswith("due Mon 9 Nov 2026 (in 3 working days)")
