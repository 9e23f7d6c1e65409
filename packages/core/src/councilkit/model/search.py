"""Finding clauses: full-text search with stemming, topics by meaning words, and references as printed.

The command line (``compare``), the terminal UI (clause search, the palette, Compare, ``g``) and the
SDK (:meth:`Protocol.search <councilkit.model.Protocol.search>`, ``topic``, ``reference``, ``find``) all
use this module, so they agree.  A protocol's index lives in memory, built when first searched.

**Search** (:meth:`ClauseIndex.search`).  A protocol's clauses in an in-memory SQLite FTS5 table with the
Porter stemming tokenizer: "disciplinary" finds "Disciplinary Procedure", "gifts" finds "gift".  Every
word must match (the last may be the start of a word, as it is typed); hits are ranked by bm25, the
heading weighing more than the text, and a query that is a clause's reference ("4.2", "3.1 (e)",
"clause 4.2") puts that clause first.

**Topics** (:meth:`ClauseIndex.topic`).  The meaning words of a topic (common words dropped), any of
them, stemmed: "gifts and hospitality" finds clauses about a gift or about hospitality, those with both
first.

**References** (:func:`reference`, :func:`find_reference`).  A clause as the document prints it: "4.2",
"3.1(e)"; a clause the document does not number gets a readable position instead of its made-up id:
``4.p1.b3`` is "4 Expectations, paragraph 1, third bullet", ``introduction.p2`` "Introduction,
paragraph 2".  Any of these, typed with or without spaces and in any case, finds the clause.
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING

from councilkit._attrs import frozen

if TYPE_CHECKING:
    from councilkit import Council
    from councilkit.model import Clause, Protocol

#: words that say nothing about a topic
STOPWORDS = frozenset(["a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "clause", "clauses", "regarding"])
_WORD = re.compile(r"\w+", re.UNICODE)
_SYNTHETIC = re.compile(r"^(p|b)(\d+)$")
_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
             "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth"]
_REF_PREFIX = re.compile(r"^\s*(clause|cl\.?|§|section|paragraph|para\.?)\s*", re.IGNORECASE)


@frozen
class SearchHit:
    """A clause found, with a piece of its text around what matched (``exact``: the query was its reference)."""

    clause: Clause
    snippet: str
    exact: bool = False


# references -------------------------------------------------------------------------------------------

def _printed(clause: Clause) -> bool:
    """Does the document print this clause's own number?  Bullets and unnumbered paragraphs have none."""
    last = clause.id.rsplit(".", 1)[-1]
    if _SYNTHETIC.match(last) or (not any(ch.isdigit() for ch in clause.id) and "(" not in clause.id):
        return False
    label = clause.label
    return label is None or bool(label.strip(" ·•-*"))


def _bullet(n: int) -> str:
    return f"{_ORDINALS[n - 1]} bullet" if 0 < n <= len(_ORDINALS) else f"bullet {n}"


def reference(protocol: Protocol, clause_id: str) -> str:
    """Clause ``clause_id`` as the document prints it ("4.2", "3.1(e)"), else a readable position
    ("4 Expectations, paragraph 1, third bullet", "Introduction, paragraph 2")."""
    clause = protocol.clause(clause_id)
    if _printed(clause):
        return clause.id
    chain = [*protocol.ancestors(clause.id), clause]
    base = None
    for position, node in enumerate(chain):
        if _printed(node) or node.heading:
            base = position
    if base is None:
        head, rest = chain[0], chain[1:]
        words = [(head.heading or head.id.replace("-", " ")).strip().capitalize() or head.id]
    else:
        head, rest = chain[base], chain[base + 1:]
        number = head.id if _printed(head) else ""
        words = [" ".join(w for w in (number, head.heading or "") if w) or head.id]
    for node in rest:
        last = node.id.rsplit(".", 1)[-1]
        found = _SYNTHETIC.match(last)
        if found is None:
            words.append(node.display_label or last)
        elif found[1] == "p":
            words.append(f"paragraph {int(found[2])}")
        else:
            words.append(_bullet(int(found[2])))
    return ", ".join(words)


