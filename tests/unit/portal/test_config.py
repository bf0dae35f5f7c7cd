"""portal.yml: every mistake reported at once, at its line, in Chinese, with how to fix it."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.portal.config import PortalConfigError, read_portal_config


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "portal.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_config_resolves_paths_beside_the_file(tmp_path: Path):
    config = read_portal_config(
        _config(
            tmp_path,
            "site_name: 某省政务公开平台\nagencies:\n  - id: jgswj\n    name: 某局\n    output: out/jgswj\n"
            "  - id: jyt\n    name: 某厅\n    output: https://jyt.example.gov.cn/\n",
        )
    )
    assert config.site_dir == tmp_path / "site" and config.state_dir == tmp_path / ".portal-state"
    assert config.feed_entries == 50
    first, second = config.agencies
    assert first.output == str(tmp_path / "out" / "jgswj") and not first.is_url
    assert second.is_url and second.name == "某厅"


def test_every_mistake_is_reported_at_its_line(tmp_path: Path):
    path = _config(
        tmp_path,
        "site_name: 某省政务公开平台\nsite_url: ftp://x\nfeed_entries: 0\ncolour: red\nagencies:\n"
        "  - id: Bad_Id\n    name: 某局\n    output: a\n"
        "  - id: ok\n    name: 某厅\n"
        "  - id: ok2\n    name: 某委\n    output: b\n"
        "  - id: ok2\n    name: 某办\n    output: c\n",
    )
    with pytest.raises(PortalConfigError) as caught:
        read_portal_config(path)
    found = {(p.line, p.message.split("：")[0].split("，")[0]) for p in caught.value.problems}
    assert (2, "site_url 应以 http:// 或 https:// 开头") in found
    assert (3, "feed_entries 应是 1 到 1000 之间的整数") in found
    assert (4, "未知的设置项“colour”") in found
    assert (6, "机关标识“Bad_Id”只能用小写英文字母、数字和连字符") in found
    assert any(line == 9 and "缺少 output" in message for line, message in found)
    assert (14, "机关标识“ok2”重复") in found
    assert all(p.path == str(path) and p.severity == "错误" for p in caught.value.problems)


def test_a_config_without_agencies_says_how_to_list_them(tmp_path: Path):
    with pytest.raises(PortalConfigError) as caught:
        read_portal_config(_config(tmp_path, "site_name: 某省政务公开平台\n"))
    (problem,) = caught.value.problems
    assert "agencies 应列出至少一个机关" in problem.message and "output: agencies/jgswj/site" in problem.message
