"""The DCAT-US 1.1 catalog schema (Project Open Data v1.1, non-federal profile), kept in
tests/fixtures/dcat-us/ (see its README), as a jsonschema validator."""

from __future__ import annotations

import json

import jsonschema
import referencing
import referencing.jsonschema

from tests.support.sites import ROOT

POD = ROOT / "tests" / "fixtures" / "dcat-us"


def dcat_validator() -> jsonschema.Draft4Validator:
    schemas = [
        json.loads((POD / name).read_text(encoding="utf-8")) for name in ("catalog.json", "dataset-non-federal.json")
    ]
    draft4 = referencing.jsonschema.DRAFT4
    registry = referencing.Registry().with_resources(
        [(schema["id"].rstrip("#"), draft4.create_resource(schema)) for schema in schemas]
    )
    return jsonschema.Draft4Validator(schemas[0], registry=registry, format_checker=jsonschema.FormatChecker())


def dcat_errors(catalog: dict) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in dcat_validator().iter_errors(catalog)]
