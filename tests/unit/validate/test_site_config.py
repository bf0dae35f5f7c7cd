"""The site's configuration is input: a footer or negative-list link accepts only http(s) (the
error-report link also mailto:), text settings hold no hidden character and are text, the e-mail is
an address; `gongkai validate` reports each at its line in mkdocs.yml, as record problems are."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai import cli
from gongkai.validate.site_config import URL_SETTINGS, SiteConfig, check, positions
from tests.support.helpers import write_record
from tests.support.sites import ROOT

DEMO = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def site(**footer: object) -> SiteConfig:
    return SiteConfig("某局政务公开", "说明", {"site_info": {"sponsor": "某局", **footer}})


def test_the_demo_configuration_is_clean():
    config = yaml_config(DEMO)
    assert check(config) == []


@pytest.mark.parametrize("key", sorted(URL_SETTINGS))
@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example.com/x",
        'https://example.gov.cn/" onmouseover="alert(1)',
        "https://example.gov.cn/<script>",
        "file:///etc/passwd",
        "https:",
    ],
)
def test_a_url_setting_accepts_no_other_scheme(key, url):
    config = SiteConfig("某局", None, {})
    _set(config, key, url)
    (problem,) = check(config)
    assert problem.is_error and ".".join(key) in problem.message and "https://" in problem.message


@pytest.mark.parametrize("key", sorted(URL_SETTINGS))
def test_a_url_setting_accepts_http_and_https(key):
    for url in ("https://www.example.gov.cn/a?b=1#c", "http://www.beian.gov.cn/"):
        config = SiteConfig("某局", None, {})
        _set(config, key, url)
        assert check(config) == [], url


def test_mailto_only_for_the_error_report_link_and_paths_only_for_the_mark_and_homepage():
    assert check(site(error_report_url="mailto:zhaocuo@example.gov.cn")) == []
    assert check(site(icp_url="mailto:x@example.gov.cn"))
    assert check(site(party_government_mark="assets/mark.png")) == []
    assert check(site(icp_url="assets/mark.png"))
    assert check(SiteConfig("某局", None, {"homepage": "../"})) == []


def test_the_email_is_an_address():
    assert check(site(email="gongkai@example.gov.cn")) == []
    for wrong in ("mailto:gongkai@example.gov.cn", "gongkai@example.gov.cn?subject=x", "不是邮箱", 'a"@b.cn'):
        (problem,) = check(site(email=wrong))
        assert "电子邮箱" in problem.message


def test_text_settings_hold_no_hidden_character_and_are_text():
    (problem,) = check(SiteConfig("某局\u202e政务公开", None, {}))
    assert "site_name" in problem.message and "U+202E" in problem.message
    (problem,) = check(site(address=["郑州市", "金水区"]))
    assert "extra.site_info.address" in problem.message and "文字" in problem.message
    # Markup is text like any other: the plugin escapes it where it becomes HTML.
    assert (
        check(SiteConfig("<script>alert(1)</script>", "<b>说明</b>", {"site_info": {"sponsor": "<i>某局</i>"}})) == []
    )


def test_positions_are_the_lines_of_mkdocs_yml(tmp_path):
    text = DEMO.replace(
        "    error_report_url: https://gongkai.example.gov.cn/guide/#report-errors",
        "    error_report_url: javascript:alert(document.cookie)",
    )
    path = tmp_path / "mkdocs.yml"
    path.write_text(text + "markdown_extensions_tag: !ENV [X, y]\n", encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "error_report_url" in row)
    assert positions(path)[("extra", "site_info", "error_report_url")] == (line, 23)


def test_gongkai_validate_reports_the_setting_at_its_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    text = DEMO.replace("    error_report_url: https://gongkai.example.gov.cn/guide/#report-errors", "")
    text = text.replace("  site_info:\n", "  site_info:\n    icp_url: javascript:alert(1)\n")
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    (tmp_path / "content" / "guides").mkdir(parents=True)
    (tmp_path / "content" / "guides" / "office.md").write_text("# 公开指南\n", encoding="utf-8")  # the demo's agency's
    write_record(tmp_path / "data", "documents", "a")
    code = cli.main(["validate", "--today", "2024-12-31"])
    out, err = capsys.readouterr()
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "icp_url" in row)
    assert code == cli.EXIT_PROBLEMS
    assert f"mkdocs.yml:{line}:14: 错误 配置项 extra.site_info.icp_url（ICP 备案链接）“javascript:alert(1)”" in out
    assert "1 个错误" in err
    # Checking one file still checks the configuration.
    assert cli.main(["validate", "--today", "2024-12-31", "data/documents/a.yaml"]) == cli.EXIT_PROBLEMS


def yaml_config(text: str) -> SiteConfig:
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    data = yaml.load(text, Loader=Loader)
    return SiteConfig(data["site_name"], data.get("site_description"), data.get("extra") or {}, Path("mkdocs.yml"))


def _set(config: SiteConfig, key: tuple[str, ...], value: object) -> None:
    assert key[0] == "extra"
    current = config.extra
    for part in key[1:-1]:
        current = current.setdefault(part, {})
    current[key[-1]] = value


@pytest.mark.parametrize("code", ["4100000001", "bm07000001", 4100000001])
def test_the_identification_code_is_ten_characters_of_a_region_or_a_department(code):
    assert check(site(identification_code=code)) == []


@pytest.mark.parametrize("code", ["410000000", "41000000011", "BM07000001", "bm0700000a", "豫0000000001", 410000000])
def test_a_malformed_identification_code_is_an_error_naming_the_setting(code):
    (problem,) = check(site(identification_code=code))
    assert problem.is_error
    assert "extra.site_info.identification_code（网站标识码）" in problem.message
    assert str(code) in problem.message and "10 位" in problem.message and "bm07000001" in problem.message


def test_gongkai_validate_reports_an_agency_guide_page_that_is_not_there(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(DEMO, encoding="utf-8")
    (tmp_path / "content").mkdir()
    write_record(tmp_path / "data", "documents", "a")
    assert cli.main(["validate", "--today", "2024-12-31"]) == cli.EXIT_PROBLEMS
    out = capsys.readouterr().out
    assert "机关“河南省人民政府办公厅”的公开指南页面 guides/office.md 在网站页面目录 content/ 中不存在" in out
