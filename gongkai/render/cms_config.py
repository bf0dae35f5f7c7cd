"""The configuration of the editors' CMS (Decap CMS, `/admin/`), generated from the JSON Schemas.

One folder collection per record type (`data/<type>/`, YAML, the id as the file name), one form
field per schema property, read from the merged schemas the validator checks against: the
Chinese `title` as label, the `description` as hint, `required`, enums as selects, dates as date
pickers storing `YYYY-MM-DD`, patterns with the description as their message, nested objects and
lists, Markdown as a Markdown field, references (`x-ref`) as relation fields that pick the record,
attachment paths as file fields uploading into `data/attachments/<type>/`. No field is typed here
by hand: a property added to a schema is a form field at the next build.

What a form cannot say in Decap's vocabulary is kept as written (a hidden field: the value stays
in the file) and checked by `gongkai validate`: free-form maps (`stats`). A table cell that may
be a number, blank or "/" is a number field (blank and "/" are kept as loaded but cannot be typed).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gongkai.schemas import chain, merged_schema, resolve
from gongkai.types import BY_KEY, RECORD_TYPES

__all__ = ["CmsOptions", "cms_config", "record_schemas"]

DATE_FORMAT = "YYYY-MM-DD"  # Moment.js tokens: the records' own format


@dataclass(frozen=True)
class CmsOptions:
    """The settings the configuration needs (from `gongkai.config.Settings` and mkdocs.yml)."""

    backend: str  # gitea, forgejo, gitlab or github
    repo: str  # owner/name on the git host
    branch: str
    base_url: str  # a self-hosted host's address (OAuth); "" for the public service
    api_root: str  # a self-hosted host's API root; "" for the public service
    app_id: str  # the OAuth application's client id on the git host (PKCE sign-in); "" if none
    editorial_workflow: bool  # saves open a pull request (merge request) instead of committing
    local_backend: str  # the local backend's API URL (decap-server), "" when off
    data_dir: str  # the records' folder relative to the repository root, e.g. "data"
    site_name: str


def record_schemas() -> dict[str, dict[str, Any]]:
    """Every record type's merged schema, as the validator loads it, by schema name."""
    return {t.schema_name: merged_schema(t.schema_name) for t in RECORD_TYPES}


def cms_config(schemas: Mapping[str, dict[str, Any]], options: CmsOptions) -> dict[str, Any]:
    """Decap CMS's config.yml as a mapping, one collection per record type."""
    backend: dict[str, Any] = {"name": options.backend, "branch": options.branch}
    if options.repo:
        backend["repo"] = options.repo
    if options.base_url:
        backend["base_url"] = options.base_url
    if options.api_root:
        backend["api_root"] = options.api_root
    if options.app_id:  # sign-in with the host's OAuth (PKCE: no server of ours)
        backend["app_id"] = options.app_id
        if options.backend == "gitlab":
            backend["auth_type"] = "pkce"
    config: dict[str, Any] = {"backend": backend}
    if options.local_backend:
        config["local_backend"] = {"url": options.local_backend}
    if options.editorial_workflow:
        config["publish_mode"] = "editorial_workflow"
    config.update(
        {
            "locale": "zh_Hans",
            "media_folder": f"{options.data_dir}/attachments",
            "public_folder": "",
            "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
            "collections": [_collection(t.key, schemas[t.schema_name], options) for t in RECORD_TYPES],
        }
    )
    return config


def _collection(key: str, schema: dict[str, Any], options: CmsOptions) -> dict[str, Any]:
    record_type = BY_KEY[key]
    return {
        "name": record_type.slug,
        "label": record_type.label,
        "label_singular": record_type.label,
        "description": schema.get("description", ""),
        "folder": f"{options.data_dir}/{key}",
        "extension": "yaml",
        "format": "yaml",
        "create": True,
        "identifier_field": "id",
        "slug": "{{fields.id}}",
        "summary": "{{title}}（{{id}}）",
        "sortable_fields": ["publish_date", "title", "id"],
        "media_folder": f"/{options.data_dir}/attachments/{key}",
        "public_folder": key,
        "preview_path": f"{key}/{{{{slug}}}}/",
        "fields": _fields(schema, schema),
    }


