"""Importing a protocol from its text: numbering, headings, furniture, records, roles, proposed norms.

Each test imports a small document written the way real protocols are, and checks
what a clerk would see in the council file or the report.
"""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from councilkit.councilfile import read_council_text
from councilkit.errors import UnknownNameError
from councilkit.importer import (
    EmptyDocumentError,
    ImportArgumentError,
    ImportInputError,
    ImportResult,
    NoStructureError,
    NotTextError,
    NotUtf8Error,
    import_file,
    import_text,
)
from councilkit.importer.library import Library
from councilkit.importer.source import decode


def imp(text: str, variant: str = "parish", **options: str) -> ImportResult:
    result = import_text(textwrap.dedent(text), council_id="test-council", name="Test Parish Council",
                         variant=variant, nation="england", file="protocol.txt", **options)
    # whatever the import returns loads as a council, with no errors
    council, problems = read_council_text(result.toml, "test-council.toml")
    assert council is not None, [str(p) for p in problems if p.is_error]
    return result


def ids(result: ImportResult) -> list[str]:
    return [c.id for c in result.council.protocol.clauses]


def clause(result: ImportResult, clause_id: str):  # type: ignore[no-untyped-def]
    return result.council.clause(clause_id)


def needs(result: ImportResult, topic: str) -> list[str]:
    return [f.message for f in result.report.needs if f.topic == topic]


# --- numbering -------------------------------------------------------------------------------


def test_decimal_numbering_in_every_printed_form() -> None:
    result = imp("""\
        1. Scope

        - 1.1 This protocol guides councillors and officers.
        - **1.2** It is read with the Code of Conduct.

        2 Roles

        2.1 Councillors set policy.
        2.1.1 They do so in meetings.
        2.1.2 And in committees.
        2.2. Officers carry it out.
        """)
    assert ids(result) == ["1", "1.1", "1.2", "2", "2.1", "2.1.1", "2.1.2", "2.2"]
    assert clause(result, "1").label == "1." and clause(result, "1").heading == "Scope"
    assert clause(result, "2").display_label == "2" and clause(result, "2").heading == "Roles"
    assert clause(result, "1.2").text == "It is read with the Code of Conduct."
    assert clause(result, "2.2").label == "2.2."
    assert clause(result, "2.1.2").parent == "2.1"
    assert needs(result, "numbering") == []


def test_lettered_roman_and_full_items() -> None:
    result = imp("""\
        3 Expectations

        3.1 Councillors can expect:
        a) a working partnership;
        (b) timely answers:
          (i) to letters;
          (ii) to emails;
        c. respect.

        3.2 Officers can expect:
        i. courtesy;
        ii. support.

        3.3(a) Printed with its clause number.
        """)
    assert ids(result) == ["3", "3.1", "3.1(a)", "3.1(b)", "3.1(b)(i)", "3.1(b)(ii)", "3.1(c)",
                           "3.2", "3.2(i)", "3.2(ii)", "3.3(a)"]
    assert [clause(result, i).label for i in ("3.1(a)", "3.1(b)", "3.1(b)(i)", "3.1(c)", "3.2(ii)")] == \
        ["a)", "(b)", "(i)", "c.", "ii."]
    assert clause(result, "3.1(b)(ii)").parent == "3.1(b)"
    assert clause(result, "3.3(a)").parent == "3"  # no 3.3 printed: the nearest clause above


def test_i_after_h_is_a_letter_and_a_capital_i_after_k_is_read_as_l() -> None:
    letters = "abcdefghijk"
    lines = "\n".join(f"{c}) Item {c}." for c in letters)
    result = imp(f"1. Things\n\n1.1 A list:\n{lines}\nI) Item l.\nm) Item m.\n")
    assert ids(result)[-3:] == ["1.1(k)", "1.1(l)", "1.1(m)"]
    assert "1.1(i)" in ids(result)
    assert clause(result, "1.1(l)").label == "I)"
    assert any("I) is read as l)" in m for m in needs(result, "numbering"))


def test_bullets_keep_their_printed_mark_and_number_under_their_clause() -> None:
    result = imp("""\
        2.1 Councillors have four areas of responsibility:

        · To determine policy;
        · To monitor performance;

        2.2 Officers:
        - advise;
        * implement;
        • report.
        """)
    assert ids(result) == ["2.1", "2.1.b1", "2.1.b2", "2.2", "2.2.b1", "2.2.b2", "2.2.b3"]
    assert [clause(result, f"2.1.b{n}").label for n in (1, 2)] == ["·", "·"]
    assert [clause(result, f"2.2.b{n}").label for n in (1, 2, 3)] == ["•", "•", "•"]
    assert clause(result, "2.1.b2").text == "To monitor performance;"


