"""The output process publishes only what the main process validated.

The child (feeds, exports, search, attachments) reads the records itself; a record edited between
the main process's read and the child's (under `mkdocs serve`, or any edit during a build) must
not reach the site unvalidated: the digests differ and the main process writes the files from
its own, validated read.
"""

from __future__ import annotations

import json
from pathlib import Path

from gongkai.build import OutputJob, SiteBuild
from gongkai.config import Settings
from helpers import TODAY, write_record

SITE_URL = "https://example.gov.cn/"


def _build(data: Path) -> SiteBuild:
    build = SiteBuild(Settings(data_dir=data), TODAY, site_name="测试站", site_url=SITE_URL, extra={})
    assert not build.validate()
    build.make_catalog()
    return build


def _published(site: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8-sig") for p in sorted(site.rglob("*")) if p.suffix in (".xml", ".json", ".csv"))


def test_a_record_edited_after_validation_is_not_published_by_the_output_process(tmp_path: Path):
    data = tmp_path / "data"
    record = write_record(data, "documents", "doc", title="校验过的标题")
    write_record(data, "documents", "secret", title="内部草稿标题", draft=True)
    build = _build(data)
    # Edits after the main process read the records, before the output process reads them.
    record.write_text(record.read_text(encoding="utf-8").replace("校验过的标题", "未经校验的标题"), encoding="utf-8")
    secret = data / "documents" / "secret.yaml"
    secret.write_text(secret.read_text(encoding="utf-8").replace("draft: true", "draft: false"), encoding="utf-8")
    site = tmp_path / "site"
    job = build.start_output_files(site)
    job.release()
    assert job.join() == OutputJob.STALE
    text = _published(site)
    assert "校验过的标题" in text
    assert "未经校验的标题" not in text and "内部草稿标题" not in text
    manifest = json.loads((site / "search" / "index.json").read_text(encoding="utf-8"))
    assert manifest["records"] == 1


def test_an_unchanged_read_is_written_by_the_output_process(tmp_path: Path):
    data = tmp_path / "data"
    write_record(data, "documents", "doc", title="校验过的标题")
    build = _build(data)
    site = tmp_path / "site"
    job = build.start_output_files(site)
    job.release()
    assert job.join() is None  # the child wrote them
    assert "校验过的标题" in _published(site)
