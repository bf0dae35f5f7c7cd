"""The search index: exact substring search over the public records, static and sharded.

A visitor gets (from `gongkai/assets/search.js`, which reads the files written here) exactly the
public records whose title, summary, body (as plain text), document number or attachment text
contain the query,
like the browser's find-in-page across the site; ranked title hits first, then by number of
occurrences, then newest first. `tests/test_search_index.py` mirrors the reader in Python.

The gram index is built in `gongkai.render.search.gram_index` (whole-array NumPy steps); this module
prepares the text and writes the snippets and the manifest. Normalisation is in
`gongkai.render.search.text` (the same there and in search.js; a browser test
compares them on every code point); `search_text(record)` is the ground truth of the tests.

The index: positional lists of variable-length character grams.
- Record numbers are places in `catalog.public()` (newest first), so "newer first" is "smaller".
- Positions are "virtual": the title from 0, the other fields (summary, body, document number,
  joined by "\n") from `titleSpan` (longest title + 1). A match at p is a title hit iff
  p < titleSpan, and the gap keeps matches from spanning title and summary.
- Every bigram found in more than `rare` records has a positional list: per record, the positions
  where it occurs. A query is found
  where the grams of a *cover* (grams of the query whose ranges together cover every character)
  occur at their offsets from a common start p in the same record; that is exactly where the query
  occurs, without fetching any text. Occurrences (and so the count and the title flag) come out of
  the same intersection.
- A gram found in at most `rare` records (most grams: most of the keys and positions of an index
  that had them all) is *rare*: only its records are kept, in a bucket shared with other rare
  grams (`gongkai.render.search.buckets`). A query needing one takes the records that every gram
  of its cover allows and verifies each in the record's text pack (which its snippet needs
  anyway): the count, the title flag and the first position come from the text.
- A gram whose positional list would exceed `frequent` bytes (below `max_gram` characters) is
  *frequent* ("20", "万元", "〔2019", "通知"...): it gets a summary list instead (record, count,
  title flag), enough to answer a query equal to it, and its one-character
  extensions on both sides are indexed at the next length, so a longer query covers itself with
  them rather than with the big list. A gram of length >= 3 is indexed iff its prefix or its suffix
  (one character shorter) is frequent; the manifest lists the frequent grams, so the browser knows
  from the manifest alone which grams exist and which files to fetch: the worst case a query costs
  is a few shards, however common its words (measured: scripts/bench_search.py).
- Single characters have summary lists only: a one-character query is answered from it, and a
  longer query never needs single characters.

Files (under `search/`; the same catalog gives the same bytes). Every file but the manifest lies
under `search/<stamp>/`, the stamp being a digest of those files: a page loaded before a rebuild
keeps reading the files its manifest names (or, once they are gone, finds them missing and
reloads the manifest) and never mixes two builds' record numbers, shards and snippets.
  index.json       manifest: format version, stamp, record count, titleSpan, the shard
                   counts, the average positional shard size, the records per text pack and
                   per group of sizes, the characters of "x" in a cut record's head ("head"), the bucket count, the buckets per bucket shard and the Exp-Golomb order of their lists, the frequent grams ("\n"-joined), the
                   common characters (a string), the record types. search.js asks for it again
                   (a conditional request) before every search after the first, so that an open
                   page finds a rebuild even when every file it needs is in its cache
The paths below are relative to `search/<stamp>/`:
  s/<i>.bin        positional-list shard i: the lists of the grams whose FNV-1a (32 bit, over the
                   gram's UTF-16 code units) modulo `shards` is i. Layout: varint key count; per
                   key varint code-unit count, UTF-16LE key, varint list size; then the lists
                   in the same order
  g/<hex>.bin      the summary list of a frequent gram or of a common character (a character whose
                   list is over half a shard's target size), named by its code points in hex, "-"-joined
  c/<i>.bin        summary-list shard i of the other characters, laid out like s/ (modulo
                   `characterShards`); a character that occurs nowhere is in none
  b/<i>.bin        bucket shard i (gongkai.render.search.buckets): buckets i * bucketShard onwards,
                   each the ascending records of the rare grams whose FNV-1a modulo `buckets` is
                   its number: gaps in Exp-Golomb codes of order `bucketOrder` (below); per bucket
                   varint size in bytes, then the lists
  types.txt        one digit per record: its type (index into the manifest's types), for the filter
                   (the portal's types are its agencies: chr(48 + index), UTF-8, past ten of them)
  agencies.txt     on a site that declares agencies (gongkai/agencies.py): one character per record,
                   U+0030 plus its agency's place in the manifest's agencies ([slug, short name]),
                   for the filter by agency
  packs.bin        zlib: varint count and UTF-16LE code units of the rank table (the code
                   units of the first records' text, commonest first), varint size and bytes of the
                   preset dictionary (the end of the first records' coded text, 32 KB)
  o/<i>.bin        zlib: the stored size of records i * sizeGroup onwards (the manifest's
                   "sizeGroup", a multiple of "pack"), varints: where a record's bytes lie in its pack;
                   then as many varints, the size of each record's head (0: the record is not cut)
  p/<i>.bin        text pack i: records i * pack onwards (the manifest's "pack"), each compressed
                   on its own against the dictionary, end to end (gongkai.render.search.packs: raw
                   deflate and the Adler-32 of dictionary and text; a zlib header and the
                   dictionary as a stored block in front make it one zlib stream for the
                   browser, whose output after the dictionary is the text): JSON, coded by rank
                   (a byte for the 128 commonest code units, 0x80 | high, low for the next 32,512,
                   0xFF and the code unit, little-endian, for any other), of the
                   record's title "t", URL "u", date "d", type "k", document number "n" and
                   its other fields as displayed, "\n"-joined ("x": summary, body, number,
                   attachments); for a record with attachment text, "a": [[offset, name], ...],
                   where each attachment's text starts (normalised offset in "x"), so that a hit
                   first found in an attachment names it in the snippet. The text is stored once:
                   the snippets of the hits on screen are cut from it. A record whose "x" is longer
                   than 1,280 characters is cut: its first bytes (the head's size in o/), ended by a
                   sync flush, are its JSON up to "head" characters into "x"; read alone (raw
                   deflate behind the dictionary's stored block, then an empty final block), they
                   are that JSON, to which '"}' is added. search.js reads a hit's head, and the
                   rest only when the snippet is not in the head (or the index puts its first match
                   past it). Measured at a province of 295,386 records: the 20 hits on screen of
                   月， were 129 KB of text whole
The .bin files of s/, c/, g/, b/ and p/ are zlib-compressed ("deflate" to the browser's
DecompressionStream): the host's disk counts them at their compressed size.
Positional list: a byte of two Exp-Golomb orders (gaps << 4 | values, each floor(log2(mean + 1))
of the list's values), then per record the code of its gap (number - previous number - 1), then
per occurrence that of (delta << 1 | more): delta is the first position, then the distance from
the previous occurrence; more is 1 but on the record's last occurrence (no count: most grams occur
once in a record, and a count byte was a fifth of the index); zero bits up to a whole byte (a
reader stops after the last one bit). An Exp-Golomb code of order k: w = value + 2**k in binary
(n + 1 bits, n = floor(log2 w)) behind n - k zeros, most significant bit first; k + 1 bits for a
value under 2**k, 2 more per doubling: a position costs 12-13 bits where a varint cost 16, and
zlib did not get the difference back (2,000 records: the shards 12 % smaller, the buckets 5 %).
Summary list: a byte of two Exp-Golomb orders (gaps << 4 | values, as above), a byte saying where
the gram is in titles (0: in no record's title, 1: in every record's, 2: a flag per record), then
per record the code of its gap (number - previous number - 1) and that of its value: count - 1,
or (count - 1) << 1 | in title with 2; zero bits up to a whole byte (no first position: the
snippet finds it in the record's text). In varints a record cost two bytes whatever its values,
and a common character's or frequent gram's list is the biggest file a query fetches: at a portal
of 73,857 records (25 agencies) 的 50.9 KB, 万元 37.0 KB, 政府 21.4 KB, zlib-compressed; coded so,
44.1, 30.5 and 17.6 KB (all summary lists 44.4 MB -> 37.3 MB).

Why shards and packs: a static host serves whole files, and at 10,000 records one file per gram,
per character and per snippet chunk meant ~36,000 small files, whose writing cost more than
building the index, and a host limits files as well as bytes. Packs of many records keep the text to
few files, each record compressed on its own so that a hit costs one range request of its own
record's bytes. Shards of
~16 KB keep a query to a few small fetches; a big list (a common character, a frequent gram) keeps
a file of its own, so that a query for it fetches only that list.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import shutil
from collections.abc import Callable, Iterable, MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING

from gongkai.render.search.corpus import Fields
from gongkai.render.search.gram_index import Limits, build_gram_index
from gongkai.render.search.packs import HEAD, Packs
from gongkai.render.search.shards import FNV_BASIS, FNV_PRIME
from gongkai.render.search.text import (
    SEPARATOR,
    display,
    field_map,
    named_fields,
    normalise,
    normalise_query,
    search_text,
)
from gongkai.types import RECORD_TYPES, FolderSink

if TYPE_CHECKING:
    from gongkai.model.records import Catalog

__all__ = [
    "SEPARATOR",
    "Limits",
    "SearchText",
    "display",
    "fnv1a",
    "normalise",
    "normalise_query",
    "search_files",
    "search_text",
    "write_index",
    "write_stored_text",
]

FORMAT_VERSION = 17  # 3: data files under search/<stamp>/; 4: snippet chunks name attachments ("a");
# 5: positional lists without counts (a "more" bit on each position); 6: text packs (p/) for t/;
# 7: rare grams in record buckets (b/), verified in the text packs; 8: shards zlib-compressed,
# summary lists without the first position; 9: each record compressed alone in its pack;
# 10: the text in UTF-16; 11: the text packs compressed against a preset dictionary (in packs.bin);
# 12: positional lists in Exp-Golomb codes; 13: bucket lists too; 14: the text coded by character rank;
# 15: the records' stored sizes in groups (o/), not in packs.bin; 16: summary lists in Exp-Golomb codes;
# 17: long records cut into a head and the rest (o/ gives the heads' sizes), a snippet reads the head


def fnv1a(key: str) -> int:
    """FNV-1a, 32 bit, over the UTF-16 code units of `key` (as search.js computes it)."""
    data = key.encode("utf-16-le")
    h = FNV_BASIS
    for i in range(0, len(data), 2):
        h ^= data[i] | (data[i + 1] << 8)
        h = (h * FNV_PRIME) & 0xFFFFFFFF
    return h


def search_files(
    catalog: Catalog, limits: Limits = Limits(), files: MutableMapping[str, bytes] | None = None
) -> MutableMapping[str, bytes]:
    """The search index for the public records, as site-relative path -> bytes, put into `files`
    (a new dict if None) as they are made: the output process writes them to disk at once
    (gongkai.build.staging.Staging), so that the index is never held in memory whole."""
    out: MutableMapping[str, bytes] = {} if files is None else files
    write_index(SearchText(catalog, limits, out))
    return out


class SearchText:
    """The first half of a search index: the snippet files (written at once) and the normalised
    text of every public record, which is all the gram index needs (`write_index`). The catalog
    is not needed after this, so a caller short of memory can let it go in between.

    With `catalog` None the records come from `add` (in record-number order) and `finish`: the
    portal's combined index (`gongkai.portal.search`), whose `types` are the agencies."""

    def __init__(
        self,
        catalog: Catalog | None,
        limits: Limits,
        files: MutableMapping[str, bytes] | FolderSink,
        types: list[list[str]] | None = None,
        stored: bool = True,
    ):
        self.out, self.limits = files, limits
        self.files = _Stamping(files)
        self.types = [[t.key, t.label] for t in RECORD_TYPES] if types is None else types
        self.fields = Fields()  # per record, normalised: title, summary, body, number, attachments
        self.kinds: list[int] = []  # per record: its place in `types`
        # The text packs; with `stored` False they are written elsewhere (`write_stored_text`, in
        # another process: the portal) and handed over by `adopt`.
        self.packs = Packs(self.files, limits.pack, limits.size_group) if stored else None
        self.stored_elsewhere: Callable[[], dict[str, bytes]] | None = None
        self.agencies: list[list[str]] = []  # a site's declared agencies, [slug, short name]: the filter by agency
        if catalog is None:
            return
        type_index = {t.key: i for i, t in enumerate(RECORD_TYPES)}
        records = catalog.public()
        for record in records:
            shown, names = named_fields(record)  # as displayed; one record at a time (memory)
            self.add(shown, names, record.url, record.publish_date.isoformat(), type_index[record.type.key])
        self.finish()
        if catalog.agencies:
            self.agencies = [[a.slug, a.short_name] for a in catalog.agencies]
            places = {a: i for i, a in enumerate(catalog.agencies)}
            owners = "".join(chr(48 + places[r.agency]) if r.agency else "0" for r in records)
            self.files["search/agencies.txt"] = owners.encode("utf-8")

    def add(self, shown: list[str], names: list[str], url: str, date: str, kind: int) -> None:
        """The next record: its fields as displayed (title, summary, body, document number, the
        text of each attachment named in `names`), its page, date (YYYY-MM-DD) and place in `types`."""
        normalised = [field_map(field)[0] for field in shown[1:]]
        self.fields.add([normalise(shown[0]), *normalised])
        if self.packs is not None:
            self.packs.add(stored_entry(shown, names, url, date, kind, normalised))
        self.kinds.append(kind)

    def finish(self) -> None:
        """The last text pack and types.txt: one character per record, chr(48 + its place in
        `types`) (a digit while there are at most ten)."""
        if self.packs is not None:
            self.packs.finish()
        self.files["search/types.txt"] = "".join(chr(48 + k) for k in self.kinds).encode("utf-8")

    def adopt(self, digests: Callable[[], dict[str, bytes]]) -> None:
        """The text packs `write_stored_text` writes into this index's files: `digests` gives
        their digests once they are written; `write_index` asks for them once the gram index
        is built, before it stamps the files."""
        self.stored_elsewhere = digests