def test_a_number_alone_on_its_line_before_its_heading_and_text() -> None:
    result = imp("""\
        1.
        Background

        1.1
        This protocol helps.

        2.
        Roles
        2.1
        Chair and Vice-Chair
        The Chair leads the meeting.

        2.2
        Officers
        The role of officers is to advise.

        They also implement decisions.
        """)
    assert ids(result) == ["1", "1.1", "2", "2.1", "2.2"]
    assert (clause(result, "1").heading, clause(result, "1").text) == ("Background", "")
    assert clause(result, "1.1").text == "This protocol helps."
    assert clause(result, "2.1").heading == "Chair and Vice-Chair"
    assert clause(result, "2.2").text == "The role of officers is to advise.\n\nThey also implement decisions."


def test_unnumbered_headings_with_paragraphs_and_a_preamble() -> None:
    result = imp("""\
        Good relations between members and officers matter.

        Role of Members

        Members are responsible to the electorate.

        Group Briefings

        Political groups may ask for briefings.

        In relation to budget proposals:

        (a) The Leader is entitled to information;
        (b) Opposition groups are too.

        Officers must not be assumed to support a policy.
        """)
    assert ids(result) == ["preamble", "role-of-members", "role-of-members.p1", "group-briefings",
                           "group-briefings.p1", "group-briefings.p2", "group-briefings.p2(a)",
                           "group-briefings.p2(b)", "group-briefings.p3"]
    assert clause(result, "group-briefings").heading == "Group Briefings"
    assert clause(result, "group-briefings").label == ""
    assert clause(result, "preamble").label == "" and clause(result, "role-of-members.p1").label == ""
    assert clause(result, "group-briefings.p2(a)").parent == "group-briefings.p2"


def test_paragraphs_that_alternate_with_lists_become_numbered_paragraphs() -> None:
    result = imp("""\
        4 Expectations

        What members can expect:

        - Respect
        - Courtesy

        What officers can expect:

        - Leadership
        """)
    assert ids(result) == ["4", "4.p1", "4.p1.b1", "4.p1.b2", "4.p2", "4.p2.b1"]
    assert clause(result, "4.p2").text == "What officers can expect:"


def test_run_in_headings_are_kept_and_flagged() -> None:
    result = imp("""\
        4. IF THINGS GO WRONG

        4.1 Procedure for officers From time to time the relationship may become strained.
        4.2 **Procedure for Councillors** In the event of a concern, speak to the Clerk.
        4.3 **Chairmen of Committees** have additional responsibilities.
        4.4 Scope: This applies to every member of staff.
        """)
    assert clause(result, "4.1").heading == "Procedure for officers"
    assert clause(result, "4.1").text == "From time to time the relationship may become strained."
    assert clause(result, "4.2").heading == "Procedure for Councillors"
    assert clause(result, "4.3").heading is None  # bold, then lower case: emphasis, not a heading
    assert clause(result, "4.3").text == "Chairmen of Committees have additional responsibilities."
    assert clause(result, "4.4").heading == "Scope"
    flagged = {f.clause for f in result.report.needs if f.topic == "heading"}
    assert flagged == {"4.1", "4.2", "4.4"}


def test_gaps_repeats_and_numbers_in_running_text() -> None:
    result = imp("""\
        9. Media Relations

        9.2 The Clerk will assist members with the media, and the budget is
        1.5 million pounds a year.

        9.2 A second clause printed with the same number.

        25 members attend each year.
        """)
    assert ids(result) == ["9", "9.2", "9.2-2"]
    assert "25 members attend each year." in clause(result, "9.2-2").text
    assert clause(result, "9.2").text.endswith("the budget is 1.5 million pounds a year.")
    numbering = needs(result, "numbering")
    assert any("9.2 follows 9: there is no 9.1" in m for m in numbering)
    assert any("9.2 is used twice" in m for m in numbering)


def test_a_number_with_nothing_printed_is_left_out_and_reported() -> None:
    result = imp("1. Scope\n\n1.1 Text.\n\n1.2\n\n2. Next\n\n2.1 More text.\n")
    assert "1.2" not in ids(result)
    assert any("1.2" in m and "no heading and no text" in m for m in needs(result, "placing"))


