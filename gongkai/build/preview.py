"""The editor's preview (`mkdocs serve`): rebuild only what a saved change touches.

MkDocs rebuilds every page after every change: half a minute at 10,000 records. Between builds of
one `mkdocs serve`, a `Preview` keeps what the previous builds found, so that after a change to
record files only:
- only the changed files are read again (`SourceCache`); schema problems and per-record rule
  families are reused for the others (`gongkai.validate.memo`); the cross-record rules run on all;
- only the pages the change can alter are rendered again (`Preview.plan`): the changed records'
  pages, those of records linked to them (two links away, both ways: a document's validity shows on
  its interpretations' pages) and, for annual reports, the other reports of the type (year-on-year
  figures); the listing pages (sections, catalog, home...) only if a changed record's listed
  fields changed, and then only those whose HTML differs. When the records the change can alter
  keep their places in the listings (`placement`: same publicity, date, agency, status), a listing
  page that links to none of them is not rendered again: its rows and counts are the same (at
  10,000 records, most of a title save's work was rendering the ~300 year pages to find the two or
  three that show the title);
- feeds, open data and the search index are refreshed in the background (the caller's business).
Any other change (mkdocs.yml, content/, attachments) makes a full build. A build whose records
have errors changes nothing; the errors are shown over every page (`with_banner`) until fixed.

Nothing here knows MkDocs: the plugin asks `Preview.plan` which pages are stale.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gongkai.load.data import walk
from gongkai.load.files import PathKey
from gongkai.load.records import YAML_SUFFIXES, SourceRecord, discover, load_records
from gongkai.model.records import Catalog, Record
from gongkai.problems import Problem
from gongkai.render.spec import PageSpec
from gongkai.types import RECORD_TYPES, RecordType
from gongkai.validate.memo import ValidationMemo

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

Signature = tuple[int, int, int, int]  # (mtime_ns, size) of the record file and of its body file


def _stat(path: Path) -> tuple[int, int]:
    try:
        found = path.stat()
    except OSError:
        return (-1, -1)
    return (found.st_mtime_ns, found.st_size)


class SourceCache:
    """`load_records`, re-reading only the files whose modification time or size changed."""

    def __init__(self) -> None:
        self._files: dict[Path, tuple[Signature, SourceRecord]] = {}
        self._records: list[SourceRecord] = []
        self._data_dir: Path | None = None

    def load(self, data_dir: Path, max_bytes: int, changed: set[Path] | None = None) -> list[SourceRecord]:
        """Every record, in `discover` order. `changed`: the only files that may have changed
        since the previous call (from a `Snapshot`); None: look at every file."""
        if (
            changed is not None
            and self._data_dir == data_dir
            and not any(p.suffix in YAML_SUFFIXES and (p in self._files) != p.is_file() for p in changed)
        ):  # no record file added or removed: the others keep their places
            paths = {p.with_suffix(s) for p in changed for s in YAML_SUFFIXES} & self._files.keys()
            for path in paths:
                self._files[path] = _read(data_dir, max_bytes, self._files[path][1].type, path, self._files[path])
            self._records = [self._files[r.path][1] for r in self._records]
            return self._records
        files = self._files
        self._files = {path: _read(data_dir, max_bytes, t, path, files.get(path)) for t, path in discover(data_dir)}
        self._data_dir = data_dir
        self._records = [kept[1] for kept in self._files.values()]
        return self._records


def _read(
    data_dir: Path, max_bytes: int, record_type: RecordType, path: Path, kept: tuple[Signature, SourceRecord] | None
) -> tuple[Signature, SourceRecord]:
    """The record file as loaded before if its signature is the same, else read again."""
    signature = (*_stat(path), *_stat(path.with_suffix(".md")))
    if kept is None or kept[0] != signature:
        return (signature, load_records(data_dir, max_bytes, [(record_type, path)])[0])
    return kept


class Snapshot:
    """Modification times and sizes of every file under some folders (and of some files)."""

    def __init__(self, roots: Iterable[Path]):
        self.files: dict[str, tuple[int, int]] = {}
        for root in roots:
            if root.is_file():
                self.files[str(root)] = _stat(root)
            elif root.is_dir():
                for folder, _, names in os.walk(root):
                    for name in names:
                        path = os.path.join(folder, name)
                        self.files[path] = _stat(Path(path))

    def changed(self, before: Snapshot) -> set[Path]:
        names = {n for n in self.files.keys() | before.files.keys() if self.files.get(n) != before.files.get(n)}
        return {Path(n) for n in names}


def only_records(changed: set[Path], data_dir: Path) -> bool:
    """True if every changed file is a record file or a record's body file (data/<type>/<id>.yaml|.md)."""
    folders = {(data_dir / t.key).resolve() for t in RECORD_TYPES}
    return bool(changed) and all(p.suffix in (*YAML_SUFFIXES, ".md") and p.parent.resolve() in folders for p in changed)