Record = tuple[list[str], list[str], str, str, int]  # `SearchText.add`'s arguments


def write_stored_text(
    records: Iterable[Record], limits: Limits, files: MutableMapping[str, bytes] | FolderSink
) -> dict[str, bytes]:
    """The text packs alone of `records` (p/, o/, packs.bin, as `SearchText` writes them) into
    `files`, where a SearchText(stored=False) over the same files expects them: returns their
    digests, for its `adopt`."""
    stamping = _Stamping(files)
    packs = Packs(stamping, limits.pack, limits.size_group)
    for shown, names, url, date, kind in records:
        packs.add(stored_entry(shown, names, url, date, kind))
    packs.finish()
    return stamping.digests


def stored_entry(
    shown: list[str], names: list[str], url: str, date: str, kind: int, normalised: list[str] | None = None
) -> dict[str, object]:
    """A record's entry in the text packs (`SearchText.add`'s arguments; `normalised`: its fields
    after the title normalised, if they are at hand)."""
    entry: dict[str, object] = {"t": shown[0], "u": url, "d": date, "k": kind, "n": shown[3]}
    entry["x"] = SEPARATOR.join(shown[1:])
    if names:  # where each attachment's text starts (the fields after summary, body, number)
        if normalised is None:
            normalised = [field_map(field)[0] for field in shown[1:]]
        starts = list(itertools.accumulate((len(field) + 1 for field in normalised), initial=0))
        entry["a"] = [[start, name] for start, name in zip(starts[3:], names)]
    return entry


