"""The demo's harvestable catalogs beside its open data: `data/data.json` is a DCAT-US 1.1 catalog
(validated against the Project Open Data schema, non-federal profile, kept in
tests/fixtures/dcat-us/), `data/datapackage.json` a Frictionless data package of the CSV files
(validated with the `frictionless` package, rows and all), and the open-data page links both."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urlparse

from bs4 import BeautifulSoup
from frictionless import Package

from tests.support.dcat import dcat_errors, dcat_validator

SITE_URL = "https://gongkai.example.gov.cn/"


def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _local(site: Path, url: str) -> Path:
    assert url.startswith(SITE_URL), url
    return site / urlparse(url).path.lstrip("/")


def test_data_json_is_a_valid_dcat_us_catalog_of_every_dataset(built_site: Path):
    catalog = _json(built_site / "data" / "data.json")
    assert dcat_errors(catalog) == []
    assert catalog["conformsTo"] == "https://project-open-data.cio.gov/v1.1/schema"
    index = _json(built_site / "data" / "index.json")
    assert index["catalogs"] == {
        "dcat_us": SITE_URL + "data/data.json",
        "datapackage": SITE_URL + "data/datapackage.json",
    }
    assert [d["identifier"] for d in catalog["dataset"]] == [d["json"] for d in index["datasets"]]
    for dataset, listed in zip(catalog["dataset"], index["datasets"], strict=True):
        assert listed["label"] in dataset["title"] and dataset["publisher"]["name"] == "河南省机关事务管理局"
        assert dataset.get("modified") == listed["updated"]
        assert dataset["contactPoint"]["hasEmail"] == "mailto:gongkai@example.gov.cn"
        downloads = {d["mediaType"]: d["downloadURL"] for d in dataset["distribution"]}
        assert downloads["application/json"] == listed["json"]
        assert downloads.get("text/csv") == listed["csv"]
        assert all(_local(built_site, url).is_file() for url in downloads.values())
        assert _local(built_site, dataset["describedBy"]).is_file()


def test_the_dcat_schema_rejects_a_dataset_without_a_publisher(built_site: Path):
    # The check has teeth: the required fields of the schema are enforced.
    catalog = _json(built_site / "data" / "data.json")
    del catalog["dataset"][0]["publisher"]
    assert [e.message for e in dcat_validator().iter_errors(catalog)]


def test_datapackage_json_describes_every_csv_and_frictionless_validates_the_rows(built_site: Path):
    descriptor = _json(built_site / "data" / "datapackage.json")
    index = _json(built_site / "data" / "index.json")
    assert [SITE_URL + "data/" + r["path"] for r in descriptor["resources"]] == [
        d["csv"] for d in index["datasets"] if d["csv"]
    ]
    report = Package(str(built_site / "data" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows = {task.name: task.stats["rows"] for task in report.tasks}
    assert rows == {d["type"]: d["count"] for d in index["datasets"] if d["csv"]}


def test_table_schemas_follow_the_json_schemas(built_site: Path):
    descriptor = _json(built_site / "data" / "datapackage.json")
    fields = {r["name"]: {f["name"]: f for f in r["schema"]["fields"]} for r in descriptor["resources"]}
    documents, decisions, powers = fields["documents"], fields["decisions"], fields["powers"]
    assert documents["发布日期"]["type"] == "date" and documents["发布日期"]["constraints"] == {"required": True}
    assert documents["规范性文件"] | {"description": ""} == {
        "name": "规范性文件",
        "title": "是否行政规范性文件",
        "description": "",
        "type": "boolean",
        "trueValues": ["是"],
        "falseValues": ["否"],
    }
    assert documents["废止日期"]["type"] == "date"  # a nested field: repealed.date
    assert documents["主题分类"]["type"] == "string"  # a list, joined with ；
    assert decisions["收到意见数"]["type"] == "integer"
    assert decisions["风险等级"]["constraints"]["enum"] == ["低", "中", "高"]
    assert powers["权力类别"]["constraints"]["enum"][0] == "行政许可"
    assert documents["网址"] == {
        "name": "网址",
        "type": "string",
        "format": "uri",
        "description": "该条信息在本站的网页地址。",
    }
    assert all(r["schema"]["primaryKey"] == ["编号"] for r in descriptor["resources"])


def test_frictionless_finds_a_cell_that_breaks_the_table_schema(built_site: Path, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(built_site / "data", data)
    csv = data / "documents.csv"
    text = csv.read_text(encoding="utf-8-sig")
    first = text.splitlines()[1].split(",")[2]  # the first record's 发布日期
    csv.write_text(text.replace(first, "2023年1月1日", 1), encoding="utf-8-sig")
    report = Package(str(data / "datapackage.json")).validate()
    assert not report.valid
    assert ["发布日期", "type-error"] in report.flatten(["fieldName", "type"])


def test_the_open_data_page_links_both_catalogs(built_site: Path):
    page = BeautifulSoup((built_site / "open-data" / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = {a["href"] for a in page.select("article a[href]")}
    assert {"../data/data.json", "../data/datapackage.json"} <= links
