"""Reading a document's bytes as text: UTF-8 only, with a clear error for anything else.

A clerk's protocol arrives as a Word or PDF file saved as plain text or
Markdown.  Saving it the wrong way (as a PDF, as UTF-16, in a Windows code
page) is the commonest mistake, so each gets its own message, with the byte
offset and line of the first byte that is not UTF-8.
"""

from __future__ import annotations

import re

from councilkit.importer.errors import (
    DocumentTooLargeError,
    EmptyDocumentError,
    NotTextError,
    NotUtf8Error,
)

#: signatures of the binary formats a clerk is most likely to pass by mistake
_SIGNATURES = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a Word (.docx) document or another zipped file"),
    (b"\xd0\xcf\x11\xe0", "an old-style Word (.doc) document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
)
_SAVE_AS = "open it in its program and save it as plain text (.txt, UTF-8) or Markdown, then import that"

#: control characters that never occur in text (tab, newline, carriage return, form feed and
#: vertical tab do: Word writes the last two for page and line breaks)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f]")
#: invisible marks that set the direction of text: a web page's copy may hold them, and no council
#: file may (a terminal would show the text reordered), so they are left out
_DIRECTION = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_BREAKS = re.compile("[\x0b\u2028\u2029\x85]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
#: any character of the four above
_UNUSUAL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069"
                      "\ud800-\udfff]")


#: the largest document the import reads, in bytes of UTF-8 (5 MB).  A Member/Officer Protocol is
#: 10-100 KB; a whole constitution about 1-2 MB.  The import's time grows in step with the text
#: (a 1 MB text takes about a second), so the limit is about a mistaken file, not about speed.
MAX_BYTES = 5_000_000


def _too_large(size: int, file: str) -> DocumentTooLargeError:
    return DocumentTooLargeError(
        file, f"the text is {size / 1_000_000:.1f} MB; the import reads at most {MAX_BYTES // 1_000_000} MB "
        "(a protocol is rarely over 200 KB): is this the protocol, or a larger file it sits in? Save the "
        "protocol's own pages as text and import that")


def decode(data: bytes, file: str) -> str:
    """The document's text, with newlines normalised; raise an ImportInputError if it is not text."""
    if len(data) > MAX_BYTES:
        raise _too_large(len(data), file)
    if not data.strip():
        raise EmptyDocumentError(file, "the file is empty; there is no protocol text to import")
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise NotTextError(file, f"this is {what}, not text; {_SAVE_AS}", byte=0)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise NotUtf8Error(file, "the file is UTF-16 text; save it as UTF-8 and import that", byte=0)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise NotUtf8Error(
            file,
            f"the file is not UTF-8 text: byte {exc.start} is 0x{data[exc.start]:02x}; "
            "save it as UTF-8 (in Word: Save As, Plain Text, Unicode (UTF-8))",
            line=line,
            byte=exc.start,
        ) from None
    return check_text(text, file)


def check_text(text: str, file: str) -> str:
    """Refuse text with binary control characters; normalise line endings and page breaks."""
    if len(text) > MAX_BYTES // 4 and len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise _too_large(len(text.encode("utf-8", "surrogatepass")), file)
    if not text.strip():
        raise EmptyDocumentError(file, "the file is empty; there is no protocol text to import")
    if _UNUSUAL.search(text) is None:  # one pass over the text finds none of the four below (most texts)
        return text.replace("\r\n", "\n").replace("\r", "\n")
    for pattern, what in ((_CONTROL, "a control character"), (_SURROGATE, "an unpaired surrogate")):
        bad = pattern.search(text)
        if bad is not None:
            offset = len(text[: bad.start()].encode("utf-8", "surrogatepass"))
            line = text.count("\n", 0, bad.start()) + 1
            raise NotTextError(
                file,
                f"this does not look like a text document: byte {offset} is {what} "
                f"(U+{ord(bad.group()):04X}); {_SAVE_AS}",
                line=line,
                byte=offset,
            )
    # Word's manual line break (vertical tab) and Unicode line separators are line breaks.  Form
    # feeds (page breaks) stay: reading the lines turns them into paragraph breaks.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _DIRECTION.search(text):
        text = _DIRECTION.sub("", text)
    if _BREAKS.search(text):
        text = text.translate({0x0B: "\n", 0x2028: "\n", 0x2029: "\n", 0x85: "\n"})
    return text
