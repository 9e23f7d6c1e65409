"""The development corpus (benchmarks/corpus): every document has a key, and none is reserved.

The reserved councils' texts are kept for independent evaluation: they must never be in the
corpus, the alignment library or the tests.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from councilkit.importer.library import Library

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT / "benchmarks" / "corpus"

#: reserved for independent evaluation (issue 15): names and the words their web addresses use
RESERVED = {
    "Gloucestershire County Council": ["gloucestershire"],
    "Bracknell Forest Council": ["bracknell"],
    "Colchester City Council": ["colchester"],
    "Wyre Forest District Council": ["wyre forest", "wyreforest"],
    "Spelthorne Borough Council": ["spelthorne"],
    "South Oxfordshire and Vale of White Horse District Councils": ["south oxfordshire", "southoxon",
                                                                   "vale of white horse", "whitehorsedc"],
    "City of Doncaster Council": ["doncaster"],
    "Chard Town Council": ["chard town", "chard.gov"],
    "Chapel St Leonards Parish Council": ["chapel st leonards", "chapel-st-leonards"],
    "Bracebridge Heath Parish Council": ["bracebridge"],
    "Vale of Grwyney Community Council": ["grwyney"],
    "Knutsford Town Council": ["knutsford"],
    "Wye Valley Community Council": ["wye valley"],
    "Ewyas Harold Group Parish Council": ["ewyas", "ewyasharold"],
    "Stocksfield Parish Council": ["stocksfield"],
    "West Monkton Parish Council": ["west monkton", "westmonkton"],
    "Acas Code of Practice on disciplinary and grievance procedures": ["acas code of practice on disciplinary"],
}
DOCUMENTS = sorted(p.name.removesuffix(".txt") for p in CORPUS.glob("*.txt"))


def test_the_corpus_has_25_documents_across_kinds_and_nations() -> None:
    keys = [tomllib.loads((CORPUS / f"{name}.key.toml").read_text("utf-8")) for name in DOCUMENTS]
    assert len(keys) >= 25
    assert {k["variant"] for k in keys} == {"parish", "town", "principal", "community"}
    assert {k["nation"] for k in keys} == {"england", "wales", "scotland"}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_each_document_has_a_key_with_its_source(name: str) -> None:
    key = tomllib.loads((CORPUS / f"{name}.key.toml").read_text("utf-8"))
    assert re.match(r"https?://\S+$", key["source"]), key["source"]
    assert key["retrieved"] and key["council"] and key["kind"]
    assert key["variant"] in ("parish", "town", "principal", "community")
    for route in key.get("route", []):
        assert route["steps"] and all(route["steps"])
    for rule in key.get("rule", []):
        assert rule["effect"] in ("permit", "forbid", "require", "advise") and rule["sentence"]


#: every file of the corpus but its README (which lists the reserved councils by name)
CORPUS_FILES = sorted(p for p in CORPUS.iterdir() if p.name != "README.md")


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_no_corpus_file_is_a_reserved_councils(path: Path) -> None:
    text = path.read_text("utf-8").casefold() + " " + path.name.casefold()
    for council, words in RESERVED.items():
        for word in [council.casefold(), *words]:
            assert word not in text, f"{path.name} names {council}, which is reserved for evaluation"


def test_the_library_holds_no_reserved_council() -> None:
    library = Library.bundled().with_corpus(CORPUS)
    for known in library.clauses:
        text = f"{known.source} {known.source_name} {known.text}".casefold()
        for council, words in RESERVED.items():
            assert not any(w in text for w in [council.casefold(), *words]), (known.source, council)
