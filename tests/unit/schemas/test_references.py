"""Reference fields are declared once, in the schemas (`x-ref`), and every reader follows the
declaration: reference validation, the model's backlinks, and the open data's redaction."""

from __future__ import annotations

import json

import fastjsonschema
import jsonschema
import pytest

from gongkai.model.records import Catalog
from gongkai.render.exports import export_files, public_record_data
from gongkai.schemas import load_type_schema
from gongkai.schemas.references import KEYWORD, reference_fields, references_in
from gongkai.types import BY_KEY, RECORD_TYPES
from tests.support.helpers import TODAY, record_data, run, write_record

SITE = "https://example.gov.cn/"

DECLARED = {
    "documents": {
        "related.id": "@type",
        "amends": "documents",
        "repealed.by": "documents",
        "consultation": "consultations",
        # issue #13: the amendment that made a version, the cleanup notice of a result, the documents a notice lists
        "versions.by": "documents",
        "cleanups.by": "documents",
        "cleanup_batch.results.document": "documents",
    },
    "interpretations": {"related.id": "@type", "interprets": "documents"},
    "decisions": {"related.id": "@type", "decision_document": "documents", "consultation": "consultations"},
}


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=lambda t: t.key)
def test_the_schemas_declare_every_reference_field(record_type):
    declared = {ref.name: ref.target for ref in reference_fields(record_type.key)}
    assert declared == DECLARED.get(record_type.key, {"related.id": "@type"})


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=lambda t: t.key)
def test_validators_accept_the_keyword(record_type):
    schema = load_type_schema(record_type.schema_name)
    assert KEYWORD in json.dumps(schema)
    jsonschema.Draft7Validator.check_schema(schema)
    if record_type.key in DECLARED:
        data = record_data(record_type.key, "x")
        jsonschema.Draft7Validator(schema).validate(data)
        fastjsonschema.compile(schema, formats={"date": lambda v: True})(data)


def _hidden_document() -> dict:
    return record_data(
        "documents", "withheld", title="不予公开的文件", disclosure="不予公开", withheld_basis="国家秘密"
    )


def test_exports_redact_every_declared_reference_including_interprets():
    # The old exports listed the redacted fields by hand and forgot `interprets`.
    interpretation = record_data("interpretations", "qa", interprets="withheld")
    decision = record_data(
        "decisions", "d", decision_document="withheld", related=[{"type": "documents", "id": "withheld"}]
    )
    document = record_data(
        "documents", "doc", amends=["withheld"], repealed={"date": "2024-03-02", "by": "withheld", "reason": "替代"}
    )
    catalog = Catalog(
        [
            (BY_KEY["documents"], _hidden_document()),
            (BY_KEY["interpretations"], interpretation),
            (BY_KEY["decisions"], decision),
            (BY_KEY["documents"], document),
        ],
        TODAY,
    )
    for record in catalog.public():
        assert "withheld" not in json.dumps(public_record_data(record), ensure_ascii=False), record.id
    for path, content in export_files(catalog, SITE).items():
        if path.startswith("data/"):
            assert "withheld" not in content.decode("utf-8-sig"), path


def test_backlinks_follow_the_declaration():
    repealing = record_data("documents", "new", publish_date="2024-04-01", signed_date="2024-03-28")
    repealed = record_data("documents", "old", repealed={"date": "2024-04-01", "by": "new", "reason": "替代"})
    decision = record_data("decisions", "d", decision_document="new")
    catalog = Catalog(
        [(BY_KEY["documents"], repealing), (BY_KEY["documents"], repealed), (BY_KEY["decisions"], decision)], TODAY
    )
    target = catalog.get("documents", "new")
    assert [r.id for r in catalog.backlinks("repealed.by", target)] == ["old"]
    assert [r.id for r in catalog.backlinks("decision_document", target)] == ["d"]


def test_references_in_names_paths_for_messages():
    data = record_data("documents", "doc", amends=["a", "b"], related=[{"type": "decisions", "id": "d"}])
    assert list(references_in("documents", data)) == [
        (("related", 0, "id"), "decisions", "d"),
        (("amends", 0), "documents", "a"),
        (("amends", 1), "documents", "b"),
    ]


def test_validation_checks_every_declared_reference(tmp_path):
    data = tmp_path / "data"
    write_record(data, "documents", "doc", consultation="no-such-consultation", amends=["no-such-document"])
    write_record(data, "decisions", "dec", decision_document="no-such-decision-doc")
    messages = [p.message for p in run(data) if p.is_error]
    for missing in ("no-such-consultation", "no-such-document", "no-such-decision-doc"):
        assert any(missing in m and "不存在" in m for m in messages), (missing, messages)
