"""Which record folders `mkdocs serve` watches by file events (gongkai.plugin.watch): only those on
a file system that reports every change to it; elsewhere MkDocs' polling stays."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from gongkai.plugin.watch import reports_its_changes

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
C:\\134 /mnt/c 9p rw,noatime,aname=drvfs 0 0
/dev/sdb1 /mnt/c/work/local ext4 rw 0 0
server:/export /srv/nfs nfs4 rw 0 0
me@host:/ /home/me/remote fuse.sshfs rw 0 0
grpcfuse /host fuse.grpcfuse rw 0 0
/dev/sdc1 /media/my\\040disk ext4 rw 0 0
"""


@pytest.fixture
def mounts(tmp_path: Path) -> Path:
    path = tmp_path / "mounts"
    path.write_text(MOUNTS, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("folder", "reported"),
    [
        ("/home/editor/site/data", True),  # the local disk
        ("/mnt/c/Users/editor/site/data", False),  # a Windows drive under WSL: Windows' edits unseen
        ("/mnt/c/work/local/site/data", True),  # a local disk mounted inside it: the nearest mount counts
        ("/mnt/cdrom/data", True),  # not under /mnt/c although its name starts so
        ("/srv/nfs/site/data", False),
        ("/home/me/remote/site/data", False),
        ("/host/site/data", False),
        ("/media/my disk/site/data", True),  # a mount point with a space, as /proc writes it
    ],
)
def test_only_a_folder_on_a_file_system_that_reports_its_changes_is_watched_by_events(mounts, folder, reported):
    assert reports_its_changes(Path(folder), mounts) is reported


def test_where_the_mounts_cannot_be_read_the_system_s_own_disks_are_trusted(tmp_path: Path):
    assert reports_its_changes(tmp_path, tmp_path / "no-such-file") is True


def test_a_build_reading_the_records_asks_for_no_other_build_and_a_save_does(tmp_path: Path, caplog):
    """inotify reports a file opened and closed unwritten too: MkDocs' handler, told of those, asked
    for a build after every build (each reads every record), without end. Only changes reach it."""
    from mkdocs.livereload import LiveReloadServer

    from gongkai.plugin.watch import watch_by_events

    data = tmp_path / "data"
    data.mkdir()
    read, saved = data / "read.yaml", data / "saved.yaml"
    read.write_text("title: 读\n", encoding="utf-8")
    saved.write_text("title: 存\n", encoding="utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    caplog.set_level(logging.DEBUG, logger="mkdocs.livereload")
    observer = watch_by_events(server, data)
    try:
        if observer is None:
            pytest.skip("this file system is polled (no file events): nothing to filter")
        asked = False
        for attempt in range(20):  # the watch may start after the first save: save again
            read.read_text(encoding="utf-8")
            saved.write_text(f"title: 存 {attempt}\n", encoding="utf-8")
            with server._rebuild_cond:
                asked = server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=1)
            if asked:
                break
        assert asked
        events = [r.getMessage() for r in caplog.records if r.name == "mkdocs.livereload" and "Event" in r.getMessage()]
        assert any("saved.yaml" in e for e in events)
        assert not any("read.yaml" in e for e in events), events
    finally:
        if observer is not None:
            observer.stop()
            observer.join()
        server.server_close()
