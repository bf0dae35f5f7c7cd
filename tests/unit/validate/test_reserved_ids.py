"""A record may not take an id the site keeps for its own pages (issue 23): `index` would be the
listing's page, so the record got no page while listings, feeds and open data linked to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.slugs import RESERVED_IDS, is_reserved
from tests.support.helpers import line_of, matching, run, write_record


@pytest.fixture
def data(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


@pytest.mark.parametrize("type_key", ["documents", "powers"])
def test_index_is_refused_with_a_suggested_id(data, type_key):
    path = write_record(data, type_key, "index")
    found = matching(run(data), "保留的名称", "错误")
    assert len(found) == 1, found
    assert found[0].line == line_of(path, "id")
    assert f"/{type_key}/index/" in found[0].message and "2024-index" in found[0].message


def test_ids_that_merely_contain_a_reserved_word_are_fine(data):
    write_record(data, "documents", "index-2024")
    write_record(data, "documents", "2024-index")
    assert matching(run(data), "保留的名称") == []


def test_the_reserved_ids_are_index():
    assert set(RESERVED_IDS) == {"index"}
    assert is_reserved("index") and not is_reserved("indexes")
