"""Why a document cannot be imported: each error names the file and, where it can, the line or byte.

Every error here is a :class:`~councilkit.errors.CouncilkitError`, so the
``councilkit`` command prints it as one line, never a traceback, and nothing is
written when one is raised.
"""

from __future__ import annotations

from collections.abc import Sequence

from councilkit.errors import CouncilkitError, Problem


class ImportInputError(CouncilkitError):
    """The document cannot be imported as it is; the message says what to do about it."""

    def __init__(self, file: str, message: str, *, line: int | None = None, byte: int | None = None):
        self.file = file
        self.line = line
        self.byte = byte
        self.reason = message
        where = file if line is None else f"{file}:{line}"
        super().__init__(f"{where}: {message}")


class EmptyDocumentError(ImportInputError):
    """The file has no text at all (or only whitespace)."""


class DocumentTooLargeError(ImportInputError):
    """The file is larger than the import reads (``source.MAX_BYTES``)."""


class NotTextError(ImportInputError):
    """The file is binary (a PDF, a Word document, an image...) rather than plain text."""


class NotUtf8Error(ImportInputError):
    """The file is text in another encoding; ``byte`` is the offset of the first bad byte."""


class NoStructureError(ImportInputError):
    """The text has no clause numbering and no headings, so no clause can be told from another."""


class ImportArgumentError(CouncilkitError, ValueError):
    """An argument to the import (``--id``, ``--nation``...) is not usable."""


class ImportValidationError(CouncilkitError):
    """The council the import produced does not pass validation (a fault in the importer)."""

    def __init__(self, file: str, problems: Sequence[Problem]):
        self.file = file
        self.problems = tuple(problems)
        errors = "\n".join(str(p) for p in self.problems if p.is_error)
        super().__init__(
            f"{file}: the imported council does not validate, so nothing was written "
            f"(please report this as a councilkit bug, with the document):\n{errors}"
        )