@dataclass
class Plan:
    """What one preview build renders: `stale` page sources (src_uri); `removed` ones whose output goes."""

    stale: set[str]
    removed: set[str]
    contents: dict[str, str] = field(default_factory=dict)  # listing pages rendered while planning


@dataclass
class _Built:
    """What the last good build was made from."""

    records: dict[Path, SourceRecord]
    pages: set[str]
    listings: dict[str, str]  # src_uri -> digest of the content of each non-record page
    places: dict[str, Placement] = field(default_factory=dict)  # record URL -> `placement`, public records
    links: dict[str, frozenset[str]] = field(default_factory=dict)  # src_uri -> URLs linked by each non-record page


class Preview:
    """State kept by the plugin across the builds of one `mkdocs serve`."""

    def __init__(self) -> None:
        self.sources = SourceCache()
        self.memo = ValidationMemo()
        self.problems: list[Problem] = []  # errors of the latest build, shown over every page; [] once fixed
        self.snapshot: Snapshot | None = None
        self.full_pending = True  # the next build must be a full one (no good build yet, or a full one failed)
        self.patching = False  # the build under way renders only the stale pages
        self._built: _Built | None = None
        self._records: list[SourceRecord] = []
        self._changed: set[Path] | None = None
        self._names: dict[
            int, tuple[SourceRecord, set[tuple[PathKey, str]]]
        ] = {}  # strings of each record's fields (see _linked)

    # -- choosing the kind of build ----------------------------------------------------------------

    def choose(self, roots: list[Path], data_dir: Path) -> bool:
        """Called before each rebuild with the watched folders: True for a patch build (only
        record files changed since the previous build), False for a full one."""
        snapshot = Snapshot(roots)
        changed = snapshot.changed(self.snapshot) if self.snapshot is not None else set()
        self.snapshot = snapshot
        self.patching = not self.full_pending and self._built is not None and only_records(changed, data_dir)
        self._changed = changed if self.patching else None
        if not self.patching:
            self.full_pending = True
            self.memo = ValidationMemo()  # attachments may have changed under unchanged records
        return self.patching

    # -- one build ---------------------------------------------------------------------------------

    def load(self, data_dir: Path, max_bytes: int) -> list[SourceRecord]:
        self._records = self.sources.load(data_dir, max_bytes, self._changed if self.patching else None)
        self.memo.start()
        return self._records

    def validated(self, problems: list[Problem], failed: bool) -> None:
        self.memo.finish()
        self.problems = [p for p in problems if p.is_error] if failed else []
        if failed and not self.problems:  # failed on warnings (strict)
            self.problems = list(problems)

    def plan(self, specs: list[PageSpec], catalog: Catalog) -> Plan | None:
        """The pages to render for this build; None when every page must be (a full build)."""
        current = {r.path: r for r in self._records}
        places = {record.url: placement(record) for record in catalog.public()}
        if not self.patching or self._built is None:
            self._pending = _Built(current, {s.src_uri for s in specs}, {}, places)
            for spec in specs:
                if not spec.record:
                    self._pending.listings[spec.src_uri] = ""  # filled by `rendered`
            self._linked([])  # reads every record's strings now, not in the first patch build
            return None
        before = self._built.records
        changed = [p for p in current.keys() | before.keys() if current.get(p) is not before.get(p)]
        old = [before[p] for p in changed if p in before]
        new = [current[p] for p in changed if p in current]
        pages = {s.src_uri for s in specs}
        pairs = [(before.get(p), current.get(p)) for p in changed]
        if all(o is not None and n is not None and _listed([o]) == _listed([n]) for o, n in pairs):
            affected = new  # only bodies changed: no other page shows them
        else:  # two links away only if a reference changed (a document's validity shows on its interpretations)
            same = all(o is not None and n is not None and self._refs(o) == self._refs(n) for o, n in pairs)
            affected = self._linked(old + new, 1 if same else 2)
        stale = {_page_of(r) for r in affected} & pages
        stale |= {s.src_uri for s in specs if s.record and s.src_uri not in self._built.pages}
        plan = Plan(stale, self._built.pages - pages)
        listings, links = dict(self._built.listings), dict(self._built.links)
        if plan.removed or pages != self._built.pages or _listed(old) != _listed(new):
            urls = {_url_of(r) for r in affected}
            # Every listing keeps its rows in place: only the pages showing an affected record change.
            kept = pages == self._built.pages and all(places.get(u) == self._built.places.get(u) for u in urls)
            for spec in specs:
                if spec.record or (
                    kept and not spec.editorial and spec.src_uri in links and not links[spec.src_uri] & urls
                ):
                    continue
                content = spec.render()
                plan.contents[spec.src_uri] = content
                links[spec.src_uri] = _links(spec.src_uri, content)
                digest = _digest(content)
                if listings.get(spec.src_uri) != digest:
                    plan.stale.add(spec.src_uri)
                    listings[spec.src_uri] = digest
        self._pending = _Built(current, pages, listings, places, links)
        return plan

    def _linked(self, changed: list[SourceRecord], hops: int = 2) -> list[SourceRecord]:
        affected = _linked(changed, self._records, lambda r: {value for _, value in self._fields(r)}, hops)
        keep = {id(r) for r in self._records}
        self._names = {k: v for k, v in self._names.items() if k in keep}  # forget the replaced records
        return affected

    def _fields(self, record: SourceRecord) -> set[tuple[PathKey, str]]:
        """The short strings in the record's fields, with their field names (kept while the record is)."""
        kept = self._names.get(id(record))
        if kept is None or kept[0] is not record:
            found = {
                (path, item)
                for path, item, is_key in walk(record.data, indexes=False)
                if not is_key and isinstance(item, str) and len(item) <= 200
            }
            self._names[id(record)] = kept = (record, found)
        return kept[1]

    def _refs(self, record: SourceRecord) -> set[tuple[PathKey, str]]:
        """The record's references: its field values that are some record's id, with their field names."""
        ids = {r.id for r in self._records}
        return {(path, value) for path, value in self._fields(record) if value in ids}

    def rendered(self, src_uri: str, content: str) -> None:
        """A listing page's content in a full build (compared with the next patch build's)."""
        if src_uri in self._pending.listings:
            self._pending.listings[src_uri] = _digest(content)
            self._pending.links[src_uri] = _links(src_uri, content)

    def succeeded(self) -> None:
        """The build was written: it is the one the next patch build starts from."""
        self._built = self._pending
        if not self.patching:
            self.full_pending = False
        self.patching = False


