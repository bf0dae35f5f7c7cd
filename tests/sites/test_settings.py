"""Settings in `mkdocs build`: a wrong value stops the build with a Chinese message naming the
setting, never a TypeError; `use_directory_urls: false` is refused before anything is built
(the settings themselves and the CLI: tests/unit/test_config.py)."""

from __future__ import annotations

from pathlib import Path

from tests.support.sites import build_site, project_with


def test_a_string_where_a_number_belongs_stops_the_build_with_a_chinese_message(tmp_path: Path):
    root = project_with(tmp_path, '  - gongkai:\n      settings:\n        feed_entries: "50"\n')
    result = build_site(root, tmp_path / "site")
    assert result.returncode != 0
    assert "feed_entries" in result.stderr and "应为一个整数" in result.stderr, result.stderr[-2000:]
    assert "TypeError" not in result.stderr


def test_directory_urls_off_is_refused_at_start(tmp_path: Path):
    root = project_with(tmp_path, "  - gongkai:\n      data_dir: data\n", demo_data=True)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("use_directory_urls: true", "use_directory_urls: false"),
        encoding="utf-8",
    )
    result = build_site(root, tmp_path / "site")
    assert result.returncode != 0
    assert "use_directory_urls: false 不受支持" in result.stderr, result.stderr[-2000:]
    assert not (tmp_path / "site" / "documents").exists()