# --- text ------------------------------------------------------------------------------------


def test_text_is_verbatim_apart_from_markup_and_spacing() -> None:
    result = imp("""\
        1. Scope

        1.1 Councillors  and officers   work *together*; each other’s roles &amp; the Council\u00a0matter.
        1.2 Adopted on 15<sup>th</sup> June.
        """)
    assert clause(result, "1.1").text == "Councillors and officers work together; each other’s roles & the Council matter."
    assert clause(result, "1.2").text == "Adopted on 15th June."


def test_a_sentence_cut_by_a_page_break_is_joined() -> None:
    result = imp("""\
        1. Scope

        1.1 Members should be careful not to prejudice the

        Council's position in employment matters.

        1.2 Issues may affect a single Ward but others may have a wider impact,

        in which case numerous members will need to be kept informed.

        1.3 Officers serve the whole council.

        Members must recognise this.
        """)
    assert clause(result, "1.1").text == "Members should be careful not to prejudice the Council's position in employment matters."
    assert clause(result, "1.2").text == ("Issues may affect a single Ward but others may have a wider impact, "
                                          "in which case numerous members will need to be kept informed.")
    assert clause(result, "1.3").text == "Officers serve the whole council.\n\nMembers must recognise this."
    assert [c for c, _ in result.report.joined] == ["1.1", "1.2"]


def test_lines_of_one_paragraph_run_on_or_keep_their_breaks() -> None:
    result = imp("""\
        1. Scope

        1.1 This protocol is intended to assist councillors and
        officers in their work.

        Background Papers: Code of Conduct (2012)
        Governance Toolkit (2009)
        """)
    assert clause(result, "1.1").text == "This protocol is intended to assist councillors and officers in their work."
    assert clause(result, "background-papers").heading == "Background Papers"
    assert clause(result, "background-papers").text == "Code of Conduct (2012)\nGovernance Toolkit (2009)"


def test_markdown_headings_setext_and_atx() -> None:
    result = imp("""\
        Member/Officer Protocol
        =======================

        ## Roles of Members

        Members are responsible to the electorate.

        ### 1. SCOPE

        1.1 Text.
        """)
    assert result.council.protocol.title == "Member/Officer Protocol"
    assert ids(result) == ["roles-of-members", "roles-of-members.p1", "1", "1.1"]
    assert clause(result, "1").heading == "SCOPE"


# --- page furniture --------------------------------------------------------------------------


def test_page_numbers_running_lines_and_contents_are_dropped() -> None:
    result = imp("""\
        COMPTON PARISH COUNCIL
        Member/Officer Protocol

        Contents
        1. Scope ........ 2
        2. Roles ........ 3

        1. Scope

        1.1 This protocol applies to every member and

        Compton Parish Council - Member/Officer Protocol

        Page 2 of 3

        officer of the council.

        2

        2. Roles

        2.1 Councillors set policy.

        Compton Parish Council - Member/Officer Protocol

        - 3 -

        2.2 Officers implement it.
        """)
    assert ids(result) == ["1", "1.1", "2", "2.1", "2.2"]
    assert clause(result, "1.1").text == "This protocol applies to every member and officer of the council."
    dropped = {d.text: d.reason for d in result.report.dropped}
    assert dropped["Page 2 of 3"] == "a page number"
    assert dropped["- 3 -"] == "a page number"
    assert dropped["2"] == "a page number"
    assert dropped["1. Scope ........ 2"] == "a table of contents line"
    assert dropped["Compton Parish Council - Member/Officer Protocol"].startswith("a running line")
    for c in result.council.protocol.clauses:
        assert "Page" not in c.text and "Protocol" not in c.text


def test_a_revision_line_repeated_in_the_body_is_furniture() -> None:
    result = imp("""\
        PROTOCOL ON OFFICER AND MEMBER RELATIONSHIPS

        Reviewed and updated February 2016

        1. Introduction

        1.1 The purpose of this protocol is to guide members in the

        Reviewed and revised February 2016

        Council's work.
        """)
    assert result.council.protocol.title == "Protocol on Officer and Member Relationships"
    assert result.council.protocol.revised == "February 2016"
    assert clause(result, "1.1").text == "The purpose of this protocol is to guide members in the Council's work."
    assert [d.line for d in result.report.dropped] == [9]