def _fields(node: dict[str, Any], root: dict[str, Any], optional: bool = False) -> list[dict[str, Any]]:
    """The form fields of an object's properties. Inside an optional object (`optional`) no field
    is required in the form: Decap checks a child even when its object is left out, so a
    document without `repealed` could not be saved; the schema's own rule (required once the
    object is there) is checked by `gongkai validate` and CI."""
    required = set(node.get("required", [])) if not optional else set()
    return [_field(name, prop, root, name in required) for name, prop in node.get("properties", {}).items()]


def _field(name: str, prop: dict[str, Any], root: dict[str, Any], required: bool) -> dict[str, Any]:
    effective = resolve(prop, root)
    field: dict[str, Any] = {
        "name": name,
        "label": effective.get("title", name),
        "hint": effective.get("description", ""),
        "required": required,
    }
    field.update(_widget(prop, effective, root, required))
    return field


def _refs(prop: dict[str, Any], root: dict[str, Any]) -> set[str]:
    """The `$defs` names a property's chain of `$ref`s passes through (`markdown`, `date`, …)."""
    names = set()
    for node in chain(prop, root):
        if "$ref" in node:
            names.add(node["$ref"].rsplit("/", 1)[-1])
    return names


def _x_ref(prop: dict[str, Any], root: dict[str, Any]) -> str | None:
    for node in chain(prop, root):
        if "x-ref" in node:
            return str(node["x-ref"])
    return None


def _widget(prop: dict[str, Any], effective: dict[str, Any], root: dict[str, Any], required: bool) -> dict[str, Any]:
    kind = effective.get("type")
    refs = _refs(prop, root)
    target = _x_ref(prop, root)
    if target in BY_KEY:  # a reference to a record of one type: pick it
        return {
            "widget": "relation",
            "collection": BY_KEY[target].slug,
            "value_field": "id",
            "search_fields": ["id", "title"],
            "display_fields": ["{{title}}（{{id}}）"],
        }
    if "enum" in effective:
        return {"widget": "select", "options": list(effective["enum"])}
    if isinstance(kind, list):  # a table cell: a number, blank (null) or "/"
        numbers = [k for k in kind if k in ("integer", "number")]
        return _number(effective, "int" if numbers == ["integer"] else "float")
    if kind == "string":
        if "markdown" in refs:
            return {"widget": "markdown", "modes": ["raw", "rich_text"], "sanitize_preview": True}
        if "attachment_path" in refs:
            return {"widget": "file", "choose_url": False}
        if effective.get("format") == "date":
            return {
                "widget": "datetime",
                "format": DATE_FORMAT,
                "date_format": DATE_FORMAT,
                "time_format": False,
            }
        widget: dict[str, Any] = {"widget": "string"}
        if "pattern" in effective:
            widget["pattern"] = [effective["pattern"], "格式不对，请按本栏下方的说明填写。"]
        return widget
    if kind == "integer":
        return _number(effective, "int")
    if kind == "number":
        return _number(effective, "float")
    if kind == "boolean":
        return {"widget": "boolean"}
    if kind == "array":
        return _list(effective, root, required)
    if kind == "object" and "properties" in effective:
        return {"widget": "object", "collapsed": False, "fields": _fields(effective, root, not required)}
    return {"widget": "hidden"}  # a free-form map: kept as written, edited in the YAML file


def _number(effective: dict[str, Any], value_type: str) -> dict[str, Any]:
    widget: dict[str, Any] = {"widget": "number", "value_type": value_type}
    if "minimum" in effective:
        widget["min"] = effective["minimum"]
    if "maximum" in effective:
        widget["max"] = effective["maximum"]
    return widget


def _list(effective: dict[str, Any], root: dict[str, Any], required: bool) -> dict[str, Any]:
    items = effective.get("items", {})
    item = resolve(items, root)
    widget: dict[str, Any] = {"widget": "list", "collapsed": True}
    if "maxItems" in effective:
        widget["max"] = effective["maxItems"]
    if "minItems" in effective and required:  # Decap counts the items of a list left out too
        widget["min"] = effective["minItems"]
    if item.get("type") == "object" and "properties" in item:
        widget["fields"] = _fields(item, root)  # an item is there once added: its own fields count
        title = next((n for n in ("title", "document", "id", "name") if n in item["properties"]), None)
        if title:
            widget["summary"] = f"{{{{fields.{title}}}}}"
        return widget
    widget["field"] = _field("item", items, root, True)
    widget["collapsed"] = False
    return widget
