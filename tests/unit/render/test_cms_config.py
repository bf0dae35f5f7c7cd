"""The editors' CMS configuration is generated from the JSON Schemas: every field of every record
type is a form field with its Chinese title and hint, and a field added to a schema is in the form
with no other change."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from gongkai.render.cms_config import CmsOptions, cms_config, record_schemas
from gongkai.schemas import resolve
from gongkai.types import RECORD_TYPES

OPTIONS = CmsOptions(
    backend="gitea",
    repo="bgt/site",
    branch="main",
    base_url="https://git.example.gov.cn",
    api_root="https://git.example.gov.cn/api/v1",
    app_id="0a1b2c3d",
    editorial_workflow=True,
    local_backend="",
    data_dir="data",
    site_name="演示",
)


def _collection(config: dict[str, Any], key: str) -> dict[str, Any]:
    return next(c for c in config["collections"] if c["folder"] == f"data/{key}")


def _field(fields: list[dict[str, Any]], *path: str) -> dict[str, Any]:
    field: dict[str, Any] = {"fields": fields}
    for name in path:
        children = field.get("fields") or [field["field"]]
        field = next(f for f in children if f["name"] == name)
    return field


def _schema_paths(node: dict[str, Any], root: dict[str, Any], prefix: tuple[str, ...] = ()):
    """Every property path of a schema, through objects and lists of objects."""
    for name, prop in node.get("properties", {}).items():
        effective = resolve(prop, root)
        yield (*prefix, name), effective
        if effective.get("type") == "array":
            effective = resolve(effective.get("items", {}), root)
        if effective.get("type") == "object":
            yield from _schema_paths(effective, root, (*prefix, name))


def _form_paths(fields: list[dict[str, Any]], prefix: tuple[str, ...] = ()):
    for field in fields:
        yield (*prefix, field["name"]), field
        yield from _form_paths(field.get("fields", []), (*prefix, field["name"]))


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=lambda t: t.key)
def test_every_schema_field_is_a_form_field_with_its_title_and_description(record_type):
    schema = record_schemas()[record_type.schema_name]
    collection = _collection(cms_config(record_schemas(), OPTIONS), record_type.key)
    form = dict(_form_paths(collection["fields"]))
    for path, effective in _schema_paths(schema, schema):
        assert path in form, path
        assert form[path]["label"] == effective["title"], path
        assert form[path]["hint"] == effective["description"], path
    assert collection["folder"] == f"data/{record_type.key}"
    assert (collection["extension"], collection["format"]) == ("yaml", "yaml")
    assert collection["slug"] == "{{fields.id}}" and collection["identifier_field"] == "id"
    assert collection["media_folder"] == f"/data/attachments/{record_type.key}"
    assert collection["public_folder"] == record_type.key  # a file field stores <type>/<name>, as attachments do
    assert collection["label"] == record_type.label


def test_a_field_added_to_a_schema_is_in_the_form_with_no_other_change():
    schemas = copy.deepcopy(record_schemas())
    schemas["interpretation"]["properties"]["reviewer"] = {
        "title": "审核人",
        "description": "审核本解读的处室，例如“政策法规处”。",
        "type": "string",
        "minLength": 1,
    }
    schemas["interpretation"]["required"].append("reviewer")
    fields = _collection(cms_config(schemas, OPTIONS), "interpretations")["fields"]
    assert _field(fields, "reviewer") == {
        "name": "reviewer",
        "label": "审核人",
        "hint": "审核本解读的处室，例如“政策法规处”。",
        "required": True,
        "widget": "string",
    }
    before = _collection(cms_config(record_schemas(), OPTIONS), "interpretations")["fields"]
    assert [f for f in fields if f["name"] != "reviewer"] == before


def test_widgets_follow_the_schema():
    config = cms_config(record_schemas(), OPTIONS)
    documents = _collection(config, "documents")["fields"]
    assert _field(documents, "id")["pattern"][0] == "^[a-z0-9]+(-[a-z0-9]+)*$"
    assert _field(documents, "disclosure") | {"hint": ""} == {
        "name": "disclosure",
        "label": "公开方式",
        "hint": "",
        "required": True,
        "widget": "select",
        "options": ["主动公开", "依申请公开", "不予公开"],
    }
    signed = _field(documents, "signed_date")
    assert (signed["widget"], signed["format"], signed["date_format"], signed["time_format"]) == (
        "datetime",
        "YYYY-MM-DD",
        "YYYY-MM-DD",
        False,
    )
    assert _field(documents, "body")["widget"] == "markdown"
    assert _field(documents, "normative")["widget"] == "boolean"
    assert _field(documents, "subjects")["field"]["widget"] == "string"  # a list of strings
    assert _field(documents, "attachments", "file")["widget"] == "file"
    assert _field(documents, "attachments")["summary"] == "{{fields.title}}"
    # Optional: the form requires what the schema requires, and nothing inside an optional object
    # (Decap would check `repealed.date` of a document that is not repealed).
    assert _field(documents, "summary")["required"] is False
    assert _field(documents, "repealed")["required"] is False
    assert _field(documents, "repealed", "date")["required"] is False
    assert "min" not in _field(documents, "cleanup_batch", "results")


def test_references_pick_the_record_they_name():
    config = cms_config(record_schemas(), OPTIONS)
    interprets = _field(_collection(config, "interpretations")["fields"], "interprets")
    assert interprets["widget"] == "relation" and interprets["required"] is True
    assert (interprets["collection"], interprets["value_field"]) == ("documents", "id")
    consultation = _field(_collection(config, "decisions")["fields"], "consultation")
    assert (consultation["widget"], consultation["collection"]) == ("relation", "consultations")
    # `related[].id` names a record of the type written beside it: a pattern, not one collection.
    related_id = _field(_collection(config, "documents")["fields"], "related", "id")
    assert related_id["widget"] == "string" and "pattern" in related_id


def test_disclosure_report_tables_are_nested_number_fields():
    config = cms_config(record_schemas(), OPTIONS)
    report = _collection(config, "reports/disclosure")
    assert report["name"] == "reports-disclosure"
    cell = _field(report["fields"], "proactive", "regulations", "issued")
    assert (cell["widget"], cell["value_type"], cell["min"]) == ("number", "int", 0)
    assert _field(report["fields"], "year")["required"] is True


def test_backend_settings_reach_the_configuration():
    config = cms_config(record_schemas(), OPTIONS)
    assert config["backend"] == {
        "name": "gitea",
        "branch": "main",
        "repo": "bgt/site",
        "base_url": "https://git.example.gov.cn",
        "api_root": "https://git.example.gov.cn/api/v1",
        "app_id": "0a1b2c3d",
    }
    assert config["publish_mode"] == "editorial_workflow"
    assert config["locale"] == "zh_Hans"
    assert "local_backend" not in config
    local = CmsOptions(
        **{**OPTIONS.__dict__, "local_backend": "http://localhost:8081/api/v1", "editorial_workflow": False}
    )
    config = cms_config(record_schemas(), local)
    assert config["local_backend"] == {"url": "http://localhost:8081/api/v1"}
    assert "publish_mode" not in config
    gitlab = cms_config(record_schemas(), CmsOptions(**{**OPTIONS.__dict__, "backend": "gitlab"}))
    assert (gitlab["backend"]["app_id"], gitlab["backend"]["auth_type"]) == ("0a1b2c3d", "pkce")
