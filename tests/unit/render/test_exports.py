"""Open data: JSON per type (validating against the published schemas), CSV for tabular types, the
dataset index and the schemas themselves."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from urllib.parse import urljoin

import jinja2
import jsonschema
import markdown
import pytest
import time_machine

from gongkai.model.records import Catalog, Consultation, Document
from gongkai.render.data_catalog import catalog_files
from gongkai.render.exports import csv_columns, dataset_list, export_files
from gongkai.schemas import load_type_schema
from gongkai.types import BY_KEY, RECORD_TYPES
from tests.support.helpers import record_data
from tests.support.publish_data import HIDDEN_IDS, MARKERS, SITE, TODAY, all_records, build_catalog
from tests.support.sites import ROOT

TEMPLATES = ROOT / "gongkai" / "templates"
BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return build_catalog()


@pytest.fixture(scope="module")
def files(catalog: Catalog) -> dict[str, bytes]:
    return export_files(catalog, SITE)


def load(files: dict[str, bytes], path: str):
    return json.loads(files[path].decode("utf-8"))


def read_csv(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def validator(schema: dict) -> jsonschema.Draft7Validator:
    checker = jsonschema.FormatChecker(formats=())
    checker.checks("date", raises=ValueError)(lambda v: not isinstance(v, str) or bool(dt.date.fromisoformat(v)))
    return jsonschema.Draft7Validator(schema, format_checker=checker)


def test_files_cover_every_type(files):
    expected = {"data/index.json"}
    for record_type in RECORD_TYPES:
        expected.add(f"data/{record_type.slug}.json")
        expected.add(f"schemas/{record_type.schema_name}.schema.json")
        if record_type.tabular:
            expected.add(f"data/{record_type.slug}.csv")
    assert set(files) == expected
    assert {t.key for t in RECORD_TYPES if t.tabular} == {"documents", "decisions", "consultations", "powers"}
    assert "data/reports-rule-of-law.json" in files


def test_published_schemas_are_the_package_schemas(files):
    for record_type in RECORD_TYPES:
        published = load(files, f"schemas/{record_type.schema_name}.schema.json")
        assert published == load_type_schema(record_type.schema_name)
        jsonschema.Draft7Validator.check_schema(published)


def test_json_records_validate_against_the_published_schema(files, catalog):
    for record_type in RECORD_TYPES:
        document = load(files, f"data/{record_type.slug}.json")
        schema = load(files, f"schemas/{record_type.schema_name}.schema.json")
        check = validator(schema)
        assert document["type"] == record_type.key and document["label"] == record_type.label
        assert document["schema"] == SITE + f"schemas/{record_type.schema_name}.schema.json"
        assert document["records"], record_type.key  # the demo data has every type
        for item in document["records"]:
            errors = [e.message for e in check.iter_errors(item["record"])]
            assert not errors, (record_type.key, item["record"]["id"], errors)


def test_json_holds_exactly_the_public_records_with_derived_fields(files, catalog):
    for record_type in RECORD_TYPES:
        document = load(files, f"data/{record_type.slug}.json")
        records = catalog.public(record_type.key)
        assert [i["record"]["id"] for i in document["records"]] == [r.id for r in records]
        assert document["count"] == len(records)
        assert document["updated"] == max(r.updated for r in records).isoformat()
        for item, record in zip(document["records"], records):
            kept = {
                k: v
                for k, v in record.data.items()
                if k not in ("allow_personal_data", "related", "amends", "consultation")
            }
            assert {k: v for k, v in item["record"].items() if k in kept} == kept
            derived = item["derived"]
            assert derived["url"] == SITE + f"{record_type.key}/{record.id}/"
            assert derived["updated"] == record.updated.isoformat()
            assert derived["status"] == (record.status or None)
            if isinstance(record, Document):
                assert derived["validity"] == record.validity
                assert derived["successor"] == (SITE + record.successor.url if record.successor else None)
            if isinstance(record, Consultation):
                assert derived["state"] == record.state


def test_derived_statuses_are_as_of_the_build_date(files):
    states = {i["record"]["id"]: i["derived"]["state"] for i in load(files, "data/consultations.json")["records"]}
    assert "进行中" in states.values() and "已结束" in states.values()
    validities = {i["derived"]["validity"] for i in load(files, "data/documents.json")["records"]}
    assert "有效" in validities and len(validities) > 1


def test_links_to_non_public_records_and_editorial_fields_are_removed(files):
    records = {i["record"]["id"]: i["record"] for i in load(files, "data/documents.json")["records"]}
    updated = records["zz-updated-doc"]
    assert updated["related"] == [{"type": "documents", "id": "zz-future-change"}]
    assert "allow_personal_data" not in updated
    future = records["zz-future-change"]
    assert "amends" not in future and "consultation" not in future


def test_csv_reads_back_to_exactly_the_public_records(files, catalog):
    status_header = {
        "documents": "有效性",
        "decisions": "决策阶段",
        "consultations": "征求意见状态",
        "powers": "事项状态",
    }
    specific = {
        "documents": ("成文日期", "signed_date"),
        "decisions": ("承办单位", "owner"),
        "consultations": ("征求意见截止日期", "to"),
        "powers": ("事项编码", "code"),
    }
    for record_type in RECORD_TYPES:
        if not record_type.tabular:
            continue
        content = files[f"data/{record_type.slug}.csv"]
        assert content.startswith(BOM) and not content.startswith(BOM * 2)
        assert b"\r\n" in content
        headers = next(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        assert headers == [h for h, _ in csv_columns(record_type)]
        assert headers[:8] == ["编号", "信息名称", "发布日期", "发布机构", "索引号", "文号", "主题分类", "摘要"]
        assert headers[-3:] == [status_header[record_type.key], "更新日期", "网址"]
        rows = read_csv(content)
        records = catalog.public(record_type.key)
        assert [row["编号"] for row in rows] == [r.id for r in records]
        column, name = specific[record_type.key]
        for row, record in zip(rows, records):
            data = record.data
            assert None not in row and len(row) == len(headers)  # no ragged rows
            assert row["信息名称"] == data["title"]
            assert row["发布日期"] == data["publish_date"]
            assert row["发布机构"] == data["issuer"]
            assert row["索引号"] == data.get("index_no", "")
            assert row["文号"] == data.get("doc_number", "")
            assert row["主题分类"] == "；".join(data.get("subjects") or [])
            assert row["摘要"] == data.get("summary", "")
            assert row[status_header[record_type.key]] == record.status
            assert row["更新日期"] == record.updated.isoformat()
            assert row["网址"] == SITE + record.url
            assert row[column] == str(data.get(name, ""))


def test_csv_flattening(files):
    rows = {r["编号"]: r for r in read_csv(files["data/documents.csv"])}
    assert rows["zz-updated-doc"]["规范性文件"] == "是"
    assert rows["zz-updated-doc"]["主题分类"] == "测试主题甲；测试主题乙"
    assert rows["zz-future-change"]["修改的文件"] == ""  # the amended document is not public
    powers = {r["编号"]: r for r in read_csv(files["data/powers.csv"])}
    for item in load(files, "data/powers.json")["records"]:
        basis = item["record"].get("basis") or []
        assert powers[item["record"]["id"]]["设定依据"] == "；".join(b["law"] + b.get("article", "") for b in basis)
    assert any("；" in r["设定依据"] for r in powers.values())  # the demo has a power with two legal bases


def test_index_lists_every_dataset(files, catalog):
    index = load(files, "data/index.json")
    assert [d["type"] for d in index["datasets"]] == [t.key for t in RECORD_TYPES]
    for entry, record_type in zip(index["datasets"], RECORD_TYPES):
        records = catalog.public(record_type.key)
        assert entry["count"] == len(records)
        assert entry["updated"] == max(r.updated for r in records).isoformat()
        assert entry["schema"] == SITE + f"schemas/{record_type.schema_name}.schema.json"
        for key in ("json", "csv", "schema"):
            if entry[key] is not None:
                assert entry[key][len(SITE) :] in files
        assert (entry["csv"] is not None) == record_type.tabular
    assert index["updated"] == max(r.updated for r in catalog.public()).isoformat()


def test_json_is_canonical(files):
    datasets = {f"data/{t.slug}.json" for t in RECORD_TYPES}

    def compact(value):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)

    for path, content in files.items():
        if path in datasets:  # compact, one record a line
            text = content.decode("utf-8")
            records = json.loads(text)["records"]
            assert text.endswith("\n") and "\\u" not in text
            assert text.replace("\n", "") == compact(json.loads(text))
            lines = text.split("\n")[:-1]  # not splitlines(): a record may hold U+2028
            if records:
                assert lines[1:-1] == [compact(r) + "," for r in records[:-1]] + [compact(records[-1])]
            else:
                assert len(lines) == 1
        elif path.startswith("data/") and path.endswith(".json"):
            text = content.decode("utf-8")
            assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
            assert "\\u" not in text
        if path.startswith("schemas/"):
            assert content.endswith(b"\n")


def test_nothing_non_public_appears(files):
    for path, content in files.items():
        if path.startswith("schemas/"):
            continue
        text = content.decode("utf-8-sig")
        for marker in [*MARKERS.values(), *HIDDEN_IDS]:
            assert marker not in text, (path, marker)


def test_rebuilds_are_byte_identical(files):
    # Years and seconds later by the clock (which nothing may read): the same bytes.
    with time_machine.travel(dt.datetime(2031, 7, 15, 3, 4, 5, tzinfo=dt.UTC), tick=False):
        again = export_files(Catalog(all_records(), TODAY), SITE)
    assert again == files


def test_empty_catalog_exports_are_valid():
    files = export_files(Catalog([], TODAY), SITE)
    for record_type in RECORD_TYPES:
        document = load(files, f"data/{record_type.slug}.json")
        assert document["records"] == [] and document["count"] == 0 and document["updated"] is None
        if record_type.tabular:
            assert read_csv(files[f"data/{record_type.slug}.csv"]) == []
    assert load(files, "data/index.json")["updated"] is None


def test_without_site_url_links_are_relative_to_the_data_folder():
    one = record_data("documents", "only", publish_date="2024-05-06", signed_date="2024-05-01")
    files = export_files(Catalog([(BY_KEY["documents"], one)], TODAY), "")
    document = load(files, "data/documents.json")
    assert document["schema"] == "../schemas/document.schema.json"
    assert document["records"][0]["derived"]["url"] == "../documents/only/"
    assert read_csv(files["data/documents.csv"])[0]["网址"] == "../documents/only/"


def test_dataset_list_matches_the_files(catalog, files):
    datasets = dataset_list(catalog)
    assert [d.type for d in datasets] == list(RECORD_TYPES)
    for dataset in datasets:
        assert dataset.json_path in files and dataset.schema_path in files
        assert dataset.csv_path is None or dataset.csv_path in files
        assert dataset.count == len(catalog.public(dataset.type.key))
        if dataset.csv_path:
            assert dataset.columns == next(csv.reader(io.StringIO(files[dataset.csv_path].decode("utf-8-sig"))))


def test_open_data_page_lists_every_download_with_working_relative_links(catalog, files):
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    page = env.get_template("open-data.md.j2").render(datasets=dataset_list(catalog), root="../")
    hrefs = re.findall(r'href="([^"]+)"', page)
    assert all(h.startswith("../") for h in hrefs)
    targets = {urljoin(SITE + "open-data/", h)[len(SITE) :] for h in hrefs}
    catalogs = catalog_files(catalog, {}, site_url="", site_name="本站", extra={})  # data.json, datapackage.json
    assert targets - {"subscribe/"} == set(files) | set(catalogs)  # every download, schema, index and catalog
    for dataset in dataset_list(catalog):
        assert dataset.label in page and f"{dataset.count} 条" in page
    rendered = markdown.markdown(page)
    assert "<table" in rendered and "&lt;table" not in rendered
    assert "UTF-8" in page and "Excel" in page
