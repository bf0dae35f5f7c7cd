"""Each agency's feeds and open data (gongkai/render/agency_outputs.py) hold its public records
only, and a site that declares no agencies has none; the page tags name the record's agency."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import feedparser

from gongkai.agencies import Agencies, parse_agencies
from gongkai.config import Settings
from gongkai.model.records import Catalog
from gongkai.render.agency_outputs import agency_output_files
from gongkai.render.exports import export_files
from gongkai.render.page_tags import article_tags, column_tags
from gongkai.render.spec import SiteInfo
from gongkai.types import BY_KEY
from tests.support.helpers import record_data

SITE = "https://www.example.gov.cn/"
AGENCIES = Agencies(
    parse_agencies(
        [
            {"name": "某某县人民政府", "short_name": "县政府", "credit_code": "11410000MB1234567P"},
            {"name": "某某县财政局", "short_name": "县财政局", "credit_code": "11410000MB1935420H"},
        ]
    )
)
TODAY = dt.date(2024, 12, 31)


def catalog(agencies: Agencies = AGENCIES) -> Catalog:
    documents = [
        record_data("documents", "county", issuer="某某县人民政府"),
        record_data("documents", "finance", issuer="某某县财政局"),
        record_data("documents", "finance-draft", issuer="某某县财政局", draft=True),
        record_data("documents", "finance-later", issuer="某某县财政局", publish_date="2025-01-02"),
    ]
    # jointly issued, the finance bureau's by its `agency`
    joint = record_data(
        "interpretations", "joint", issuer="某某县人民政府、某某县财政局", agency="县财政局", interprets="finance"
    )
    records = [(BY_KEY["documents"], d) for d in documents] + [(BY_KEY["interpretations"], joint)]
    return Catalog(records, TODAY, agencies=agencies)


def test_an_agency_files_hold_its_public_records_only():
    files: dict[str, bytes] = {}
    agency_output_files(catalog(), SITE, Settings(), files)
    finance = "agencies/11410000mb1935420h/"
    feed = feedparser.parse(files[f"{finance}feeds/all.xml"])
    assert feed.feed.title == "某某县财政局：全部公开信息"
    assert sorted(e.link.removeprefix(SITE) for e in feed.entries) == ["documents/finance/", "interpretations/joint/"]
    documents = json.loads(files[f"{finance}data/documents.json"])
    assert [r["record"]["id"] for r in documents["records"]] == ["finance"]
    assert not any(path.startswith("schemas/") or path == "data/index.json" for path in files)
    county = json.loads(files["agencies/11410000mb1234567p/data/documents.json"])
    assert [r["record"]["id"] for r in county["records"]] == ["county"]
    index = json.loads(files[f"{finance}data/index.json"])
    assert index["datasets"][0]["json"] == f"{SITE}{finance}data/documents.json"


def test_an_agency_holding_every_public_record_lists_the_site_datasets_instead_of_a_copy():
    # every public record is the county's: the finance bureau has published nothing yet
    everything = Catalog(
        [(BY_KEY["documents"], record_data("documents", "county", issuer="某某县人民政府"))], TODAY, agencies=AGENCIES
    )
    files: dict[str, bytes] = {}
    agency_output_files(everything, SITE, Settings(), files)
    site = export_files(everything, SITE)
    county, finance = "agencies/11410000mb1234567p/", "agencies/11410000mb1935420h/"
    assert not any(p.startswith(f"{county}data/") and p != f"{county}data/index.json" for p in files)
    index = json.loads(files[f"{county}data/index.json"])
    assert index["agency"]["name"] == "某某县人民政府"
    documents = index["datasets"][0]
    assert documents["json"] == f"{SITE}data/documents.json" and documents["count"] == 1
    for dataset in index["datasets"]:
        for key in ("json", "csv"):
            assert dataset[key] is None or dataset[key].removeprefix(SITE) in site
    # the agency without records keeps its own (empty) datasets
    assert json.loads(files[f"{finance}data/documents.json"])["records"] == []
    assert (
        json.loads(files[f"{finance}data/index.json"])["datasets"][0]["json"] == f"{SITE}{finance}data/documents.json"
    )


def test_a_site_without_agencies_has_no_agency_files():
    files: dict[str, bytes] = {}
    agency_output_files(catalog(Agencies()), SITE, Settings(), files)
    assert files == {}


def test_content_source_is_the_records_agency():
    joint = catalog().get("interpretations", "joint")
    assert ("ContentSource", "某某县财政局") in article_tags(joint)
    alone = catalog(Agencies()).get("interpretations", "joint")
    assert ("ContentSource", "某某县人民政府、某某县财政局") in article_tags(alone)


def test_an_agency_with_its_own_identification_code_gives_it_to_its_pages_only():
    coded = Agencies(
        parse_agencies(
            [
                {"name": "某某县人民政府", "short_name": "县政府", "credit_code": "11410000MB1234567P"},
                {
                    "name": "某某县财政局",
                    "short_name": "县财政局",
                    "credit_code": "11410000MB1935420H",
                    "identification_code": "4100000001",
                },
            ]
        )
    )
    records = catalog(coded)
    county, finance = coded
    assert ("SiteIDCode", "4100000001") in article_tags(records.get("documents", "finance"))
    assert not [tag for tag in article_tags(records.get("documents", "county")) if tag[0] == "SiteIDCode"]
    assert ("SiteIDCode", "4100000001") in column_tags(
        SiteInfo("某某县政务公开", SITE, Path("."), TODAY), "文件", "政策文件", finance
    )
    tags = dict(column_tags(SiteInfo("某某县政务公开", SITE, Path("."), TODAY), "文件", "政策文件", county))
    assert "SiteIDCode" not in tags and tags["ColumnDescription"] == "某某县人民政府公开的文件"