def _page_of(record: SourceRecord) -> str:
    return f"{record.type.key}/{record.id}.md"


def _url_of(record: SourceRecord) -> str:
    return f"{record.type.key}/{record.id}/"


Placement = tuple[Any, ...]


def placement(record: Record) -> Placement:
    """What decides where listings put a public record and what their counts, years and dates read
    of it: listings are the public records newest first (type and id break ties), paged by
    publication year, per agency; the home and agency pages take the newest and the open
    consultations; feeds and open data their latest update (gongkai.render.listings, pages,
    agencies, feeds, exports). A change that keeps these changes only the rows showing the record."""
    agency = record.agency
    return (record.publish_date, agency.credit_code if agency else None, record.status, record.updated)


_LINK = re.compile(r'(?:href="|\]\()([^"\s)#?:]*)')  # HTML's href="…" and Markdown's [text](…)


def _links(src_uri: str, content: str) -> frozenset[str]:
    """The site-relative URLs (e.g. "documents/x/") that a page's content (HTML or Markdown) links to."""
    folder = src_uri[: -len("index.md")] if src_uri.endswith("index.md") else src_uri[: -len(".md")] + "/"
    found = set()
    for href in set(_LINK.findall(content)):
        path = posixpath.normpath(posixpath.join(folder, href))
        found.add(path.rstrip("/") + "/")
    return frozenset(found)


