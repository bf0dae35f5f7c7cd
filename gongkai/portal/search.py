"""The portal's search: one exact index over every agency's records, rebuilt from their text packs.

Every agency site publishes, beside its search index, its records' full searchable text as shown
(`search/<stamp>/p/*.bin`, format in `gongkai.render.search.write`). The portal reads that text
(never the agencies' YAML) and builds one combined index with the same builder, so that search.js
answers a query from one manifest and a few shards, however many agencies there are (querying the
agencies' own indexes side by side would cost one manifest and a shard or more per agency per
query; measured: scripts/bench_portal.py). Each record's link points to its page on its agency's
site; the index's "types" are the agencies, so the search page filters by agency.

`search_entries` is the one place that reads an agency's packs (decoded by the builder's own
`render.search.packs.Directory`, so that a change of their coding changes both together) and
checks them: a change of the index's format that keeps the entries' fields touches only it.
"""

from __future__ import annotations

import contextlib
import heapq
import json
import multiprocessing
import threading
import urllib.parse
import zlib
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from gongkai.portal.sources import DATE, OutputError
from gongkai.render.search.forked import can_fork
from gongkai.render.search.packs import Directory, inflate_record, split_pack, stored_sizes
from gongkai.render.search.write import (
    FORMAT_VERSION,
    SEPARATOR,
    Limits,
    Record,
    SearchText,
    write_index,
    write_stored_text,
)
from gongkai.types import FolderSink

MANIFEST = "search/index.json"
# The index formats an agency's site may have: this gongkai's, 16 and 15 (text packs as in 17, no
# heads' sizes in o/: `stored_sizes` reads both) and 14 (the records' stored sizes in packs.bin): a
# province whose agencies publish with an earlier release builds its portal.
READS = (14, 15, 16, FORMAT_VERSION)

# From this many characters of text (about four agencies of 3,000 records), a forked process builds
# half of the gram index's parts (`Limits.fork_from`): the text packs' child is done by then and
# the second core idle. Below it, forking and handing the lists back cost more than they save.
FORK_FROM = 1 << 24

__all__ = ["MANIFEST", "SearchSource", "read_search", "search_entries", "write_search"]

Get = Callable[[str], bytes]  # site-relative path -> bytes (raises OutputError when unreadable)


def search_entries(get: Get, decode: bool = True) -> Iterator[dict[str, Any]]:
    """Every record's entry in an agency's text packs, in its record order (newest first): title
    "t", page "u" (site-relative), date "d", the other fields as displayed "x" ("\\n"-joined:
    summary, body, document number, then each attachment's text) and the attachments' names "a".
    Raises `OutputError` on anything missing, cut short or of another format. With `decode`
    False, each record is only inflated (its checksum checked) and an empty entry given: decoding
    the text is most of the cost, and a portal does it once, when it builds the index."""
    try:
        manifest = json.loads(get(MANIFEST))
        version, stamp, count, pack = manifest["version"], manifest["stamp"], manifest["records"], manifest["pack"]
        group = manifest["sizeGroup"] if version != 14 else count
    except (ValueError, KeyError, TypeError) as exc:
        raise OutputError(f"{MANIFEST} 不是有效的检索索引清单：文件可能不完整或已损坏") from exc
    if version not in READS:
        raise OutputError(
            f"检索索引的格式是第 {version} 版，门户读取第 {'、'.join(map(str, READS))} 版：请用与门户相同版本的 gongkai 重新生成该机关的网站"
        )
    folder = f"search/{stamp}/"
    try:
        directory = Directory(get(folder + "packs.bin"))  # the rank table and the dictionary
        sizes = directory.sizes if version == 14 else stored_sizes(lambda i: get(f"{folder}o/{i}.bin"), count, group)
        if len(sizes) != count:  # format 14 (stored_sizes checks the groups' counts itself)
            raise OutputError(f"{folder}packs.bin 记有 {len(sizes)} 条记录，清单是 {count} 条：检索索引不完整")
        for first in range(0, count, pack):
            relative = f"{folder}p/{first // pack}.bin"
            data, held = get(relative), sizes[first : first + pack]
            stored = split_pack(data, held)
            if decode:
                entries = directory.entries(stored)  # a pack's text decoded together
            else:
                for record in stored:
                    inflate_record(record, directory.dictionary)  # its checksum checked
                entries = [{} for _ in stored]
            if sum(held) != len(data):
                raise OutputError(f"{relative} 的长度与记录的大小不符：检索索引不完整")
            for entry in entries:
                if decode:
                    _check(entry, relative)
                yield entry
    except (zlib.error, ValueError, IndexError) as exc:  # JSON and Unicode errors are ValueErrors
        raise OutputError(f"{folder} 下的检索文本无法读取（{exc}）：文件可能不完整或已损坏") from exc


def _check(entry: Any, relative: str) -> None:
    fine = (
        isinstance(entry, dict)
        and all(isinstance(entry.get(k), str) for k in ("t", "u", "x"))
        and DATE.match(str(entry.get("d")))
        and isinstance(entry.get("a", []), list)
    )
    if not fine or entry["x"].count(SEPARATOR) != 2 + len(entry.get("a", [])):
        raise OutputError(f"{relative} 中有一条记录的检索文本缺少标题、网址、日期或字段：文件可能不完整或已损坏")


