"""One site build, independent of MkDocs: load → validate → catalog → pages and output files.

The MkDocs plugin drives this object; another static site generator could drive it the same way.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import shutil
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gongkai.config import Settings
from gongkai.model import Catalog
from gongkai.problems import Problem
from gongkai.render.pages import PageSpec, SiteInfo, SitePages
from gongkai.sources import SourceRecord, discover, load_records, records_digest
from gongkai.staging import Staging
from gongkai.validate import validate_records
from gongkai.validate.context import library_for
from gongkai.validate.memo import ValidationMemo


class SiteBuild:
    def __init__(self, settings: Settings, today: dt.date, *, site_name: str, site_url: str, extra: dict[str, Any]):
        self.settings = settings
        self.today = today
        self.site = SiteInfo(site_name, site_url, settings.data_dir / "attachments", today, extra)
        self.records: list[SourceRecord] = []
        self.library = library_for(settings)  # attachment contents, shared by validation and outputs
        self.problems: list[Problem] = []
        self.catalog: Catalog | None = None
        self.digest = ""  # of the records as read (gongkai.sources.records_digest)

    def validate(self, load: Callable[[Path, int], list[SourceRecord]] = load_records, memo: ValidationMemo | None = None) -> list[Problem]:
        """Load (with `load`: the preview's reads only changed files) and validate the records."""
        self.records = load(self.settings.data_dir, self.settings.max_file_bytes)
        self.digest = records_digest(self.records)
        self.problems = validate_records(self.records, self.settings, self.today, library=self.library, memo=memo)
        return self.problems

    @property
    def error_count(self) -> int:
        return sum(p.is_error for p in self.problems)

    @property
    def failed(self) -> bool:
        warnings = len(self.problems) - self.error_count
        return bool(self.error_count or (self.settings.strict and warnings))

    def make_catalog(self) -> Catalog:
        self.catalog = Catalog([(r.type, r.data) for r in self.records], self.today, self.library)
        return self.catalog

    def release_sources(self) -> None:
        """Drop the loaded files once the catalog is made: a one-off build needs no more than the
        catalog (which shares their data), and the positions of every value, kept for validation's
        messages, take more memory than the data (250 MB at 30,000 records)."""
        self.records = []

    def pages(self, existing: set[str]) -> list[PageSpec]:
        assert self.catalog is not None
        return SitePages(self.catalog, self.site, existing, self.settings).specs()

    def output_files(self) -> dict[str, bytes]:
        """Feeds, open data and the search index, as site-relative path -> bytes."""
        files: dict[str, bytes] = {}
        self.write_outputs(files)
        return files

    def write_outputs(self, files: dict[str, bytes] | Staging, *, keep_catalog: bool = True) -> None:
        """Put feeds, open data and the search index into `files` as each is made (a `Staging`
        writes them to disk at once, so that they are not all held in memory). Without
        `keep_catalog`, the catalog is let go once the search index has the text it needs: the
        index's arrays are the biggest of the build, and the catalog need not be held beside them."""
        from gongkai.render.exports import export_files
        from gongkai.render.feeds import feed_files
        from gongkai.render.search import Limits, SearchText, write_index

        assert self.catalog is not None
        files.update(feed_files(self.catalog, self.site.url, self.settings, site_name=self.site.name))
        export_files(self.catalog, self.site.url, files)
        text = SearchText(self.catalog, Limits(), files)
        if not keep_catalog:
            self.catalog = None
            gc.collect()  # records and catalog refer to each other
        write_index(text)

    def start_output_files(self, site_dir: Path) -> OutputJob:
        """Start computing feeds, exports and the search index in a child process, which also
        copies the public attachments; `release()` the job once `site_dir` may be written to,
        then `join()` it.

        They need nothing from the pages, so the child computes them on a second core while the
        caller validates the records and renders pages (the search index is the costliest output).
        The child reads and gates the records itself; its files are only written on release,
        so a build that fails validation writes none of them, and only if the child read what
        this process validated (the digests agree): otherwise this process writes them.
        """
        return OutputJob(self, site_dir)

    def attachments(self) -> list[tuple[str, Path]]:
        """Attachments referenced by a publishable record; nothing else is copied to the site."""
        assert self.catalog is not None
        folder = self.settings.data_dir / "attachments"
        return [(relative, folder / relative) for relative in sorted(self.catalog.attachment_files()) if (folder / relative).is_file()]

    def publish_outputs(self, site_dir: Path, files: dict[str, bytes]) -> None:
        """Write the output files (from `output_files()`) and copy the public attachments."""
        folders = _Folders()
        for relative, content in files.items():
            folders.target(site_dir / relative).write_bytes(content)
        copy_attachments(site_dir, self.attachments(), folders)


class OutputJob:
    """Output files computed by a child process while the parent validates and renders pages.

    The child is started with "spawn", not "fork": after a fork, the parent's reference counting
    touches every shared page and the copy-on-write faults cost more than the work saved. The
    child re-reads the records and builds its own catalog with the same build date, so the gate
    is the same; the parent only releases (and so publishes) its files after the records have
    passed validation. The release carries the digest of the records the parent validated; the
    child writes only if its own read has the same digest (a record edited during the build, as
    under `mkdocs serve`, would otherwise publish feeds, exports and search from files that were
    never validated), else it writes nothing and the parent computes the files from its read.
    """

    # Why the parent wrote the files itself (join's answer).
    DIED = "died"
    STALE = "stale"

    def __init__(self, build: SiteBuild, site_dir: Path):
        self.build, self.site_dir = build, site_dir
        context = multiprocessing.get_context("spawn")
        self.connection, child_end = context.Pipe()
        self.staging = Staging(site_dir)  # where the child writes its files until released
        arguments = (build.settings, build.today, build.site, self.staging, child_end)
        self.process = context.Process(target=_write_in_child, args=arguments, daemon=True)
        self.process.start()
        child_end.close()

    def release(self) -> None:
        """Let the child write its files (the site directory is ready for them), if it read the
        records this process validated."""
        try:
            self.connection.send((_WRITE, self.build.digest))
        except OSError:  # the child has already ended (with an error): join() reports it
            pass

    def join(self) -> str | None:
        """Wait for the files; raise RuntimeError with the child's traceback if it failed.

        None when the child wrote them. A child that read other records than this process
        validated (STALE), or died without a word (DIED: killed, out of memory, or unable to
        start, as when a script without an `if __name__ == "__main__":` guard builds the site), is
        not an error in the site: this process then writes the files itself from its own read and
        says why (the caller warns).
        """
        try:
            message = self.connection.recv()  # only sent on failure or a stale read
        except (EOFError, OSError):  # the child closed the pipe: it finished or died without a message
            message = ""
        self.process.join()
        self.staging.discard()  # left over if the child failed or read stale records
        if message == _STALE:
            reason = self.STALE
        elif self.process.exitcode == 0:
            return None
        elif message:
            raise RuntimeError(message)
        else:
            reason = self.DIED
        self.build.publish_outputs(self.site_dir, self.build.output_files())
        return reason

    def cancel(self) -> None:
        """Stop the child (the build failed elsewhere); it writes nothing."""
        self.process.terminate()
        self.process.join()
        self.connection.close()
        self.staging.discard()


_WRITE, _STALE = "write", "stale"


def copy_attachments(site_dir: Path, attachments: list[tuple[str, Path]], folders: _Folders | None = None) -> None:
    """Copy (site-relative path, source) pairs from `SiteBuild.attachments` into the site."""
    folders = folders or _Folders()
    for relative, source in attachments:
        shutil.copyfile(source, folders.target(site_dir / "attachments" / relative))


class _Folders:
    """Creates each target's folder once (thousands of files share a few hundred folders)."""

    def __init__(self) -> None:
        self.made: set[Path] = set()

    def target(self, path: Path) -> Path:
        if path.parent not in self.made:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(path.parent)
        return path


def _load_data(settings: Settings) -> list[SourceRecord]:
    """The records without the positions of their values (only validation needs those, and they
    take more memory than the data): dropped file by file, so that they never add up."""
    records = []
    for record_type, path in discover(settings.data_dir):
        record = load_records(settings.data_dir, settings.max_file_bytes, [(record_type, path)])[0]
        record.file.positions, record.file.key_positions = {}, {}
        records.append(record)
    return records


def _write_in_child(settings: Settings, today: dt.date, site: SiteInfo, staging: Staging, connection) -> None:
    from gongkai.render.search import remove_old_indexes

    try:
        build = SiteBuild(settings, today, site_name=site.name, site_url=site.url, extra=site.extra)
        build.records = _load_data(settings)
        digest = records_digest(build.records)
        build.make_catalog()
        build.records = []
        attachments = build.attachments()
        build.write_outputs(staging, keep_catalog=False)  # written as they are made: not held in memory until release
        try:
            order, validated = connection.recv()
        except (EOFError, OSError):  # the parent went away or cancelled the build
            staging.discard()
            return
        if order != _WRITE or validated != digest:  # cancelled, or a record changed between the two reads
            staging.discard()
            if order == _WRITE:
                connection.send(_STALE)
            return
        staging.publish()
        remove_old_indexes(staging.site_dir)  # only under `mkdocs serve`, whose site is updated in place
        copy_attachments(staging.site_dir, attachments)
    except BaseException as exc:  # reported to the parent, which fails the build with it
        connection.send("".join(traceback.format_exception(exc)))
        raise
    finally:
        connection.close()