def _digest(content: str) -> str:
    return hashlib.blake2b(content.encode("utf-8"), digest_size=16).hexdigest()


def _listed(records: list[SourceRecord]) -> list[Any]:
    """What listing pages can show of these records: everything but the body text."""
    return sorted((repr(r.type.key), repr({k: v for k, v in r.data.items() if k != "body"})) for r in records)


def _linked(
    changed: list[SourceRecord], records: list[SourceRecord], strings: Callable[[SourceRecord], set[str]], hops: int = 2
) -> list[SourceRecord]:
    """The changed records, the records they name or that name them (by id, in any field), `hops`
    links away, and for annual reports every record of the same type. `strings(record)`: the
    short strings in its fields."""
    by_id: dict[str, list[SourceRecord]] = defaultdict(list)
    for record in records:
        by_id[record.id].append(record)
    naming: dict[str, list[SourceRecord]] = defaultdict(list)  # id -> records with that string in a field
    names: dict[int, set[str]] = {}
    for record in records + changed:
        names[id(record)] = found = {s for s in strings(record) if s in by_id}
        for name in found:
            naming[name].append(record)
    seen = {id(r): r for r in changed}
    frontier = list(changed)
    for _ in range(hops):
        following = []
        for record in frontier:
            near = naming.get(record.id, []) + [r for name in names[id(record)] for r in by_id[name]]
            for other in near:
                if id(other) not in seen:
                    seen[id(other)] = other
                    following.append(other)
        frontier = following
    report_types = {r.type.key for r in changed if r.type.key.startswith("reports/")}
    for record in records:
        if record.type.key in report_types:
            seen.setdefault(id(record), record)
    return list(seen.values())


# -- the errors over every page ------------------------------------------------------------------


def with_banner(app: Callable[..., Iterable[bytes]], banner: Callable[[], bytes | None]) -> WSGIApplication:
    """A WSGI app serving `app`'s responses with `banner()` (HTML, when not None) at the start of
    every HTML page's body: the last good site stays visible under the current errors."""

    def serve(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        shown = banner()
        if shown is None:
            return app(environ, start_response)
        answer: list[Any] = []
        body = app(environ, lambda status, headers, exc_info=None: answer.extend((status, headers)))
        status, headers = answer
        if not any(k.lower() == "content-type" and v.startswith("text/html") for k, v in headers):
            start_response(status, headers)
            return body
        try:
            content = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        content = _insert(content, shown)
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"] + [
            ("Content-Length", str(len(content)))
        ]
        start_response(status, headers)
        return [content]

    return serve


def _insert(page: bytes, banner: bytes) -> bytes:
    start = page.find(b"<body")
    end = page.find(b">", start) + 1 if start >= 0 else 0
    return page[:end] + banner + page[end:]