def read_search(fetch: Get, records: int) -> dict[str, bytes]:
    """The files of an agency's search text (its manifest, packs.bin, sizes and text packs), checked:
    every record's bytes whole (their checksums) and as many as the agency's open data has
    records. Their text is decoded and checked when the index is built (`write_search`)."""
    files: dict[str, bytes] = {}

    def get(relative: str) -> bytes:
        files[relative] = fetch(relative)
        return files[relative]

    count = sum(1 for _ in search_entries(get, decode=False))
    if count != records:
        raise OutputError(f"检索索引有 {count} 条记录，开放数据有 {records} 条：两者不是同一次生成的结果")
    return files


@dataclass(frozen=True)
class SearchSource:
    """One agency's search text for the combined index: its id and name (the filter), the
    address its pages' links are relative to, and where its files are read (its last good copy)."""

    id: str
    name: str
    base: str
    get: Get


def write_search(sources: Iterable[SearchSource], files: MutableMapping[str, bytes] | FolderSink) -> int:
    """The combined index into `files` (search/...): the agencies' records newest first (one
    agency's own order kept; agencies in `sources`' order within a day). Returns the record count.

    Two processes share the work where the system can fork: a child writes the text packs
    (coding and compressing every record's text) while this one normalises the text and builds
    the gram index; each reads and decodes the agencies' text itself (a pack's decoding costs
    less than handing its text from one process to the other)."""
    sources = list(sources)
    limits = Limits(fork_from=FORK_FROM)
    forked = can_fork()
    types = [[s.id, s.name] for s in sources]
    text = SearchText(None, limits, files, types=types, stored=not forked)
    child = _StoredText(sources, limits, files) if forked else None
    try:
        for record in _records(sources):
            text.add(*record)
        text.finish()
        count = text.fields.records
        if child is not None:
            text.adopt(child.result)  # asked for once the gram index is built
        write_index(text)
    finally:
        if child is not None:
            child.stop()
    return count


def _records(sources: list[SearchSource]) -> Iterator[Record]:
    """`SearchText.add`'s arguments for every record, merged newest first."""

    def keyed(kind: int, source: SearchSource) -> Iterator[tuple[str, int, dict[str, Any]]]:
        for entry in search_entries(source.get):
            yield entry["d"], kind, entry

    for _date, kind, entry in heapq.merge(
        *(keyed(kind, s) for kind, s in enumerate(sources)), key=lambda item: item[0], reverse=True
    ):
        names = [str(a[1]) for a in entry.get("a", [])]
        url = urllib.parse.urljoin(sources[kind].base, entry["u"])
        yield [entry["t"], *entry["x"].split(SEPARATOR)], names, url, entry["d"], kind


class _StoredText:
    """The text packs of the combined index, written by a forked child process
    (`write_stored_text`) into `files` when it is a folder (else handed back with the digests)."""

    def __init__(self, sources: list[SearchSource], limits: Limits, files: MutableMapping[str, bytes] | FolderSink):
        self.files = files
        context = multiprocessing.get_context("fork")
        self.receive, send = context.Pipe(duplex=False)
        self.process = context.Process(target=self._run, args=(sources, limits, send), daemon=True)
        self.process.start()
        send.close()
        # The digests (some 200 KB at 100 agencies, more than a pipe holds) are read as soon as
        # they come, so that the child ends and frees its memory before the gram index's peak.
        self.outcome: tuple[str, Any, dict[str, bytes]] = ("failed", "the process ended without a result", {})
        self.reader = threading.Thread(target=self._receive, daemon=True)
        self.reader.start()

    def _receive(self) -> None:
        with contextlib.suppress(EOFError):  # the child died: the outcome stays "failed"
            self.outcome = self.receive.recv()

    def _run(self, sources: list[SearchSource], limits: Limits, send: Connection) -> None:
        handed: dict[str, bytes] = {}  # the files, if `files` is a dict (the parent's, not this copy)
        written = self.files if hasattr(self.files, "move") else handed
        try:
            digests = write_stored_text(_records(sources), limits, written)
            send.send(("done", digests, handed))
        except OutputError as exc:
            send.send(("output", str(exc), {}))
        except BaseException as exc:  # handed to the parent, which raises it
            send.send(("failed", f"{type(exc).__name__}: {exc}", {}))
        finally:
            send.close()

    def result(self) -> dict[str, bytes]:
        """The packs' digests, once the child is done; raises what it raised."""
        self.reader.join()
        outcome, value, handed = self.outcome
        self.process.join()
        if outcome == "output":
            raise OutputError(value)
        if outcome != "done":
            raise RuntimeError(f"writing the text packs failed: {value}")
        for relative, data in handed.items():
            self.files[relative] = data
        digests: dict[str, bytes] = value
        return digests

    def stop(self) -> None:
        """Ends the child if it is still running (the portal's own part failed)."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.reader.join()
