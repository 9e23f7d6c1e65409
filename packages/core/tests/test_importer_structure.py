"""Structure that survives real sources: web pages, Word and PDF copies, restarted numbering, long texts.

Each document here is written the way text copied from a council's web page or a
PDF arrives: headings with no blank line around them, list numbers printed without
a space, clause numbers run into the line before, navigation and download links.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from councilkit.councilfile import read_council_text
from councilkit.importer import DocumentTooLargeError, ImportResult, import_file, import_text
from councilkit.importer.headings import slug
from councilkit.importer.source import MAX_BYTES


def imp(text: str, variant: str = "parish") -> ImportResult:
    result = import_text(textwrap.dedent(text), council_id="web-council", name="Web Parish Council",
                         variant=variant, nation="england", file="page.txt")
    council, problems = read_council_text(result.toml, "web-council.toml")
    assert council is not None, [str(p) for p in problems if p.is_error]
    return result


def words(text: str) -> list[str]:
    return text.split()


def test_web_furniture_is_dropped_and_reported() -> None:
    result = imp("""\
        Skip to content

        Member/Officer Protocol

        IN THIS ARTICLE

        1. Introduction

        1.1 This protocol guides councillors and the Clerk in their dealings with one another.

        Download (12KB)

        1.2 It is read with the Code of Conduct.

        Share this page
        """)
    texts = [c.heading or "" for c in result.council.protocol.clauses] + \
        [c.text for c in result.council.protocol.clauses]
    for furniture in ("Skip to content", "IN THIS ARTICLE", "Download (12KB)", "Share this page"):
        assert not any(furniture in t for t in texts), furniture
        assert furniture in [d.text for d in result.report.dropped], furniture
    assert [c.id for c in result.council.protocol.clauses] == ["1", "1.1", "1.2"]


def test_a_capitals_heading_with_no_blank_line_is_not_glued_into_the_clause_above() -> None:
    result = imp("""\
        1.4 This protocol will be reviewed every four years by Full Council.
        ROLES OF COUNCILLORS AND THE CLERK
        The appendix sets out what each role does.
        COUNCILLORS
        2.1 Councillors have four main areas of responsibility.
        """)
    council = result.council
    assert council.clause("1.4").text == "This protocol will be reviewed every four years by Full Council."
    headings = [c.heading for c in council.protocol.clauses if c.heading]
    assert "ROLES OF COUNCILLORS AND THE CLERK" in headings and "COUNCILLORS" in headings
    # 2.1 has no clause 2 above it: it sits in the section it is printed under
    assert council.clause("2.1").parent == "councillors"
    assert "The appendix sets out what each role does." in \
        council.clause("roles-of-councillors-and-the-clerk.p1").text


def test_a_list_number_printed_without_its_space() -> None:
    result = imp("""\
        1 The Roles of Councillors and Officers

        (1)Councillors are elected and represent their residents.

        (2) Officers are employed by and serve the whole Council.
        """)
    council = result.council
    assert council.clause("1(1)").text == "Councillors are elected and represent their residents."
    assert council.clause("1(2)").text == "Officers are employed by and serve the whole Council."


def test_a_clause_number_run_into_the_line_before_starts_its_own_clause() -> None:
    result = imp("""\
        1. Introduction

        1.1 The purpose of this protocol is to guide councillors. 1.2 This protocol covers the roles of each.
        1.3 It is reviewed every year. The fund holds 1.5 million pounds.
        """)
    council = result.council
    assert council.clause("1.1").text == "The purpose of this protocol is to guide councillors."
    assert council.clause("1.2").text == "This protocol covers the roles of each."
    assert council.clause("1.3").text == "It is reviewed every year. The fund holds 1.5 million pounds."


def test_numbering_that_restarts_under_a_new_heading_takes_the_headings_name() -> None:
    result = imp("""\
        1. Scope

        1.1 This protocol guides councillors and officers.

        2. Concerns

        2.1 A concern goes to the Clerk.

        Appendix A Complaints Procedure

        1. A complaint is made in writing to the Clerk.

        2. A complaint about the Clerk is made to the Chairman.
        """)
    got = [c.id for c in result.council.protocol.clauses]
    assert got == ["1", "1.1", "2", "2.1", "appendix-a-complaints-procedure",
                   "appendix-a-complaints-procedure.1", "appendix-a-complaints-procedure.2"]
    assert result.council.clause("appendix-a-complaints-procedure.2").parent == "appendix-a-complaints-procedure"
    assert not any("-2" in c for c in got)


def test_a_web_list_that_prints_every_item_as_1() -> None:
    result = imp("""\
        Protocol

          1. Councillors are responsible to the electorate.

          1. Council business is done better with mutual respect.

          1. Formal disciplinary action is started only by the Council.
        """)
    assert [c.id for c in result.council.protocol.clauses] == ["1", "2", "3"]
    assert [c.display_label for c in result.council.protocol.clauses] == ["1.", "1.", "1."]
    assert any("printed again" in f.message for f in result.report.needs if f.topic == "numbering")


def test_every_word_of_a_web_page_is_kept_in_order() -> None:
    text = """\
        Skip to content

        Councillor Protocol

        Review Date February 2020

        A Councillor is part of the corporate body that makes decisions for the parish.
        ROLE PURPOSE
        To represent the views of the whole community.

        • Engage, consult and listen to the views of the whole community.
        • Identify issues which are important to the parishioners.

        1. Councillors must not instruct the Clerk. 1.1 The Clerk answers to the Council as a whole.
        (1)Members should raise any concern about the Clerk with the Chairman.
        """
    result = imp(text)
    out = []
    for c in result.council.protocol.clauses:
        out += words(c.heading or "") + words(c.text)
    dropped = {d.text for d in result.report.dropped}
    front = {"Councillor Protocol", "Review Date February 2020"}  # the title and the record
    source = [w for line in textwrap.dedent(text).splitlines()
              if line.strip() not in dropped and line.strip() not in front for w in line.split()]
    labels = {"1.", "1.1", "•"}
    assert [w.removeprefix("(1)") for w in source if w not in labels] == out
    assert "Skip to content" in dropped


@pytest.mark.parametrize("shape", ["one-long-sentence", "no-full-stops"])
def test_a_long_unpunctuated_text_imports(shape: str) -> None:
    """Text with no full stop for thousands of words (a table run together) is read once, not
    sentence by sentence against every role named in it."""
    sentence = "Members should not seek to influence the Clerk in any matter relating to staff"
    body = (". " if shape == "one-long-sentence" else " and ").join([sentence] * 3000)
    result = imp(f"1. Scope {body}.\n")
    assert result.council.clause("1").text == f"Scope {body}."


def test_a_file_over_the_size_limit_is_refused_with_no_file_written(tmp_path: Path) -> None:
    big = tmp_path / "constitution.txt"
    big.write_text("1. Scope\n\n" + ("word " * (MAX_BYTES // 5 + 10)), encoding="utf-8")
    with pytest.raises(DocumentTooLargeError, match=r"constitution\.txt: the text is 5\.0 MB; the import reads "
                       r"at most 5 MB"):
        import_file(big, council_id="big", name="Big Parish Council", variant="parish", nation="england")


def test_headings_in_sentence_case_and_as_questions_on_their_own_line() -> None:
    result = imp("""\
        Complaints Procedure

        How to make a complaint

        Complaints should be made in writing to the Clerk.

        What happens next?

        The Clerk acknowledges every complaint within five working days.
        """)
    headings = [c.heading for c in result.council.protocol.clauses if c.heading]
    assert headings == ["How to make a complaint", "What happens next?"]


def test_a_column_of_short_phrases_is_text_not_headings() -> None:
    """A two-column table copied as text: short phrases with nothing that says a sentence after them."""
    result = imp("""\
        Role of the Clerk and Councillors

        Role of the councillor

        Agreeing a budget

        Preparation of budget

        Making policy decisions

        Ensure the Parish Council has policies and carries them out.
        """)
    headings = [c.heading for c in result.council.protocol.clauses if c.heading]
    assert "Agreeing a budget" not in headings and "Preparation of budget" not in headings


def test_a_web_page_with_one_paragraph_a_line() -> None:
    result = imp("""\
        Dignity at Work Policy
        Ashby Parish Council believes that civility and respect are important in the working environment.
        Purpose
        Ashby Parish Council is committed to a working environment where all are treated with dignity.
        This document:
        • explains how we will respond to complaints of bullying;
        • ensures that we respond promptly.
        Scope
        Should the complaint be about the Chair of the Council the complaint should be raised to the Vice Chair.
        """)
    headings = [c.heading for c in result.council.protocol.clauses if c.heading]
    assert headings == ["Purpose", "Scope"]


def test_a_record_line_the_reader_cannot_take_apart_is_kept_out_of_the_clauses() -> None:
    result = imp("""\
        Grievance Policy

        1. Introduction

        1.1 This policy applies to every employee of the Council.

        Review 09.25

        1.2 It is reviewed every two years.
        """)
    assert "Review 09.25" in [d.text for d in result.report.dropped]
    assert all("09.25" not in (c.heading or "") + c.text for c in result.council.protocol.clauses)


def test_an_adoption_line_in_words_is_read() -> None:
    result = imp("""\
        Grievance Policy & Procedure

        Adopted and Approved at the Meeting of the Parish Council on Monday 2nd November 2015

        1. Policy Statement

        1.1 The Council recognises that employees may feel aggrieved.
        """)
    import datetime as dt

    assert result.council.protocol.adopted == dt.date(2015, 11, 2)


def test_a_titled_page_of_paragraphs_is_cut_by_position() -> None:
    result = imp("""\
        You are here: Home | Councillors

        The role of a town clerk

        » View pages in this section

        The clerk is employed by the Council and is often the Responsible Financial Officer.

        As the Council's Proper Officer, the clerk has a duty to sign summonses and attend meetings.

        The clerk is the first line of contact and should act in a professional manner.
        """, variant="town")
    clauses = result.council.protocol.clauses
    assert (clauses[0].id, clauses[0].heading) == ("the-role-of-a-town-clerk", "The role of a town clerk")
    assert [c.id for c in clauses[1:]] == ["the-role-of-a-town-clerk.p1", "the-role-of-a-town-clerk.p2",
                                         "the-role-of-a-town-clerk.p3"]
    assert "» View pages in this section" in [d.text for d in result.report.dropped]


def test_paragraphs_under_a_title_alone_are_clauses_by_position() -> None:
    result = imp("""\
        Member and Officer Protocol

        Councillors and officers work together for the whole community.

        Officers give advice to councillors and carry out the Council's decisions.

        Councillors must not instruct officers outside a meeting.
        """)
    assert [c.id for c in result.council.protocol.clauses] == ["preamble", "preamble.p1", "preamble.p2"]


def test_a_heading_before_an_empty_list_item_at_the_end() -> None:
    # a page cut off after "Officer's Advice" and a bare "(a)": the heading is kept, nothing is lost
    result = imp("Title of the protocol\n\n1. Officers should\n\nEqually o\n\nOfficer's Advice\n(a) \n")
    clauses = result.council.protocol.clauses
    assert [(c.heading, c.text) for c in clauses] == [(None, "Officers should Equally o"),
                                                     ("Officer's Advice", "")]


def test_ids_from_long_or_accented_headings_are_short_plain_names() -> None:
    result = imp("Dunston Parish Council Grievance Policy Accepted October 2021 Review October 2024\n\n"
                 "Rôle du Conseil\n\nThe Council\u200f employs the Clerk.\n\nThe Clerk advises the Council.\n")
    ids = [c.id for c in result.council.protocol.clauses]
    assert ids[0] == "role-du-conseil"
    assert all(len(i) <= 64 and i.isascii() for i in ids), ids
    assert "\u200f" not in result.toml  # a direction mark in a web copy is left out
    assert slug("Dunston Parish Council Grievance Policy Accepted October 2021 Review October 2024") == \
        "dunston-parish-council-grievance-policy-accepted"
