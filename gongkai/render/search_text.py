"""Searchable text: one normalisation shared by the index (Python) and the reader (search.js).

NFC, then per code point `NFKC(c).lower()` (full-width forms fold to half-width, letters to lower
case; 〔〕【】《》 and other CJK punctuation stay), then every run of whitespace becomes one space.
`search_text(record)` joins the normalised fields with SEPARATOR, which occurs neither inside a
field nor in a normalised query, so no match spans two fields. It is the ground truth of the tests.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gongkai.model import Record

SEPARATOR = "\n"
# Whitespace: the union of Python's str.isspace and JavaScript's \s (search.js uses the same class).
WHITESPACE = "\t\n\x0b\x0c\r \x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_WS_RUN = re.compile("[" + re.escape(WHITESPACE) + "]+")


class _Folds(dict):
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
    from gongkai.render.markdown import plain_text

    return plain_text(record.body)


def display_fields(record: Record) -> list[str]:
    """Title, summary, body as plain text, document number: as displayed."""
    return [display(record.title), display(record.summary), display(_plain_body(record)), display(record.doc_number)]


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
