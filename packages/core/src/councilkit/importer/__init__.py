"""Importing a council's protocol from its text: ``councilkit import FILE --id ID --name NAME --variant V``.

A clerk has the protocol as a Word or PDF document saved as plain text or
Markdown.  The import turns it into a council file: clause ids from the
document's own numbering, headings kept, text verbatim, page furniture dropped;
the adoption record; the roles it mentions, with the council's titles; and
proposed rules and routes, written as comments for a person to confirm.  The
file is validated before it is returned, and a report says what was found and
what needs a person.  docs/importing.md is the clerk's guide.

One idea per module, in the order the import runs:

- ``source``: bytes -> text (UTF-8 only, with clear errors);
- ``lines``: lines without their Markdown and Word markup;
- ``labels``: clause numbers, letters and bullets as printed;
- ``headings``: headings, run-in headings and slug ids;
- ``metadata``: the title and the adoption record;
- ``furniture``: page numbers and running lines;
- ``segment``: the clauses, with ids, labels and parents (lines grouped first by ``units``; the
  clauses and findings it makes are in ``draft``);
- ``roles``: role mentions and the council's titles;
- ``norms``: candidate rules and routes, each sentence read by ``reading`` with the patterns of
  ``modals``, the actions of ``vocabulary`` (over ``words``), the facts of ``conditions`` and the
  roles of ``subjects``;
- ``writer``: the council file;
- ``report``: the report;
- ``pipeline``: all of it, start to finish;
- ``review``: walking the proposals a person confirms (``councilkit review FILE``, the UI's review screen).
"""

from __future__ import annotations

from councilkit.importer.errors import (
    DocumentTooLargeError,
    EmptyDocumentError,
    ImportArgumentError,
    ImportInputError,
    ImportValidationError,
    NoStructureError,
    NotTextError,
    NotUtf8Error,
)
from councilkit.importer.pipeline import ImportResult, import_file, import_text
from councilkit.importer.report import ImportReport
from councilkit.importer.review import Candidate, Review, ReviewError

__all__ = [
    "Candidate",
    "DocumentTooLargeError",
    "EmptyDocumentError",
    "ImportArgumentError",
    "ImportInputError",
    "ImportReport",
    "ImportResult",
    "ImportValidationError",
    "NoStructureError",
    "NotTextError",
    "NotUtf8Error",
    "Review",
    "ReviewError",
    "import_file",
    "import_text",
]
