"""Publishing staged outputs into a site directory that MkDocs is writing at the same time."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gongkai.build import staging as staging_module
from gongkai.build.staging import Staging


def _staged(site: Path, files: dict[str, bytes]) -> Staging:
    staging = Staging(site)
    staging.update(files)
    return staging


def test_a_folder_mkdocs_has_just_made_stays_the_same_folder(tmp_path: Path) -> None:
    # MkDocs has made agencies/x/ and holds it, about to create index.html in it; publishing the
    # agency's feed into the same folder must not swap the folder for another (creating a file in
    # a folder that a rename unlinked fails with "No such file or directory").
    page_folder = tmp_path / "agencies" / "x"
    page_folder.mkdir(parents=True)
    held = os.open(page_folder, os.O_RDONLY)
    try:
        _staged(tmp_path, {"agencies/x/feed.xml": b"<rss/>", "agencies/index.json": b"[]"}).publish()
        made = os.open("index.html", os.O_WRONLY | os.O_CREAT, dir_fd=held)  # fails if agencies/x was replaced
        os.close(made)
    finally:
        os.close(held)
    assert sorted(p.name for p in page_folder.iterdir()) == ["feed.xml", "index.html"]
    assert (tmp_path / "agencies" / "index.json").read_bytes() == b"[]"


def test_an_empty_folder_is_merged_into_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    before = (tmp_path / "data").stat().st_ino
    _staged(tmp_path, {"data/documents.json": b"{}"}).publish()
    assert (tmp_path / "data").stat().st_ino == before
    assert (tmp_path / "data" / "documents.json").read_bytes() == b"{}"


def test_a_new_folder_moves_whole_and_files_replace_older_ones(tmp_path: Path) -> None:
    (tmp_path / "feed.xml").write_bytes(b"old")
    staging = _staged(tmp_path, {"search/abc/s/0.bin": b"0", "search/abc/s/1.bin": b"1", "feed.xml": b"new"})
    staged_folder = (staging.root / "search").stat().st_ino
    staging.publish()
    assert (tmp_path / "feed.xml").read_bytes() == b"new"
    assert (tmp_path / "search").stat().st_ino == staged_folder  # one rename, not a copy file by file
    assert sorted(p.name for p in (tmp_path / "search" / "abc" / "s").iterdir()) == ["0.bin", "1.bin"]
    assert not staging.root.exists()


def test_without_renameat2_every_folder_is_merged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(staging_module, "_RENAMEAT2", None)  # another system: no check-and-rename in one step
    page_folder = tmp_path / "agencies" / "x"
    page_folder.mkdir(parents=True)
    before = page_folder.stat().st_ino
    _staged(tmp_path, {"agencies/x/feed.xml": b"<rss/>", "search/abc/s/0.bin": b"0"}).publish()
    assert page_folder.stat().st_ino == before
    assert (page_folder / "feed.xml").exists() and (tmp_path / "search" / "abc" / "s" / "0.bin").exists()
