"""Settings: one typed definition (gongkai.config.Settings) read by the plugin and the CLI alike.

mkdocs.yml is read by MkDocs' own loader everywhere, so `!ENV` and the plugin's `today` mean the
same for `gongkai validate` as for `mkdocs build`; a wrong type or an out-of-range value is a
Chinese message naming the setting, never a TypeError or "内部错误" (for `mkdocs build`:
tests/sites/test_settings.py).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from gongkai import cli
from gongkai.agencies import Agency
from gongkai.config import SETTINGS, SettingError, Settings, settings_from_mapping
from tests.support.helpers import write_record
from tests.support.sites import project_with


def test_every_setting_has_a_type_a_default_and_a_chinese_description():
    assert [spec.name for spec in SETTINGS] == [f.name for f in dataclasses.fields(Settings)]
    for spec in SETTINGS:
        assert spec.type in (int, bool, str, Path, tuple[str, ...], int | None, tuple[Agency, ...]), spec
        assert spec.check(spec.default) == spec.default, spec
        assert any("\u4e00" <= ch <= "\u9fff" for ch in spec.description), spec


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("feed_entries", "50"),
        ("feed_entries", 0),
        ("feed_entries", True),
        ("strict", "yes"),
        ("consultation_min_days", 2.5),
        ("disclosure_report_deadline", "13-01"),
        ("data_dir", ""),
        ("attachment_types", "pdf"),
        ("attachment_types", []),
        ("attachment_types", [5]),
        ("attachment_max_bytes", 10),
        ("government_disclosure_report_deadline", "3-31"),
        ("disclosure_report_level", "省政府"),
        ("normative_documents_complete_from", "2019"),
        ("normative_documents_complete_from", 19),
        ("agencies", "县政府办"),
        ("agencies", [{"name": "某县人民政府办公室", "short_name": "县政府办"}]),
        ("agencies", [{"name": "某县人民政府办公室", "short_name": "县政府办", "credit_code": "11410000MB1234567X"}]),
    ],
)
def test_a_wrong_value_is_refused_with_the_setting_named(name, value):
    with pytest.raises(SettingError) as raised:
        settings_from_mapping({name: value})
    assert name in str(raised.value) and "应为" in str(raised.value)


def test_a_year_setting_may_be_left_unset_or_be_a_year():
    assert Settings().normative_documents_complete_from is None
    assert settings_from_mapping({"normative_documents_complete_from": None}).normative_documents_complete_from is None
    assert settings_from_mapping({"normative_documents_complete_from": 2021}).normative_documents_complete_from == 2021


def test_the_report_level_setting_takes_one_of_the_two_levels():
    assert Settings().disclosure_report_level == "部门"
    assert settings_from_mapping({"disclosure_report_level": "本级政府"}).disclosure_report_level == "本级政府"
    with pytest.raises(SettingError, match="部门、本级政府"):
        settings_from_mapping({"disclosure_report_level": "政府"})


def test_an_unknown_setting_is_refused():
    with pytest.raises(SettingError, match="feed_entrys"):
        settings_from_mapping({"feed_entrys": 5})


def test_the_cli_reports_a_wrong_setting_as_a_configuration_error(tmp_path: Path, monkeypatch, capsys):
    root = project_with(tmp_path, '  - gongkai:\n      settings:\n        feed_entries: "50"\n')
    monkeypatch.chdir(root)
    assert cli.main(["validate", "--today", "2024-06-01"]) == cli.EXIT_FAILED
    err = capsys.readouterr().err
    assert "feed_entries" in err and "应为一个整数" in err
    assert "内部错误" not in err


def test_the_cli_reads_env_values_and_the_plugins_today(tmp_path: Path, monkeypatch, capsys):
    # A consultation that closed on 2024-03-30 without feedback: a warning from 30 days later on.
    root = project_with(
        tmp_path, "  - gongkai:\n      data_dir: !ENV [GK_TEST_DATA, missing]\n      today: !ENV GK_TEST_TODAY\n"
    )
    write_record(root / "records", "consultations", "c1")
    monkeypatch.setenv("GK_TEST_DATA", "records")
    monkeypatch.setenv("GK_TEST_TODAY", "2024-04-05")
    monkeypatch.chdir(root)
    assert cli.main(["validate"]) == cli.EXIT_OK
    assert "0 个错误，0 个警告" in capsys.readouterr().err
    monkeypatch.setenv("GK_TEST_TODAY", "2024-12-31")  # the same check, judged on another date
    assert cli.main(["validate"]) == cli.EXIT_OK
    assert "0 个错误，1 个警告" in capsys.readouterr().err