def _key(text: str) -> str:
    return re.sub(r"[\s.,;:()]+", "", _REF_PREFIX.sub("", text).casefold())


def find_reference(protocol: Protocol, text: str) -> Clause | None:
    """The clause ``text`` refers to: its id, its printed reference with or without spaces ("3.1 (e)"),
    "clause 4.2", or its readable position; None when it is none of these."""
    wanted = text.strip()
    if not wanted:
        return None
    if wanted in protocol:
        return protocol.clause(wanted)
    key = _key(wanted)
    if not key:
        return None
    for clause in protocol.clauses:
        if key in (_key(clause.id), _key(reference(protocol, clause.id))):
            return clause
    return None


def example_reference(protocol: Protocol) -> str:
    """A reference to offer as an example ("for example 4.2"): a numbered sub-clause this protocol has,
    else its first clause's reference."""
    for clause in protocol.clauses:
        if _printed(clause) and "." in clause.id:
            return clause.id
    return reference(protocol, protocol.clauses[0].id) if protocol.clauses else ""


# the index --------------------------------------------------------------------------------------------

class ClauseIndex:
    """A protocol's clauses in SQLite FTS5 with Porter stemming (see the module)."""

    def __init__(self, protocol: Protocol) -> None:
        import sqlite3  # only when a protocol is first searched

        self.protocol = protocol
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(":memory:", check_same_thread=False)
        self._conn.execute("CREATE VIRTUAL TABLE clauses USING fts5(cid UNINDEXED, reference, heading, body, "
                           "tokenize = 'porter unicode61 remove_diacritics 2')")
        self._conn.executemany("INSERT INTO clauses VALUES (?, ?, ?, ?)", [
            (c.id, reference(protocol, c.id), c.heading or "", c.text) for c in protocol.clauses])

    def _run(self, match: str, limit: int) -> list[SearchHit]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT cid, snippet(clauses, 3, '', '', '…', 14) FROM clauses WHERE clauses MATCH ? "
                "ORDER BY bm25(clauses, 0.0, 2.0, 4.0, 1.0) LIMIT ?", (match, limit)).fetchall()
        return [SearchHit(self.protocol.clause(cid), _clean(snippet) or _first_words(self.protocol.clause(cid)))
                for cid, snippet in rows]

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Clauses holding every word of ``query`` (the last as a prefix), best first; its reference first."""
        exact = find_reference(self.protocol, query)
        hits = [SearchHit(exact, _first_words(exact), exact=True)] if exact is not None else []
        words = _WORD.findall(query)
        if words:
            match = " ".join(f'"{w}"' for w in words[:-1]) + f' "{words[-1]}"*'
            hits += [h for h in self._run(match.strip(), limit) if exact is None or h.clause.id != exact.id]
        return hits[:limit]

    def topic(self, query: str, limit: int = 5) -> list[SearchHit]:
        """The clauses most about ``query``: any of its meaning words, stemmed, best first."""
        words = meaning_words(query)
        if not words:
            return []
        return self._run(" OR ".join(f'"{w}"' for w in words), limit)


def meaning_words(query: str) -> list[str]:
    """The words of ``query`` that say what it is about (common words dropped), each once."""
    return list(dict.fromkeys(w.casefold() for w in _WORD.findall(query)
                              if w.casefold() not in STOPWORDS and len(w) > 1))


def _clean(snippet: str) -> str:
    return " ".join(snippet.split())


def _first_words(clause: Clause, limit: int = 90) -> str:
    text = " ".join((clause.text or clause.heading or "").split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


#: the name the terminal UI knew it by
ClauseHit = SearchHit


def index_of(council: Council) -> ClauseIndex:
    """The index of ``council``'s protocol, built once (a few milliseconds) and kept with the protocol."""
    return council.protocol.text_index()
