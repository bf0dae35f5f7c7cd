"""Searchable text: one normalisation shared by the index (Python) and the reader (search.js).

NFC, then per code point `NFKC(c).lower()` (full-width forms fold to half-width, letters to lower
case; 〔〕【】《》 and other CJK punctuation stay), then every run of whitespace becomes one space.
Attachment text (PDF, Word, Excel, text files, as read by `gongkai.load.attachments`) is searchable as
more fields of the record. `search_text(record)` joins the normalised fields with SEPARATOR, which occurs neither inside a
field nor in a normalised query, so no match spans two fields. It is the ground truth of the tests.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gongkai.model.records import Record

SEPARATOR = "\n"
ATTACHMENT_CHARS = 50_000  # characters of each attachment's text made searchable
# Whitespace: the union of Python's str.isspace and JavaScript's \s (search.js uses the same class).
WHITESPACE = "\t\n\x0b\x0c\r \x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_WS_RUN = re.compile("[" + re.escape(WHITESPACE) + "]+")


class _Folds(dict[int, str]):
    """Code point -> its folded form (NFKC, then lower case), computed on first use."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char).lower() if code >= 0x80 else char.lower()
        self[code] = folded
        return folded


_FOLDS = _Folds()


def fold(text: str) -> str:
    """Per code point NFKC + lower case (no NFC, no whitespace handling)."""
    return text.translate(_FOLDS)


def collapse(text: str) -> str:
    """Every run of whitespace becomes a single space."""
    return _WS_RUN.sub(" ", text)


def display(text: str) -> str:
    """A field as shown in snippets: NFC, whitespace runs collapsed, trimmed."""
    return collapse(unicodedata.normalize("NFC", text)).strip(WHITESPACE)


def normalise(text: str) -> str:
    """The searchable form of a field's display text (NFC is a no-op on display text)."""
    return collapse(fold(unicodedata.normalize("NFC", text)))


def normalise_query(query: str) -> str:
    """A query as search.js normalises it: like a field, then trimmed."""
    return normalise(query).strip(WHITESPACE)


def _plain_body(record: Record) -> str:
    from gongkai.model.markdown_text import plain_text

    return plain_text(record.body)


def attachment_fields(record: Record) -> list[tuple[str, str]]:
    """(name, text as displayed) of each attachment with text: the first ATTACHMENT_CHARS
    characters of what `gongkai.load.attachments` extracted (bounds what one huge file adds to the index)."""
    found = []
    for name, _file, content in record.attachment_contents():
        text = display(content.text[:ATTACHMENT_CHARS]) if content is not None else ""
        if text:
            found.append((name, text))
    return found


def named_fields(record: Record) -> tuple[list[str], list[str]]:
    """`display_fields`, and the names of the attachments whose text ends the list."""
    attachments = attachment_fields(record)
    fields = [display(record.title), display(record.summary), display(_plain_body(record)), display(record.doc_number)]
    return fields + [text for _name, text in attachments], [name for name, _text in attachments]


def display_fields(record: Record) -> list[str]:
    """Title, summary, body as plain text, document number, then the text of each attachment
    (`attachment_fields`): as displayed."""
    return named_fields(record)[0]


def search_text(record: Record) -> str:
    """The normalised searchable text of a record: its fields joined by SEPARATOR."""
    return SEPARATOR.join(normalise(f) for f in display_fields(record))


def field_map(shown: str) -> tuple[str, list[int] | None]:
    """Normalise a display field; also the normalised offset where each display character starts
    (None when it is the identity, which is the common case)."""
    folded = fold(shown)
    if len(folded) == len(shown) and collapse(folded) == folded:
        return folded, None
    starts: list[int] = []
    out: list[str] = []
    previous_space = False
    for char in shown:
        starts.append(len(out))
        for piece in _FOLDS[ord(char)]:
            if piece in WHITESPACE:
                if previous_space:
                    continue
                piece, previous_space = " ", True
            else:
                previous_space = False
            out.append(piece)
    return "".join(out), starts
