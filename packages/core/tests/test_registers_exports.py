"""Exports to CSV, JSON and Markdown (working and publication copies) and CSV import, on real stores."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import re
import tempfile
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import councilkit
from councilkit import people
from councilkit.people.records import Person
from councilkit.registers import (
    EntryInvalid,
    Field,
    NotAllowedError,
    RegisterError,
    RegisterKind,
    Registers,
    RegisterUse,
    export_register,
    import_csv,
    read_csv,
)
from councilkit.store import open_store

TODAY = dt.date(2026, 11, 23)
START = dt.date(2020, 1, 1)


@pytest.fixture
def principal(tmp_path: Path, councils: dict[str, councilkit.Council]) -> tuple[Registers, Person, Person]:
    store = open_store(tmp_path / "p.db")
    council = councils["principal-council"]
    mo = people.add_person(store, "Mo Officer", "mo")
    cllr = people.add_person(store, "Cllr Vee", "vee")
    people.appoint(store, mo, council, "monitoring_officer", START)
    people.appoint(store, cllr, council, "councillor", START)
    yield Registers(store, council, today=TODAY), mo, cllr
    store.close()


def request(**over: str) -> dict[str, str]:
    values = {"member": "vee", "information": "Parking income", "purpose": "SECRET-PURPOSE constituent arrears",
              "requested_on": "2026-11-02", "outcome": "refused", "answered_on": "2026-11-05",
              "reasons": "SECRET-REASON exempt information", "copy_to": "monitoring_officer",
              "copied_on": "2026-11-05"}
    values.update(over)
    return values


def parse_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# ---------------------------------------------------------------------------
# exports


def test_the_publication_copy_leaves_out_sensitive_fields_and_confidential_entries(
        principal: tuple[Registers, Person, Person]) -> None:
    regs, mo, _ = principal
    kept = regs.add("information_requests", request(), mo)
    gone = regs.add("information_requests", request(information="Withdrawn one"), mo)
    regs.withdraw(gone.id, mo, reason="duplicate")
    regs.add("relationships", {"member": "vee", "officer": "mo", "relationship": "family",
                               "notified_to": "chief_executive", "notified_on": "2026-01-05",
                               "guidance": "SECRET-GUIDANCE"}, mo)
    for fmt in ("csv", "json", "md"):
        text = export_register(regs, "information_requests", None, fmt, publication=True)
        assert "SECRET" not in text and "Withdrawn one" not in text and "Parking income" in text, fmt
        assert "Mo Officer" not in text  # who recorded it is not published
        working = export_register(regs, "information_requests", mo, fmt)
        assert "SECRET-PURPOSE" in working and "Withdrawn one" in working, fmt
        relationships = export_register(regs, "relationships", None, fmt, publication=True)
        assert "SECRET" not in relationships and "Cllr Vee" not in relationships, fmt
    rows = parse_csv(export_register(regs, "information_requests", None, "csv", publication=True))
    assert [r["entry"] for r in rows] == [str(kept.id)]
    assert "purpose" not in rows[0] and "reasons" not in rows[0] and rows[0]["outcome"] == "refused"


def test_the_working_copy_shows_a_councillor_only_what_they_may_see(principal: tuple[Registers, Person, Person]) -> None:
    regs, mo, cllr = principal
    regs.add("information_requests", request(), mo)
    for fmt in ("csv", "json", "md"):
        text = export_register(regs, "information_requests", cllr, fmt)
        assert "SECRET" not in text and "Parking income" in text, fmt


def test_csv_export_defuses_spreadsheet_formulas_and_imports_back(principal: tuple[Registers, Person, Person]) -> None:
    regs, mo, _ = principal
    e = regs.add("gifts_hospitality", {"recipient": "vee", "gift_or_hospitality": "gift",
                                       "description": "=HYPERLINK(\"http://x\")", "offered_by": "+44 Ltd, \"the\" firm",
                                       "value": "£12.34", "received_on": "2026-11-01", "accepted": "no"}, mo)
    text = export_register(regs, "gifts_hospitality", mo, "csv")
    row = parse_csv(text)[0]
    assert row["description"] == "'=HYPERLINK(\"http://x\")" and row["offered_by"] == "'+44 Ltd, \"the\" firm"
    kind = regs.kind("gifts_hospitality")
    out = io.StringIO()  # the export's field columns, without its bookkeeping columns
    writer = csv.writer(out)
    writer.writerow([f.id for f in kind.fields])
    writer.writerow([row[f.id] for f in kind.fields])
    [again] = import_csv(regs, "gifts_hospitality", out.getvalue(), mo)  # type: ignore[misc]
    assert again.values == e.values


def test_json_export_keeps_types_and_markdown_escapes_tables(principal: tuple[Registers, Person, Person]) -> None:
    regs, mo, _ = principal
    regs.add("gifts_hospitality", {"recipient": "vee", "gift_or_hospitality": "hospitality",
                                   "description": "Dinner | dance\nwith speeches", "offered_by": "Rotary",
                                   "value": "£60", "received_on": "2026-11-01", "accepted": "yes"}, mo)
    data = json.loads(export_register(regs, "gifts_hospitality", mo, "json"))
    entry = data["entries"][0]
    assert entry["values"]["value"] == 6000 and entry["display"]["value"] == "£60.00"
    assert entry["values"]["accepted"] is True and entry["values"]["received_on"] == "2026-11-01"
    assert data["settings"] == {"threshold": "£50.00", "days": "28"}
    md = export_register(regs, "gifts_hospitality", None, "md", publication=True)
    line = next(x for x in md.splitlines() if "Dinner" in x)
    header = next(x for x in md.splitlines() if x.startswith("| Entry"))
    assert "Dinner \\| dance<br>with speeches" in line
    assert len(re.findall(r"(?<!\\)\|", line)) == header.count("|")  # the escaped pipe adds no column
    assert md.startswith("# Gifts and hospitality") and "Publication copy" in md


def test_an_empty_register_exports_cleanly(principal: tuple[Registers, Person, Person]) -> None:
    regs, mo, _ = principal
    assert parse_csv(export_register(regs, "briefings", mo, "csv")) == []
    assert json.loads(export_register(regs, "briefings", mo, "json"))["entries"] == []
    assert "No entries." in export_register(regs, "briefings", mo, "md")


# ---------------------------------------------------------------------------
# the property: no publication copy ever holds a sensitive value

TYPES = ("text", "person", "money", "date", "choice", "bool", "role")
NOISE = st.text(alphabet=st.sampled_from(list(" ,|\"'\n\r=+-@\\*#<>`_éñ£—;:")), max_size=6)


@st.composite
def registers_and_entries(draw: Any) -> dict[str, Any]:
    n_fields = draw(st.integers(1, 6))
    types = [draw(st.sampled_from(TYPES)) for _ in range(n_fields)]
    sensitive = [draw(st.booleans()) for _ in range(n_fields)]
    kind_confidential = draw(st.booleans())
    bools = [i for i, t in enumerate(types) if t == "bool"]
    dates = [i for i, t in enumerate(types) if t == "date"]
    when_field = draw(st.sampled_from(bools)) if bools and draw(st.booleans()) else None
    until_field = draw(st.sampled_from(dates)) if dates and draw(st.booleans()) else None
    entries = []
    for _ in range(draw(st.integers(0, 6))):
        entries.append({
            "fill": [draw(st.booleans()) or i == 0 for i in range(n_fields)],
            "noise": [(draw(NOISE), draw(NOISE)) for _ in range(n_fields)],
            "bool": [draw(st.booleans()) for _ in range(n_fields)],
            "released": draw(st.booleans()),
            "confidential": draw(st.booleans()),
            "amend": draw(st.booleans()),
            "withdraw": draw(st.booleans()),
        })
    return {"types": types, "sensitive": sensitive, "kind_confidential": kind_confidential,
            "when_field": when_field, "until_field": until_field, "entries": entries}


def _token(e: int, f: int, version: int) -> str:
    return f"T{e}x{f}v{version}Z"


def _build(case: dict[str, Any], council: councilkit.Council, store: Any) -> tuple[Registers, Person, dict[str, Any]]:
    types, sensitive = case["types"], case["sensitive"]
    fields = []
    for i, (t, s) in enumerate(zip(types, sensitive, strict=True)):
        choices = (f"K{i}aQ", f"K{i}bQ") if t == "choice" else (("clerk", "rfo") if t == "role" else ())
        fields.append(Field(f"f{i}", f"label {i}", t, required=(i == 0), choices=choices, sensitive=s))
    kind = RegisterKind(
        id="generated", title="generated register", fields=tuple(fields), visible_to=("clerk",),
        sensitivity="confidential" if case["kind_confidential"] else "public",
        confidential_when={f"f{case['when_field']}": True} if case["when_field"] is not None else {},
        confidential_until=f"f{case['until_field']}" if case["until_field"] is not None else None,
    )
    council = attrs.evolve(council, registers=(RegisterUse(kind.id, ("1.1",)),), register_kinds={kind.id: kind})
    clerk = people.add_person(store, "Clara Keeper", "clara")
    people.appoint(store, clerk, council, "clerk", START)
    regs = Registers(store, council, today=TODAY)
    return regs, clerk, {"kind": kind}


def _values(case: dict[str, Any], e: int, entry: dict[str, Any], version: int, store: Any,
            regs: Registers) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for f, t in enumerate(case["types"]):
        if not entry["fill"][f]:
            continue
        token = _token(e, f, version)
        before, after = entry["noise"][f]
        if f == case["until_field"]:
            values[f"f{f}"] = dt.date(2026, 1, 1) if entry["released"] else dt.date(2099, 1, 1)
        elif t == "text":
            values[f"f{f}"] = f"{before}{token}{after}"
        elif t == "person":
            values[f"f{f}"] = people.add_person(store, f"Person {token}")
        elif t == "money":
            values[f"f{f}"] = 90_000_000 + e * 1000 + f * 10 + version  # eight digits: unique when printed
        elif t == "date":
            values[f"f{f}"] = dt.date(2060 + e * 4 + version, 1 + f, 1 + f)
        elif t == "choice":
            values[f"f{f}"] = f"K{f}{'ab'[(e + version) % 2]}Q"
        elif t == "bool":
            values[f"f{f}"] = entry["bool"][f]
        else:
            values[f"f{f}"] = ("clerk", "rfo")[(e + version) % 2]
    return values


TOKEN = re.compile(r"T\d+x\d+v\d+Z")


def _shown(t: str, value: Any, secret: bool = False) -> list[str]:
    """What of a value must (or, if ``secret``, must not) appear in an export, as text no format escapes."""
    if t == "money":  # JSON also carries the pence
        return [f"£{value // 100:,}.{value % 100:02d}"] + ([str(value)] if secret else [])
    if t == "date":
        return [value.isoformat()]
    if t == "person":
        return TOKEN.findall(value.name)
    if t == "text":
        return TOKEN.findall(value)
    if t == "choice":
        return [value]
    return []  # bools and roles are checked by the file's structure instead


@functools.cache
def _compton() -> councilkit.Council:
    return councilkit.load_council("compton-parish")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registers_and_entries())
def test_property_no_publication_copy_holds_a_sensitive_value(case: dict[str, Any]) -> None:
    council = _compton()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "prop.db")
        regs, clerk, built = _build(case, council, store)
        kind: RegisterKind = built["kind"]
        secret: set[str] = set()
        public: set[str] = set()
        expected_ids: set[int] = set()
        for e, entry in enumerate(case["entries"]):
            versions = [_values(case, e, entry, 1, store, regs)]
            added = regs.add(kind.id, versions[0], clerk, confidential=entry["confidential"])
            if entry["amend"]:
                changed = _values(case, e, entry, 2, store, regs)
                try:
                    regs.amend(added.id, changed, clerk, reason="amended")
                    versions.append(changed)
                except RegisterError:  # only flags were filled, and they are the same: nothing to amend
                    pass
            if entry["withdraw"]:
                regs.withdraw(added.id, clerk, reason="withdrawn")
            current = regs.get(added.id, clerk)
            released = current.released_on is not None and current.released_on <= TODAY
            visible = not entry["withdraw"] and (not current.confidential or released)
            if visible:
                expected_ids.add(added.id)
            for n, values in enumerate(versions):
                is_current = n == len(versions) - 1
                for f, t in enumerate(case["types"]):
                    key = f"f{f}"
                    if key not in values or f == case["until_field"]:
                        continue
                    if visible and is_current and not kind.fields[f].sensitive:
                        public.update(_shown(t, values[key]))
                    else:
                        secret.update(_shown(t, values[key], secret=True))
        secret -= public  # a choice may be hidden in one entry and shown in another
        secret = {s for s in secret if not any(s in p for p in public)}
        for fmt in ("csv", "json", "md"):
            text = export_register(regs, kind.id, None, fmt, publication=True)
            leaked = sorted(s for s in secret if s in text)
            assert not leaked, (fmt, leaked, text)
            missing = sorted(p for p in public if p not in text)  # an export that left out everything
            assert not missing, (fmt, missing)                      # would pass the check above
            ids, columns = _structure(fmt, text)
            assert ids == expected_ids, fmt
            sensitive_ids = {f.id for f in kind.fields if f.sensitive}
            assert not (columns & sensitive_ids), (fmt, columns)
        store.close()


def _structure(fmt: str, text: str) -> tuple[set[int], set[str]]:
    """The entry numbers and the field columns an export holds."""
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        header = rows[0]
        return {int(r[0]) for r in rows[1:]}, set(header[1:])
    if fmt == "json":
        data = json.loads(text)
        columns = {f["id"] for f in data["fields"]} | {k for e in data["entries"] for k in e["values"]}
        return {e["entry"] for e in data["entries"]}, columns
    lines = [x for x in text.splitlines() if x.startswith("| ")]
    ids = {int(x.split("|")[1]) for x in lines[1:]}
    labels = {c.strip() for c in lines[0].strip("|").split("|")}
    return ids, {f"f{label.split()[-1]}" for label in labels if label.startswith("label ")}


# ---------------------------------------------------------------------------
# import


def test_import_adds_every_row_in_one_go(principal: tuple[Registers, Person, Person]) -> None:
    regs, mo, _ = principal
    text = ("\ufeffMember or officer,gift_or_hospitality,Description,offered_by,value,received_on,accepted,confidential\n"
            "Cllr Vee,gift,Book token,Library Friends,£20,03/11/2026,yes,\n"
            "\n"
            "vee,hospitality,\"Lunch, with speeches\",Chamber,\"£1,050.00\",2026-11-02,no,yes\n")
    assert import_csv(regs, "gifts_hospitality", text, mo, check_only=True) == 2
    assert regs.count("gifts_hospitality", mo) == 0
    added = import_csv(regs, "gifts_hospitality", text, mo)
    assert isinstance(added, list) and [e.values["description"] for e in added] == ["Book token", "Lunch, with speeches"]
    assert added[1].values["value"] == 105000 and added[1].confidential and not added[0].confidential
    assert added[0].values["received_on"] == dt.date(2026, 11, 3)
    assert regs.store.verify_chains()[1] == []


def test_a_bad_row_reports_row_and_field_and_imports_nothing(principal: tuple[Registers, Person, Person]) -> None:
    regs, mo, _ = principal
    text = ("recipient,gift_or_hospitality,description,offered_by,value,received_on,accepted\n"
            "vee,gift,Pen,Stationers,£5,2026-11-01,yes\n"
            "Nobody,gfit,Wine,Vintner,£30.001,2026-13-01,perhaps\n"
            "vee,gift,Scarf,Mill,£15,2026-11-01,\n")
    with pytest.raises(EntryInvalid) as exc:
        import_csv(regs, "gifts_hospitality", text, mo)
    found = {(p.row, p.field) for p in exc.value.problems}
    assert found == {(3, "recipient"), (3, "gift_or_hospitality"), (3, "value"), (3, "received_on"),
                     (3, "accepted"), (4, "accepted")}
    assert str(exc.value).startswith("nothing was imported: 6 problems:")
    assert "row 3: field 'value': Estimated value: expected an amount of money" in str(exc.value)
    assert regs.store.query("SELECT count(*) FROM register_entries")[0][0] == 0
    assert regs.store.query("SELECT count(*) FROM register_search")[0][0] == 0


def test_a_bad_header_is_reported_with_the_rows(principal: tuple[Registers, Person, Person]) -> None:
    regs, mo, _ = principal
    kind = regs.kind("gifts_hospitality")
    _, _, found = read_csv(kind, "entry,recipient,colour,Recipient,\nx,vee,red,vee,\n")
    messages = [str(p) for p in found]
    assert any("column 'entry' is one an export adds" in m for m in messages)
    assert any("unknown column 'colour'" in m for m in messages)
    assert any("columns 2 and 4 both give 'recipient'" in m for m in messages)
    assert any("column 5 has no name" in m for m in messages)
    with pytest.raises(EntryInvalid, match="the file has a header but no entries"):
        import_csv(regs, "gifts_hospitality", "recipient,description\n\n", mo)
    with pytest.raises(EntryInvalid, match="the file is empty"):
        import_csv(regs, "gifts_hospitality", "", mo)


def test_only_someone_who_may_write_may_import(principal: tuple[Registers, Person, Person]) -> None:
    regs, _, _ = principal
    outsider = people.add_person(regs.store, "Out Sider", "out")
    with pytest.raises(NotAllowedError, match="holds no role"):
        import_csv(regs, "gifts_hospitality", "recipient\nvee\n", outsider)
