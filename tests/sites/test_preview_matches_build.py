"""What the editor's preview shows after a save is what a full build of the saved records shows.

The preview (`mkdocs serve`, gongkai.build.preview) renders only the pages a change can alter and
keeps the others from the previous build; these tests build the demo project the way `mkdocs
serve` does (MkDocs' own server object, its builder called as after a save, without the HTTP
part), make one change at a time, and compare every page of the preview's site with a full build
of the same files: a page the preview left alone, or rendered from stale data, would differ.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer

from gongkai.config import source_date_epoch
from tests.support.sites import DEMO_TODAY, ROOT, build_site

RECORD = Path("data/documents/2023-vehicle-management.yaml")


class Preview:
    """The demo project served as by `mkdocs serve`: one plugin instance across its rebuilds."""

    def __init__(self, project: Path, site: Path):
        self.project, self.site = project, site
        config = self._config()
        config.plugins.on_startup(command="serve", dirty=False)
        build(config)
        server = LiveReloadServer(builder=self._full, host="127.0.0.1", port=8000, root=str(site))
        self.server = config.plugins.on_serve(server, config=config, builder=self._full)
        self.plugin = config.plugins["gongkai"]
        self.plugins = config.plugins

    def _config(self):  # the site URL of mkdocs.yml (not the server's), as in the full build
        return load_config(str(self.project / "mkdocs.yml"), site_dir=str(self.site))

    def _full(self) -> None:
        build(self._config())

    def saved(self) -> None:
        """What the server does after a save: its builder, then (ours) the background refresh."""
        self.server.builder()
        if self.plugin.refresh is not None:
            self.plugin.refresh.process.join()


def _pages(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.suffix in (".html", ".xml")}


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(DEMO_TODAY)
    project = tmp_path_factory.mktemp("preview")
    for name in ("data", "content"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    served = Preview(project, tmp_path_factory.mktemp("served"))
    yield served
    served.plugins.on_shutdown()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("title: 河南省省直机关公务用车管理办法", "title: 河南省省直机关公务用车管理办法（修订）"),  # rows of listings
        ("第二条 本办法适用于", "第二条 本办法（预览）适用于"),  # the body: its page only
        ("subjects: [公务用车, 机关事务]", "subjects: [公务用车]"),  # listings' filters and catalog column
        ("publish_date: 2023-02-15", "publish_date: 2023-02-11"),  # its place in the listings
    ],
    ids=["title", "body", "subjects", "publish-date"],
)
def test_a_preview_build_shows_what_a_full_build_shows(preview, tmp_path, old, new):
    record = preview.project / RECORD
    original = record.read_text(encoding="utf-8")
    assert old in original
    record.write_text(original.replace(old, new, 1), encoding="utf-8")
    try:
        preview.saved()
        assert preview.plugin.plan is not None, "a preview build, not a full one"
        shown = _pages(preview.site)
        assert build_site(preview.project, tmp_path / "full").returncode == 0
        full = _pages(tmp_path / "full")
        assert shown.keys() == full.keys()
        assert [name for name in full if shown[name] != full[name]] == []
    finally:
        record.write_text(original, encoding="utf-8")
        preview.saved()