def test_a_form_feed_is_a_page_break() -> None:
    result = imp("1. Scope\n\n1.1 First clause ends here.\n\f1.2 Second clause.\n")
    assert ids(result) == ["1", "1.1", "1.2"]


# --- the adoption record ---------------------------------------------------------------------


def test_a_record_table_at_the_top() -> None:
    result = imp(
        "# **Compton Parish Council**\n\n## **Member/Officer Protocol**\n\n"
        "Version number\t1.0\tMinute reference\tPER20/21-008(c)\n"
        "Adopted by\tPersonnel Committee\tReview due\tAnnually\n"
        "Date adopted\t15 <sup>th</sup> June 2020\tReview date\tMay 2021\n\n"
        "### 1. SCOPE\n\n- 1.1 Text.\n"
    )
    p = result.council.protocol
    assert (p.title, p.version, p.adopted, p.adopted_by, p.minute, p.review_months, p.review_due) == (
        "Member/Officer Protocol", "1.0", dt.date(2020, 6, 15), "Personnel Committee", "PER20/21-008(c)", 12,
        dt.date(2021, 5, 31))
    assert result.report.name_in_document == "Compton Parish Council"
    assert {r.key: r.line for r in result.report.records}["minute"] == 5


def test_records_in_sentences_and_key_value_lines() -> None:
    result = imp("""\
        Member and Officer Relations Protocol
        Version: 2.1
        Adopted by Full Council on 12 May 2021 (Minute 45/21)
        To be reviewed every two years
        Next review: March 2023

        1. Scope

        1.1 Text.
        """)
    p = result.council.protocol
    assert (p.version, p.adopted, p.adopted_by, p.minute, p.review_months, p.review_due) == (
        "2.1", dt.date(2021, 5, 12), "Full Council", "45/21", 24, dt.date(2023, 3, 31))


def test_a_record_that_cannot_be_read_is_reported() -> None:
    result = imp("Member/Officer Protocol\nDate adopted: June 2020\nVersion: 1\nVersion: 2\n\n1. Scope\n\n1.1 Text.\n")
    assert result.council.protocol.adopted is None
    metadata = needs(result, "metadata")
    assert any("June 2020" in m and "no day" in m for m in metadata)
    assert any("line 3 says '1' but line 4 says '2'" in m for m in metadata)


def test_a_numbered_title_is_a_section_of_a_larger_document() -> None:
    result = imp("8. Protocol for Member/Officer Relations\n\nGood relations matter.\n\nRole of Members\n\n"
                 "Members serve the electorate.\n", variant="principal")
    assert result.council.protocol.title == "Protocol for Member/Officer Relations"
    assert ids(result) == ["preamble", "role-of-members", "role-of-members.p1"]
    assert "section 8" in (result.council.protocol.note or "")


def test_title_option_and_missing_title() -> None:
    text = "1. Scope\n\n1.1 Text.\n"
    assert imp(text, title="Officer Protocol").council.protocol.title == "Officer Protocol"
    missing = imp(text)
    assert missing.council.protocol.title == "Member/Officer Protocol"
    assert needs(missing, "title")


# --- roles -----------------------------------------------------------------------------------


def test_role_mentions_are_mapped_and_titles_set() -> None:
    result = imp("""\
        1. Concerns

        1.1 Responsibility for this protocol lies with the Parish Clerk, who is also the RFO.
        1.2 Where the employee concerned is the Parish Clerk, the matter should be raised with the
        Chairman of the Personnel Committee.
        1.3 The Proper Officer keeps the minutes.
        """)
    council = result.council
    assert council.title("clerk") == "Parish Clerk"
    assert council.title("personnel_committee_chair") == "Chairman of the Personnel Committee"
    assert council.title("rfo") == "RFO"
    assert council.roles["clerk"].cite == ("1.1", "1.2")
    roles = {r.id: r for r in result.report.roles}
    assert roles["clerk"].count == 2
    assert any("'Proper Officer'" in m for m in needs(result, "role"))


def test_a_short_form_counts_for_the_councils_full_title() -> None:
    result = imp("1. Scope\n\n1.1 The Town Clerk advises. The Clerk decides. The Clerk reports.\n", variant="town")
    assert result.council.title("clerk") == "Town Clerk"
    assert {r.id: r.title for r in result.report.roles}["clerk"] is None  # the plugin's own title


