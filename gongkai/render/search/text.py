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

import numpy as np

if TYPE_CHECKING:
    from gongkai.model.records import Record

SEPARATOR = "\n"
ATTACHMENT_CHARS = 50_000  # characters of each attachment's text made searchable
# Whitespace: the union of Python's str.isspace and JavaScript's \s (search.js uses the same class).
WHITESPACE = "\t\n\x0b\x0c\r \x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_WS_RUN = re.compile("[" + re.escape(WHITESPACE) + "]+")
# What `collapse` would change: whitespace other than a lone space.
_UNCOLLAPSED = re.compile("[" + re.escape(WHITESPACE.replace(" ", "")) + "]|  ")


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
    if text.isascii():
        return text.lower()
    if len(text) < _WHOLE_ARRAY:
        return text.translate(_FOLDS)
    return _fold_array(text)


_WHOLE_ARRAY = 256  # characters from which a text is folded in whole-array steps (`_fold_array`)
# Code unit -> its fold, while it is one code unit: _UNKNOWN until first seen, _WIDER when it is not.
_UNKNOWN, _WIDER = 0xFFFFFFFF, 0xFFFFFFFE
_UNIT_FOLDS = np.full(1 << 16, _UNKNOWN, dtype=np.uint32)


def _fold_array(text: str) -> str:
    """`fold` as a lookup of every code unit (UTF-32) in `_UNIT_FOLDS`; the few characters whose
    fold is not one character in the Basic Multilingual Plane ("…" -> "...") are put in
    afterwards, and a text with a character beyond that plane is folded by `str.translate`."""
    units = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if int(units.max()) >= 1 << 16:
        return text.translate(_FOLDS)
    folded = _UNIT_FOLDS[units]
    unknown = folded == _UNKNOWN
    if unknown.any():
        for unit in np.unique(units[unknown]).tolist():
            one = _FOLDS[unit]
            _UNIT_FOLDS[unit] = ord(one) if len(one) == 1 and ord(one) < 1 << 16 else _WIDER
        folded = _UNIT_FOLDS[units]
    wider = np.flatnonzero(folded == _WIDER).tolist()
    if not wider:
        return folded.tobytes().decode("utf-32-le", "surrogatepass")
    folded[wider] = units[wider]  # kept as they are here, replaced below
    kept = folded.tobytes().decode("utf-32-le", "surrogatepass")
    pieces, start = [], 0
    for at in wider:
        pieces += [kept[start:at], _FOLDS[ord(text[at])]]
        start = at + 1
    pieces.append(kept[start:])
    return "".join(pieces)


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
    if len(folded) == len(shown) and not _UNCOLLAPSED.search(folded):
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
