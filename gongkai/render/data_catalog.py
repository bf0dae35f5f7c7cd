"""Harvestable catalogs of the open data, beside the exports in /data/ (`gongkai.render.exports`).

- `data/data.json`: a DCAT-US 1.1 catalog (the Project Open Data metadata schema, non-federal
  profile: what data.gov and CKAN's harvesters read). One `dataset` per record type, each with its
  JSON file (and CSV file for the tabular types) as `distribution`s, the type's JSON Schema as
  `describedBy`, the agency (`extra.agency`, else the site name) as `publisher`, the site's
  sponsor and e-mail (`extra.site_info`) as `contactPoint`, `modified` its newest record's
  `updated` (left out while the type has no public record).
- `data/datapackage.json`: a Frictionless tabular data package whose resources are the CSV files.
  Each table schema is derived from the record type's JSON Schema through the columns'
  `exports.FieldColumn` paths: a field's type (string, integer, number, date; a boolean as
  是/否; a list, joined with `；`, is a string), its title and description, its `enum` and whether
  it is required; the columns the site computes (status, `更新日期`, `网址`) are typed here.

Both are written like the other exports (sorted keys, two-space indent, trailing newline): two
builds of the same data are byte-identical. Links are absolute under `site_url`, else relative.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from typing import Any

from gongkai.model.records import Catalog
from gongkai.render.exports import (
    DATA_DIR,
    DATAPACKAGE_FILE,
    DCAT_FILE,
    Dataset,
    FieldColumn,
    csv_columns,
    dataset_list,
)
from gongkai.schemas import schema_json
from gongkai.types import FileSink

POD_SCHEMA = "https://project-open-data.cio.gov/v1.1/schema"
LANGUAGE = "zh-CN"
# Columns that are no field of the record: the site computes them (exports.csv_columns).
DERIVED_TYPES: dict[str, dict[str, Any]] = {
    "更新日期": {"type": "date", "description": "最近一次变更的日期（没有变更时为发布日期）。"},
    "网址": {"type": "string", "format": "uri", "description": "该条信息在本站的网页地址。"},
}

__all__ = ["DATAPACKAGE_FILE", "DCAT_FILE", "catalog_files", "dcat_catalog", "table_schema"]


def catalog_files(
    catalog: Catalog, files: FileSink, *, site_url: str, site_name: str, extra: dict[str, Any]
) -> FileSink:
    """Put `data/data.json` and `data/datapackage.json` into `files`."""
    datasets = dataset_list(catalog)
    files[DCAT_FILE] = _json_bytes(dcat_catalog(datasets, site_url=site_url, site_name=site_name, extra=extra))
    files[DATAPACKAGE_FILE] = _json_bytes(data_package(datasets, site_url=site_url, site_name=site_name, extra=extra))
    return files


def _agency(site_name: str, extra: dict[str, Any]) -> str:
    agency = extra.get("agency")
    return agency.strip() if isinstance(agency, str) and agency.strip() else site_name


def _base(site_url: str) -> str:
    """Prefix of a site path as seen from /data/: absolute under the site URL, else relative."""
    site_url = (site_url or "").strip()
    return site_url.rstrip("/") + "/" if site_url else "../"


# -- DCAT-US ------------------------------------------------------------------------------------


def dcat_catalog(datasets: list[Dataset], *, site_url: str, site_name: str, extra: dict[str, Any]) -> dict[str, Any]:
    base = _base(site_url)
    agency = _agency(site_name, extra)
    info = extra.get("site_info") if isinstance(extra.get("site_info"), dict) else {}
    assert isinstance(info, dict)
    contact: dict[str, Any] = {"@type": "vcard:Contact", "fn": str(info.get("sponsor") or agency)}
    email = info.get("email")
    if isinstance(email, str) and email.strip():
        contact["hasEmail"] = "mailto:" + email.strip()
    entries = []
    for dataset in datasets:
        distributions = [
            {
                "@type": "dcat:Distribution",
                "title": f"{dataset.label}（JSON）",
                "downloadURL": base + dataset.json_path,
                "mediaType": "application/json",
                "format": "JSON",
                "describedBy": base + dataset.schema_path,
                "describedByType": "application/schema+json",
            }
        ]
        if dataset.csv_path:
            distributions.append(
                {
                    "@type": "dcat:Distribution",
                    "title": f"{dataset.label}（CSV）",
                    "downloadURL": base + dataset.csv_path,
                    "mediaType": "text/csv",
                    "format": "CSV",
                    "describedBy": base + DATAPACKAGE_FILE,
                    "describedByType": "application/json",
                }
            )
        entry: dict[str, Any] = {
            "@type": "dcat:Dataset",
            "title": f"{agency}：{dataset.label}",
            "description": f"{agency}主动公开的{dataset.label}，共 {dataset.count} 条，随网站每次更新同步更新。",
            "keyword": [dataset.label, "政务公开", agency],
            "publisher": {"@type": "org:Organization", "name": agency},
            "contactPoint": contact,
            "identifier": base + dataset.json_path,
            "accessLevel": "public",
            "language": [LANGUAGE],
            "landingPage": base + "open-data/",
            "describedBy": base + dataset.schema_path,
            "describedByType": "application/schema+json",
            "distribution": distributions,
        }
        if dataset.updated:
            entry["modified"] = dataset.updated.isoformat()
        entries.append(entry)
    return {
        "@context": f"{POD_SCHEMA}/catalog.jsonld",
        "@id": base + DCAT_FILE,
        "@type": "dcat:Catalog",
        "conformsTo": POD_SCHEMA,
        "describedBy": f"{POD_SCHEMA}/catalog.json",
        "dataset": entries,
    }


# -- Frictionless -------------------------------------------------------------------------------


def data_package(datasets: list[Dataset], *, site_url: str, site_name: str, extra: dict[str, Any]) -> dict[str, Any]:
    agency = _agency(site_name, extra)
    host = urllib.parse.urlsplit(site_url).hostname or ""
    name = re.sub(r"[^a-z0-9]+", "-", host.lower()).strip("-") or "gongkai"
    resources = [
        {
            "name": dataset.slug,
            "title": dataset.label,
            "path": dataset.csv_path.removeprefix(f"{DATA_DIR}/"),  # beside this file
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8-sig",  # with the BOM that Excel reads
            "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
            "schema": table_schema(dataset),
        }
        for dataset in datasets
        if dataset.csv_path
    ]
    return {
        "profile": "tabular-data-package",
        "name": f"{name}-open-data",
        "title": f"{agency}开放数据",
        "homepage": _base(site_url) + "open-data/",
        "resources": resources,
    }


def table_schema(dataset: Dataset) -> dict[str, Any]:
    """The Table Schema of a dataset's CSV, from its columns and its type's JSON Schema."""
    schema = json.loads(schema_json(dataset.type.schema_name))
    fields = []
    for header, getter in csv_columns(dataset.type):
        if isinstance(getter, FieldColumn):
            fields.append({"name": header, **_field_from_schema(schema, getter.path)})
        else:
            fields.append({"name": header, "type": "string", **DERIVED_TYPES.get(header, {})})
    return {"fields": fields, "primaryKey": [fields[0]["name"]], "missingValues": [""]}


def _field_from_schema(schema: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    node: dict[str, Any] = schema
    for key in path:
        node = _resolved(schema, node).get("properties", {}).get(key, {})
    node = _resolved(schema, node)
    kinds = node.get("type", "string")
    kind = next((k for k in kinds if k != "null"), "string") if isinstance(kinds, list) else kinds
    found: dict[str, Any] = {}
    for key in ("title", "description"):
        if isinstance(node.get(key), str):
            found[key] = node[key]
    constraints: dict[str, Any] = {}
    if len(path) == 1 and path[0] in schema.get("required", []):
        constraints["required"] = True
    if kind == "boolean":
        found.update(type="boolean", trueValues=["是"], falseValues=["否"])
    elif kind in ("integer", "number"):
        found["type"] = kind
    elif kind == "string" and node.get("format") == "date":
        found["type"] = "date"
    else:  # text, a list joined with `；`, an object
        found["type"] = "string"
        if kind == "string" and isinstance(node.get("enum"), list):
            constraints["enum"] = [v for v in node["enum"] if isinstance(v, str)]
    if constraints:
        found["constraints"] = constraints
    return found


def _resolved(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """`node` with its `$ref` and `allOf` parts merged in (the node's own keys win)."""
    merged: dict[str, Any] = {}
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        target: Any = schema
        for step in ref[2:].split("/"):
            target = target[step]
        merged.update(_resolved(schema, target))
    for part in node.get("allOf", []):
        merged.update(_resolved(schema, part))
    merged.update({k: v for k, v in node.items() if k not in ("$ref", "allOf")})
    return merged


def _json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