def test_members_as_the_documents_word_for_councillors() -> None:
    result = imp("1. Members\n\n1.1 Members serve the public. Each member has one vote. Councillors vote.\n"
                 "1.2 A member of staff is not a member of the public.\n", variant="town")
    assert result.council.title("councillor") == "Member"
    roles = {r.id: r for r in result.report.roles}
    assert roles["employee"].count == 1 and roles["councillor"].count == 4  # not the member of the public


# --- proposed norms --------------------------------------------------------------------------


def test_a_norm_read_in_full_is_live_and_a_doubtful_one_is_a_comment() -> None:
    result = imp("""\
        1. Conduct

        1.1 Members must not seek to influence the appointment of Council staff.
        1.2 In the event that a Councillor is dissatisfied with the conduct of an officer, the matter
        should be raised with the Parish Clerk. Where the employee concerned is the Parish Clerk, the
        matter should be raised with the Chairman of the Personnel Committee.
        1.3 Unless the Council agrees otherwise, members must not lobby officers.
        """, library=Library([]))
    [rule] = result.council.rules
    # "the appointment of Council staff" is the action itself, done to nobody in particular: no target
    assert (rule.cite, rule.effect, rule.actor, rule.action, rule.target) == (
        ("1.1",), "forbid", "councillor", "influence_appointment", None)
    [route] = result.council.routes
    assert (route.raised_by, route.about, route.steps[0].handler) == (("councillor",), ("employee",), ("clerk",))  # "Where the employee concerned is"
    assert route.steps[0].substitute == {"clerk": "personnel_committee_chair"}
    # the condition is for a person to write: the reading is a comment, with the reason
    [doubtful] = result.report.rules
    assert (doubtful.clause, doubtful.effect, doubtful.action) == ("1.3", "forbid", "lobby")
    assert "condition" in doubtful.why
    toml = result.toml
    assert "# [[rule]]" in toml and '# action = "lobby"' in toml
    assert '# (read from "must not"; the sentence has a condition or exception' in toml
    assert "\n[[rule]]" in toml and '(read from "must not")' in toml


def test_no_proposal_without_two_roles_or_with_a_passive_verb() -> None:
    result = imp("1. Scope\n\n1.1 The protocol must be read with the Code.\n"
                 "1.2 Councillors can expect from officers a working partnership.\n"
                 "1.3 Officers must respect confidentiality.\n")
    assert result.report.rules == ()


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "error", "words"),
    [
        (b"", EmptyDocumentError, "the file is empty"),
        (b"  \n\n\t \n", EmptyDocumentError, "the file is empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", NotTextError, "PDF document"),
        (b"PK\x03\x04\x14\x00", NotTextError, "Word (.docx)"),
        (b"\xff\xfe1\x00.\x00", NotUtf8Error, "UTF-16"),
        (b"1. Scope\n\n1.1 Caf\xe9 text.\n", NotUtf8Error, "byte 17 is 0xe9"),
        (b"1. Scope\x00\x01\x02", NotTextError, "byte 8 is a control character"),
        ("1. Scope\n\n1.1 Text \x80 here.".encode(), NotTextError, "a control character (U+0080)"),
    ],
)
def test_bad_bytes_get_a_clear_error(data: bytes, error: type[Exception], words: str) -> None:
    with pytest.raises(error) as caught:
        decode(data, "protocol.txt")
    assert str(caught.value).startswith("protocol.txt")
    assert words in str(caught.value)


def test_not_utf8_names_the_line_and_byte() -> None:
    with pytest.raises(NotUtf8Error) as caught:
        decode(b"1. Scope\n\n1.1 Caf\xe9 text.\n", "p.txt")
    assert (caught.value.line, caught.value.byte) == (3, 17)
    assert str(caught.value).startswith("p.txt:3: ")


def test_text_with_no_structure_is_refused() -> None:
    with pytest.raises(NoStructureError) as caught:
        imp("This is just a letter to the Clerk about the hall.\n\nIt has two paragraphs and no numbering.\n")
    assert "no clause structure found" in str(caught.value) and str(caught.value).startswith("protocol.txt:1:")


def test_a_title_page_alone_is_refused() -> None:
    with pytest.raises(NoStructureError):
        imp("Member/Officer Protocol\nVersion 2\n")