def write_index(text: SearchText) -> None:
    """The gram index and the manifest of `text`'s records (its normalised text is used up)."""
    files, limits = text.files, text.limits
    title_span, count = text.fields.title_span, text.fields.records
    index = build_gram_index(text.fields, limits, files)
    text.fields = Fields()
    if text.stored_elsewhere is not None:
        files.digests.update(text.stored_elsewhere())
    manifest = {
        "version": FORMAT_VERSION,
        "stamp": files.finish(),
        "records": count,
        "titleSpan": title_span,
        "shards": index.shard_count,
        "shardBytes": index.shard_average,
        "characterShards": index.character_shard_count,
        "pack": limits.pack,
        "sizeGroup": limits.size_group,
        "head": HEAD,
        "buckets": index.bucket_count,
        "bucketShard": index.buckets_per_shard,
        "bucketOrder": index.bucket_order,
        "frequent": "\n".join(index.frequent),
        "common": "".join(index.common),
        "types": text.types,
        **({"agencies": text.agencies} if text.agencies else {}),
    }
    text.out["search/index.json"] = _json(manifest)


def remove_old_indexes(site_dir: Path) -> None:
    """Delete the search/<stamp>/ folders other than the one the manifest names: a site updated in
    place (the background refresh under `mkdocs serve`) would otherwise keep every index it had."""
    try:
        stamp = json.loads((site_dir / "search" / "index.json").read_text(encoding="utf-8"))["stamp"]
    except (OSError, ValueError, KeyError, TypeError):
        return
    for folder in (site_dir / "search").iterdir():
        if folder.is_dir() and folder.name != stamp:
            shutil.rmtree(folder, ignore_errors=True)


_BUILDING = "search/.building/"  # where the data files go until their stamp is known


class _Stamping:
    """Puts the data files into `files` as they are made, under `_BUILDING`, and digests them;
    `finish()` computes the stamp (a digest of the files' names and bytes: the same index, the same
    stamp) and moves them under search/<stamp>/ (a folder rename when `files` is a staging folder)."""

    def __init__(self, files: MutableMapping[str, bytes] | FolderSink):
        self.files = files
        self.digests: dict[str, bytes] = {}

    def __setitem__(self, path: str, data: bytes) -> None:
        relative = path.removeprefix("search/")
        self.digests[relative] = len(data).to_bytes(8, "little") + hashlib.sha256(data).digest()
        self.files[_BUILDING + relative] = data

    def finish(self) -> str:
        digest = hashlib.sha256()
        for relative in sorted(self.digests):
            digest.update(relative.encode("utf-8") + b"\0" + self.digests[relative])
        stamp = digest.hexdigest()[:16]
        if hasattr(self.files, "move"):
            self.files.move(_BUILDING, f"search/{stamp}/")
        else:
            for relative in self.digests:
                self.files[f"search/{stamp}/{relative}"] = self.files.pop(_BUILDING + relative)
        return stamp


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
