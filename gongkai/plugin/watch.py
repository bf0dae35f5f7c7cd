"""Watching the records under `mkdocs serve` by the system's file events.

MkDocs' server polls every watched folder twice a second (watchdog's `PollingObserver`), listing
and reading the status of every file each time. Under data/ that is every record and attachment: at
10,000 records a quarter of a CPU core for as long as the server runs, taken from the preview builds
too. Where the system reports file events (inotify on Linux, FSEvents on macOS, Windows' directory
changes: watchdog's `Observer`), data/ is watched by them instead, with MkDocs' own handler (a
rebuild after any change, as `LiveReloadServer.watch`); where it does not, or the watch cannot be set
(inotify's limit reached), MkDocs' polling stays.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import watchdog.observers
from watchdog.events import FileSystemEventHandler
from watchdog.observers.polling import PollingObserver

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer
    from watchdog.observers.api import BaseObserver


def watch_by_events(server: LiveReloadServer, folder: Path) -> BaseObserver | None:
    """Have `server` rebuild after any change under `folder`, by file events if the system has
    them: returns their observer (to stop with the server), or None when MkDocs polls `folder`."""
    observer = watchdog.observers.Observer()
    if isinstance(observer, PollingObserver):  # no file events here
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
    server.observer = observer  # type: ignore[assignment]  # `watch` schedules on it: MkDocs' handler
    try:
        server.watch(str(folder))
    finally:
        server.observer = polling
    return observer