def test_bad_arguments_name_the_argument() -> None:
    with pytest.raises(ImportArgumentError, match="--id 'Compton Parish'"):
        import_text("1. A\n\n1.1 B.\n", council_id="Compton Parish", name="X", variant="parish")
    with pytest.raises(ImportArgumentError, match="--name"):
        import_text("1. A\n\n1.1 B.\n", council_id="x", name=" ", variant="parish")
    with pytest.raises(UnknownNameError, match=r"unknown variant 'parsh' \(did you mean 'parish'\?\)"):
        import_text("1. A\n\n1.1 B.\n", council_id="x", name="X", variant="parsh")
    with pytest.raises(UnknownNameError, match="unknown nation 'wales2'"):
        import_text("1. A\n\n1.1 B.\n", council_id="x", name="X", variant="parish", nation="wales2")


def test_files_that_cannot_be_read(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ImportInputError, match="no such file"):
        import_file(tmp_path / "missing.txt", council_id="x", name="X", variant="parish")
    with pytest.raises(ImportInputError, match="this is a directory"):
        import_file(tmp_path, council_id="x", name="X", variant="parish")
    good = tmp_path / "protocol.md"
    good.write_bytes("\ufeff1. Scope\r\n\r\n1.1 Text.\r\n".encode())
    result = import_file(good, council_id="x", name="X", variant="parish")
    assert [c.id for c in result.council.protocol.clauses] == ["1", "1.1"]
    assert result.council.protocol.source == "protocol.md"


# --- the file is written as tomli-w writes it -------------------------------------------------


@pytest.mark.parametrize("text", [
    "A clause with nothing to escape, long enough that no inline table could hold it: " + "words " * 12,
    'He said "the Clerk\'s view" and C:\\path\\to a file, with a tab\there.',
    "Two paragraphs.\n\nThe second, with a \"quote\" and a backslash \\ in it.",
    "A Windows line end\r\nand a lone carriage return\r, a form feed \f, a bell \x07 and a DEL \x7f.",
    "Unicode stays as it is: “curly quotes”, café, – dashes —, and an emoji 🙂.",
    "Short.",
])
def test_strings_are_written_byte_for_byte_as_tomli_w_writes_them(text: str) -> None:
    import tomli_w

    from councilkit.importer.tomlout import dumps

    doc = {"schema": 1, "protocol": {"title": text}, "weird key": text, "flag": True, "n": 2.5,
           "clause": [{"id": "1", "heading": 'Scope "and" purpose', "text": text},
                      {"id": "1.1", "label": "1.1.", "parent": "1", "text": text + " (again)"}],
           "rule": [{"id": "r", "when": {"purpose": text}, "cite": ["1"], "exceptions": [{"when": {"a": 1}}]}]}
    for multiline in (False, True):
        assert dumps(doc, multiline_strings=multiline) == tomli_w.dumps(doc, multiline_strings=multiline)


def test_every_bundled_council_file_is_written_as_tomli_w_writes_it() -> None:
    import tomllib

    import tomli_w

    from councilkit.councilfile import bundled_dirs, council_files
    from councilkit.importer.tomlout import dumps

    files = list(council_files(bundled_dirs()))
    assert len(files) >= 5
    for path in files:
        data = tomllib.loads(path.read_text("utf-8"))
        for multiline in (False, True):
            assert dumps(data, multiline_strings=multiline) == tomli_w.dumps(data, multiline_strings=multiline), path
        for kind in ("rule", "route"):  # one norm at a time, as the import writes them
            for table in data.get(kind, []):
                assert dumps({kind: [table]}) == tomli_w.dumps({kind: [table]})


def test_a_value_only_tomli_w_knows_is_left_to_it() -> None:
    import tomli_w

    from councilkit.importer.tomlout import dumps

    doc = {"adopted": dt.date(2024, 4, 2), "at": dt.datetime(2024, 4, 2, 19, 30), "protocol": {"title": "T"}}
    assert dumps(doc) == tomli_w.dumps(doc)
    doc["meets"] = dt.time(19, 30)
    assert dumps(doc) == tomli_w.dumps(doc)


def test_role_words_are_found_where_one_begins_another() -> None:
    # the pattern that finds where a role may be named tries the longer of two words that begin
    # alike ("chair", "chairman"), as a plain list of the words longest first does
    import re

    from councilkit.importer.roles import _prefix_pattern

    words = ["chai", "cha", "cl", "cler", "c", "mem", "memb", "offi", "o"]
    plain = re.compile("(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + ")")
    trie = re.compile(_prefix_pattern(words))
    text = "the chairman, the clerk, a member of the committee, an officer or other chalk"
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert [m.group() for m in trie.finditer("chairs clerks")] == ["chai", "cler"]
