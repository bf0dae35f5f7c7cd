"""Watching the records under `mkdocs serve` by the system's file events.

MkDocs' server polls every watched folder twice a second (watchdog's `PollingObserver`), listing
and reading the status of every file each time. Under data/ that is every record and attachment: at
10,000 records a quarter of a CPU core for as long as the server runs, taken from the preview builds
too. Where the system reports file events (inotify on Linux, FSEvents on macOS, Windows' directory
changes: watchdog's `Observer`), data/ is watched by them instead, with MkDocs' own handler (a
rebuild after any change, as `LiveReloadServer.watch`); where it does not, or the watch cannot be set
(inotify's limit reached), MkDocs' polling stays. It stays too where data/ lies on a file system
whose changes may be made by another machine or system and never reported to this one: a Windows
drive under WSL (9p, drvfs), a shared or network folder (NFS, SMB/CIFS, VirtualBox, FUSE), a
container's bind mount from its host (virtiofs, grpcfuse): there, file events would leave the
preview silently unchanged.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import watchdog.observers
from watchdog.events import (
    EVENT_TYPE_CLOSED,
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers.polling import PollingObserver

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer
    from watchdog.observers.api import BaseObserver, ObservedWatch


def watch_by_events(server: LiveReloadServer, folder: Path) -> BaseObserver | None:
    """Have `server` rebuild after any change under `folder`, by file events if the system has
    them: returns their observer (to stop with the server), or None when MkDocs polls `folder`."""
    observer = watchdog.observers.Observer()
    if isinstance(observer, PollingObserver) or not reports_its_changes(folder):  # no (trusted) file events
        server.watch(str(folder))
        return None
    try:
        observer.start()
        observer.unschedule(observer.schedule(FileSystemEventHandler(), str(folder), recursive=True))
    except OSError:
        observer.stop()
        server.watch(str(folder))
        return None
    polling = server.observer
    server.observer = _ChangesOnly(observer)  # type: ignore[assignment]  # `watch` schedules MkDocs' handler on it
    try:
        server.watch(str(folder))
    finally:
        server.observer = polling
    return observer


# The events that change a file. inotify also reports a file opened and closed unwritten: every build
# reads every record file, so those events asked for another build after each build, without end.
_CHANGES = frozenset({EVENT_TYPE_CREATED, EVENT_TYPE_DELETED, EVENT_TYPE_MODIFIED, EVENT_TYPE_MOVED, EVENT_TYPE_CLOSED})


class _Changed(FileSystemEventHandler):
    """Hands `handler` the events that change a file, and no other."""

    def __init__(self, handler: FileSystemEventHandler):
        self.handler = handler

    def dispatch(self, event: FileSystemEvent) -> None:
        if event.event_type in _CHANGES:
            self.handler.dispatch(event)


class _ChangesOnly:
    """An observer's `schedule` as `LiveReloadServer.watch` calls it, its handler told of changes only."""

    def __init__(self, observer: BaseObserver):
        self.observer = observer

    def schedule(self, handler: FileSystemEventHandler, path: str, *, recursive: bool = False) -> ObservedWatch:
        return self.observer.schedule(_Changed(handler), path, recursive=recursive)


# File systems whose changes another machine or system may make without this one's file events.
_REMOTE = ("9p", "drvfs", "nfs", "nfs4", "cifs", "smb3", "smbfs", "vboxsf", "virtiofs", "fuse", "fakeowner")


def reports_its_changes(folder: Path, mounts: Path = Path("/proc/self/mounts")) -> bool:
    """Whether the file system holding `folder` is trusted to report every change to it: not
    one in `_REMOTE` (any FUSE file system among them: sshfs, grpcfuse...). Where the mounts
    cannot be read (macOS, Windows: their own disks report their changes), True."""
    try:
        lines = mounts.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return True
    target, best, kind = os.path.realpath(folder), "", ""
    for line in lines:
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    return not (kind in _REMOTE or kind.startswith("fuse."))
