"""Record ids (slugs): lowercase ASCII letters, digits and single hyphens, e.g. 2026-office-space.

Editors type ids like `2026-办公用房` or `2026_Office Space`; `suggest_slug` turns them into a
valid id (Chinese characters become pinyin, via pypinyin), used by `gongkai new --id` and in the
message for an invalid id.
"""

from __future__ import annotations

import re
import unicodedata

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# A listing's year page is /<type>/<year>/ (gongkai.render.listings), beside the records at /<type>/<id>/.
_YEAR_SEGMENT = re.compile(r"[0-9]+")


def is_slug(value: str) -> bool:
    return bool(SLUG.match(value))


# Ids whose page would be another page's source file: `<type>/index.md` is the type's listing
# (gongkai.render.pages), so a record `index` would get no page while listings, feeds and open
# data link to it.
RESERVED_IDS = frozenset({"index"})


def shadows_listing(record_id: str) -> bool:
    """True if a record with this id would sit at the URL of a listing page (/<type>/<year>/)."""
    return bool(_YEAR_SEGMENT.fullmatch(record_id))


def is_reserved(record_id: str) -> bool:
    """True if the id is kept for the site's own pages (`RESERVED_IDS`)."""
    return record_id in RESERVED_IDS


def suggest_slug(value: str) -> str:
    """A valid id as close as possible to `value` ('' when nothing usable is left)."""
    text = unicodedata.normalize("NFKC", value).strip()
    if _HAN.search(text):
        from pypinyin import lazy_pinyin  # loads a dictionary: only when there is Chinese to convert

        text = "-".join(lazy_pinyin(text))
    return _NOT_SLUG.sub("-", text.lower()).strip("-")
