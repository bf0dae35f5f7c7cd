"""The JSON Schemas (gongkai/schemas) and the demonstration data under data/.

Deliberately independent of gongkai.load.files: the demo files are read with PyYAML's CSafeLoader and
dates are turned into ISO strings, which is what the loader contract promises.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator

from gongkai.schemas import all_schemas, load_type_schema, schema_json, write_schemas
from gongkai.types import BY_KEY, RECORD_TYPES
from tests.support.sites import ROOT

DATA = ROOT / "data"
SCHEMA_SRC = ROOT / "gongkai" / "schemas"
ATTACHMENTS = DATA / "attachments"
DEMO_NOTICE = "# 演示数据（demonstration data）：本记录为虚构示例，不是真实政府信息。"
CJK = re.compile(r"[\u4e00-\u9fff]")
SCHEMA_NAMES = [t.schema_name for t in RECORD_TYPES]


# ------------------------------------------------------------------ helpers
def _isoify(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _isoify(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_isoify(v) for v in value]
    return value


def load_yaml(path: Path):
    with path.open(encoding="utf-8") as handle:
        return _isoify(yaml.load(handle, Loader=yaml.CSafeLoader))


def demo_files() -> list[tuple[str, Path]]:
    files = []
    for record_type in RECORD_TYPES:
        for path in sorted((DATA / record_type.key).glob("*.yaml")):
            files.append((record_type.key, path))
    return files


DEMO_FILES = demo_files()


@pytest.fixture(scope="module")
def records() -> dict[str, dict[str, dict]]:
    """{type key: {id: data}} for every demo record."""
    out: dict[str, dict[str, dict]] = {t.key: {} for t in RECORD_TYPES}
    for key, path in DEMO_FILES:
        out[key][path.stem] = load_yaml(path)
    return out


def validator(schema_name: str) -> Draft7Validator:
    return Draft7Validator(load_type_schema(schema_name), format_checker=Draft7Validator.FORMAT_CHECKER)


def errors(schema_name: str, data) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
        for e in validator(schema_name).iter_errors(data)
    ]


def property_nodes(schema, where="#"):
    """Yield (pointer, subschema) for every node an editor sees as a field or a reusable definition."""
    if not isinstance(schema, dict):
        return
    for name, sub in schema.get("properties", {}).items():
        yield f"{where}/properties/{name}", sub
        yield from property_nodes(sub, f"{where}/properties/{name}")
    for keyword in ("items", "additionalProperties", "propertyNames"):
        sub = schema.get(keyword)
        if isinstance(sub, dict):
            yield f"{where}/{keyword}", sub
            yield from property_nodes(sub, f"{where}/{keyword}")
    for name, sub in schema.get("$defs", {}).items():
        yield f"{where}/$defs/{name}", sub
        yield from property_nodes(sub, f"{where}/$defs/{name}")
    for keyword in ("allOf", "anyOf", "oneOf"):
        for i, sub in enumerate(schema.get(keyword, [])):
            if set(sub) - {"$ref"}:  # a bare {"$ref": ...} carries no field of its own
                yield f"{where}/{keyword}/{i}", sub
                yield from property_nodes(sub, f"{where}/{keyword}/{i}")


def source_schemas() -> list[tuple[str, dict]]:
    out = [("common.json", json.loads((SCHEMA_SRC / "common.json").read_text(encoding="utf-8")))]
    for name in SCHEMA_NAMES:
        path = SCHEMA_SRC / "types" / f"{name}.json"
        out.append((f"types/{name}.json", json.loads(path.read_text(encoding="utf-8"))))
    return out


# ------------------------------------------------------------------ schemas
@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_merged_schema_is_valid_draft07(name):
    schema = load_type_schema(name)
    Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["$id"] == f"{name}.schema.json"
    assert schema["additionalProperties"] is False
    assert {"id", "title", "publish_date", "issuer", "disclosure"} <= set(schema["required"])
    assert len(schema["required"]) == len(set(schema["required"]))


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_ref_resolves_inside_the_merged_schema(name):
    schema = load_type_schema(name)
    text = json.dumps(schema)
    for target in re.findall(r'"\$ref": "#/\$defs/([^"]+)"', text):
        assert target in schema["$defs"], f"{name}: dangling $ref to $defs/{target}"


def test_all_objects_are_closed():
    for name, schema in all_schemas().items():
        for pointer, node in property_nodes(schema):
            if node.get("type") == "object" and "properties" in node:
                assert node.get("additionalProperties") is False, f"{name} {pointer}"


@pytest.mark.parametrize("label,schema", source_schemas(), ids=[s[0] for s in source_schemas()])
def test_every_field_has_chinese_title_and_description(label, schema):
    missing = []
    nodes = [("#", schema), *property_nodes(schema)] if label != "common.json" else list(property_nodes(schema))
    for pointer, node in nodes:
        for key in ("title", "description"):
            if not isinstance(node.get(key), str) or not CJK.search(node[key]):
                missing.append(f"{pointer} {key}")
    assert not missing, f"{label}: fields without a Chinese title/description: {missing}"


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_merged_schemas_have_titles_everywhere(name):
    schema = load_type_schema(name)
    for pointer, node in [("#", schema), *property_nodes(schema)]:
        assert CJK.search(node.get("title", "")) and CJK.search(node.get("description", "")), pointer


def test_enums_and_field_names_follow_the_domain_contract():
    s = all_schemas()
    common = s["document"]["properties"]
    assert common["disclosure"]["enum"] == ["主动公开", "依申请公开", "不予公开"]
    assert common["related"]["items"]["properties"]["type"]["enum"] == [t.key for t in RECORD_TYPES]
    doc = s["document"]["properties"]
    assert doc["cleanups"]["items"]["properties"]["result"]["enum"] == [
        "继续有效",
        "修改",
        "废止",
        "宣布失效",
    ]  # 宣布失效 added by issue #13
    assert "status" not in doc and "validity" not in doc  # validity is derived, never typed
    assert "state" not in s["consultation"]["properties"]  # consultation state is derived
    assert s["interpretation"]["properties"]["form"]["enum"] == ["文字", "图解", "问答", "音视频"]
    dec = s["decision"]["properties"]
    assert dec["stage"]["enum"] == ["拟决策", "征求意见", "已决策", "执行中", "已评估"]
    procs = dec["procedures"]["properties"]
    assert list(procs) == [
        "public_participation",
        "expert_review",
        "risk_assessment",
        "legality_review",
        "collective_discussion",
    ]
    assert "not_applicable" not in procs["legality_review"]["properties"]
    assert "not_applicable" not in procs["collective_discussion"]["properties"]
    for name in ("public_participation", "expert_review", "risk_assessment"):
        assert "not_applicable" in procs[name]["properties"]
    assert "not_applicable" in dec["hearing"]["properties"]
    power = s["power"]["properties"]
    assert len(power["category"]["enum"]) == 10
    assert power["status"]["enum"] == ["有效", "已取消"]
    assert list(power["changes"]["items"]["properties"]) == ["date", "type", "reason"]
    assert list(s["document"]["properties"]["changes"]["items"]["properties"]) == ["date", "note"]
    assert s["rule-of-law-report"]["properties"]["sections"]["required"] == [
        "measures",
        "shortcomings",
        "leadership",
        "next_year",
    ]


def test_root_schema_copies_are_up_to_date(tmp_path):
    written = write_schemas(tmp_path)
    assert sorted(p.name for p in written) == sorted(f"{n}.schema.json" for n in SCHEMA_NAMES)
    for name in SCHEMA_NAMES:
        root_copy = ROOT / "schemas" / f"{name}.schema.json"
        assert root_copy.exists(), f"run gongkai schemas --write ({root_copy} missing)"
        expected = schema_json(name)
        assert root_copy.read_text(encoding="utf-8") == expected, f"{root_copy} is stale: regenerate it"
        assert (tmp_path / f"{name}.schema.json").read_text(encoding="utf-8") == expected
        assert json.loads(expected) == load_type_schema(name)
        assert expected.endswith("}\n")


def test_load_type_schema_returns_independent_copies():
    first = load_type_schema("document")
    first["properties"].clear()
    assert load_type_schema("document")["properties"]


def test_unknown_schema_name():
    with pytest.raises(KeyError):
        load_type_schema("nonsense")


def test_vscode_settings_map_every_type():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for record_type in RECORD_TYPES:
        target = f"./schemas/{record_type.schema_name}.schema.json"
        assert mapping[target] == [f"data/{record_type.key}/*.yaml"]


# ------------------------------------------------------------------ schemas reject what they must
MINIMAL = {
    "id": "x-1",
    "title": "标题",
    "publish_date": "2024-01-02",
    "issuer": "河南省机关事务管理局",
    "disclosure": "主动公开",
}


@pytest.mark.parametrize(
    "schema_name,extra,fragment",
    [
        ("document", {"signed_date": "2024/1/2"}, "signed_date"),
        ("document", {"signed_date": "2024-02-30"}, "signed_date"),
        ("document", {"signed_date": "2024-01-02", "status": "有效"}, "status"),
        (
            "document",
            {"signed_date": "2024-01-02", "attachments": [{"title": "a", "file": "../secret.pdf"}]},
            "attachments/0/file",
        ),
        (
            "document",
            {"signed_date": "2024-01-02", "attachments": [{"title": "a", "file": "/etc/x.pdf"}]},
            "attachments/0/file",
        ),
        ("document", {"signed_date": "2024-01-02", "amends": ["Bad_Id"]}, "amends/0"),
        ("document", {"signed_date": "2024-01-02", "related": [{"type": "document", "id": "x"}]}, "related/0/type"),
        (
            "document",
            {"signed_date": "2024-01-02", "cleanups": [{"date": "2024-01-02", "result": "有效"}]},
            "cleanups/0/result",
        ),
        (
            "power",
            {"code": "A-1", "category": "行政检查", "changes": [{"date": "2024-01-02", "note": "x"}]},
            "changes/0",
        ),
        (
            "decision",
            {
                "catalog_year": 2024,
                "stage": "已决策",
                "procedures": {
                    "legality_review": {"date": "2024-01-02", "conclusion": "合法", "not_applicable": "不需要"}
                },
            },
            "procedures/legality_review",
        ),
        ("consultation", {"from": "2024-01-02", "to": "2024-02-10", "draft_attachment": True}, "draft_attachment"),
        # `draft` is the unpublished flag on consultations too (it named the attachment before).
        ("consultation", {"from": "2024-01-02", "to": "2024-02-10", "draft": "consultations/x.pdf"}, "draft"),
        (
            "rule-of-law-report",
            {"year": 2024, "sections": {"measures": "a", "shortcomings": "b", "leadership": "c"}},
            "sections",
        ),
        (
            "rule-of-law-report",
            {
                "year": 2024,
                "sections": {"measures": "a", "shortcomings": "b", "leadership": "c", "next_year": "d"},
                "stats": {"法治培训场次": -1},
            },
            "stats/法治培训场次",
        ),
    ],
)
def test_schema_rejects(schema_name, extra, fragment):
    found = errors(schema_name, {**MINIMAL, **extra})
    assert any(e.startswith(fragment) or fragment in e for e in found), found


def test_minimal_records_are_accepted():
    assert errors("document", {**MINIMAL, "signed_date": "2024-01-01"}) == []
    assert errors("interpretation", {**MINIMAL, "interprets": "x-2"}) == []
    assert errors("decision", {**MINIMAL, "catalog_year": 2026, "stage": "拟决策"}) == []
    assert errors("consultation", {**MINIMAL, "from": "2024-01-02", "to": "2024-02-10"}) == []
    assert errors("power", {**MINIMAL, "code": "HNJG-JC-001", "category": "行政检查"}) == []
    assert (
        errors(
            "document",
            {
                **MINIMAL,
                "signed_date": "2024-01-01",
                "draft": True,
                "attachments": [{"title": "附件", "file": "documents/附件1 标准表.pdf"}],
            },
        )
        == []
    )


# ------------------------------------------------------------------ demo data
def test_demo_data_exists():
    keys = {key for key, _ in DEMO_FILES}
    assert keys == {t.key for t in RECORD_TYPES}


@pytest.mark.parametrize("key,path", DEMO_FILES, ids=[f"{k}/{p.name}" for k, p in DEMO_FILES])
def test_demo_file_validates(key, path):
    raw = path.read_bytes()
    raw.decode("utf-8")  # never GBK
    assert not raw.startswith(b"\xef\xbb\xbf"), "YAML files are saved without a BOM"
    lines = raw.decode("utf-8").splitlines()
    depth = len(Path(key).parts) + 1
    schema_name = BY_KEY[key].schema_name
    assert lines[0] == DEMO_NOTICE
    assert lines[1] == f"# yaml-language-server: $schema={'../' * depth}schemas/{schema_name}.schema.json"
    assert (path.parent / ("../" * depth) / "schemas" / f"{schema_name}.schema.json").resolve().exists()
    data = load_yaml(path)
    assert data["id"] == path.stem
    assert errors(schema_name, data) == []
    body_file = path.with_suffix(".md")
    assert not (body_file.exists() and "body" in data), "body both in YAML and in a sibling .md"
    assert data["disclosure"] == "主动公开" and data.get("draft") is not True
    assert data["publish_date"] <= "2026-11-27"


def test_demo_attachments_exist(records):
    referenced = set()
    for key, items in records.items():
        for rid, data in items.items():
            paths = [a["file"] for a in data.get("attachments", [])]
            if key == "powers" and "flowchart" in data:
                paths.append(data["flowchart"])
            if key == "consultations" and "draft_attachment" in data:
                paths.append(data["draft_attachment"])
            for rel in paths:
                assert (ATTACHMENTS / rel).is_file(), f"{key}/{rid}: missing attachment {rel}"
                referenced.add(rel)
    present = {p.relative_to(ATTACHMENTS).as_posix() for p in ATTACHMENTS.rglob("*") if p.is_file()}
    assert present == referenced, f"unreferenced attachments: {present - referenced}"
    for rel in present:
        if rel.endswith(".pdf"):
            content = (ATTACHMENTS / rel).read_bytes()
            assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")


def test_demo_sibling_markdown_body(records):
    md_files = sorted(DATA.glob("*/*.md")) + sorted(DATA.glob("reports/*/*.md"))
    assert md_files, "at least one record keeps its body in a sibling .md file"
    for md in md_files:
        assert md.with_suffix(".yaml").exists(), f"{md} has no YAML record beside it"
        md.read_text(encoding="utf-8")


def _ref(records, key, rid, where):
    assert rid in records[key], f"{where}: {key}/{rid} does not exist"
    return records[key][rid]


def test_demo_cross_references(records):
    for key, items in records.items():
        for rid, data in items.items():
            where = f"{key}/{rid}"
            for link in data.get("related", []):
                target = _ref(records, link["type"], link["id"], where)
                assert target["disclosure"] == "主动公开"
                assert (link["type"], link["id"]) != (key, rid), f"{where} relates to itself"
            if key == "documents":
                for amended in data.get("amends", []):
                    _ref(records, "documents", amended, where)
                if "repealed" in data and "by" in data["repealed"]:
                    _ref(records, "documents", data["repealed"]["by"], where)
                if "consultation" in data:
                    _ref(records, "consultations", data["consultation"], where)
            if key == "interpretations":
                doc = _ref(records, "documents", data["interprets"], where)
                assert doc["disclosure"] == "主动公开" and doc.get("draft") is not True
                assert doc["publish_date"] <= data["publish_date"]
            if key == "decisions":
                if "decision_document" in data:
                    _ref(records, "documents", data["decision_document"], where)
                if "consultation" in data:
                    _ref(records, "consultations", data["consultation"], where)


def test_demo_unique_catalog_fields(records):
    index_nos = [d["index_no"] for items in records.values() for d in items.values()]
    assert all(index_nos) and len(index_nos) == len(set(index_nos))
    # each agency of the demo numbers its own documents (mkdocs.yml: agencies)
    prefixes = {"河南省机关事务管理局": "豫管", "河南省人民政府办公厅": "豫政办"}
    numbers = [(d["issuer"], d["doc_number"]) for d in records["documents"].values() if "doc_number" in d]
    assert len(numbers) == len(set(numbers))
    for issuer, number in numbers:
        assert re.fullmatch(rf"{prefixes[issuer]}〔\d{{4}}〕[1-9]\d*号", number), number


def test_demo_covers_the_document_lifecycle(records):
    docs = records["documents"]
    today = "2026-11-27"
    assert len(docs) >= 10
    repealed = [d for d in docs.values() if "repealed" in d]
    assert repealed and all(d["repealed"]["by"] in docs for d in repealed)
    amended = {a for d in docs.values() for a in d.get("amends", [])}
    assert amended
    assert any(d.get("expiry_date", "9999") < today and "repealed" not in d for d in docs.values())
    assert any(
        d.get("effective_date", "") > today and d.get("effective_date", "").startswith("2027") for d in docs.values()
    )
    assert any("暂行" in d["title"] or "试行" in d["title"] for d in docs.values())
    for d in docs.values():
        if d.get("normative"):
            # the office's documents are filed with the provincial government's office, the
            # government's (its general office's) with the standing committee of the people's congress
            supervisor = (
                "河南省人民政府办公厅"
                if d["issuer"] == "河南省机关事务管理局"
                else "河南省人民代表大会常务委员会法制工作委员会"
            )
            assert d["filing"]["filed_with"] == supervisor
            delta = dt.date.fromisoformat(d["filing"]["filed_date"]) - dt.date.fromisoformat(d["publish_date"])
            assert 0 <= delta.days <= 30
        assert d["signed_date"] <= d["publish_date"], d["id"]
        assert d["signed_date"] <= d.get("effective_date", d["signed_date"]) <= d.get("expiry_date", "9999"), d["id"]


def test_demo_decisions_follow_procedure_order(records):
    stages = {d["stage"] for d in records["decisions"].values()}
    assert len(stages) >= 4
    for rid, d in records["decisions"].items():
        procedures = d.get("procedures", {})
        participation = procedures.get("public_participation", {})
        if "from" in participation:
            days = (dt.date.fromisoformat(participation["to"]) - dt.date.fromisoformat(participation["from"])).days
            assert days >= 30, rid
        if d["stage"] in ("已决策", "执行中", "已评估"):
            for name in ("public_participation", "expert_review", "risk_assessment"):
                assert "date" in procedures[name] or "from" in procedures[name] or "not_applicable" in procedures[name]
            assert "date" in d["hearing"] or "not_applicable" in d["hearing"]
            legality, discussion = procedures["legality_review"], procedures["collective_discussion"]
            assert legality["conclusion"] != "不合法"
            assert legality["date"] <= discussion["date"] <= d["decided_date"], rid
        if d["stage"] == "已评估":
            assert "evaluation" in d


def test_demo_consultation_states(records):
    today = "2026-11-27"
    cons = records["consultations"].values()
    assert any(c["from"] <= today <= c["to"] for c in cons)
    assert any(c["to"] < today and "feedback" in c for c in cons)
    for c in cons:
        days = (dt.date.fromisoformat(c["to"]) - dt.date.fromisoformat(c["from"])).days
        assert days >= 30 or c.get("shortened_reason"), c["id"]


def test_demo_powers(records):
    powers = records["powers"].values()
    assert len(powers) >= 20
    assert len({p["category"] for p in powers}) >= 6
    codes = [p["code"] for p in powers]
    assert len(codes) == len(set(codes))
    cancelled = [p for p in powers if p.get("status") == "已取消"]
    assert cancelled and all(any(c["type"] == "取消" for c in p["changes"]) for p in cancelled)


def test_demo_reports_deadlines(records):
    rol = records["reports/rule-of-law"].values()
    assert sorted(r["year"] for r in rol) == [2023, 2024, 2025]
    for r in rol:
        assert r["publish_date"] < f"{r['year'] + 1}-04-01"
        assert r["stats"]
    for r in records["reports/disclosure"].values():  # 条例第四十九条: a department by 31 January, 本级政府 by 31 March
        due = "03-31" if r.get("report_level") == "本级政府" else "01-31"
        assert r["publish_date"] <= f"{r['year'] + 1}-{due}"
    levels = {r.get("report_level", "部门"): r for r in records["reports/disclosure"].values() if r["year"] == 2025}
    government = levels["本级政府"]  # a 本级政府 report beside the department's, on time only because of its level
    assert "2026-01-31" < government["publish_date"] <= "2026-03-31"
    assert government["issuer"] != levels["部门"]["issuer"]


REQUESTER_COLUMNS = ["natural_person", "commercial", "research", "public_interest", "legal_services", "other_org"]
RESULT_GROUPS = ["denied", "unable", "not_processed", "other"]


def _add(*rows):
    return {c: sum(r[c] for r in rows) for c in [*REQUESTER_COLUMNS, "total"]}


# The cells the demo reports correct (published as issued, with `corrections`), written out here.
DEMO_CORRECTED_CELLS = {"表三 （七）总计 × 总计": ("requests", "results", "total", "total")}


def test_demo_disclosure_report_tables_add_up(records):
    for rid, report in records["reports/disclosure"].items():
        report = copy.deepcopy(report)
        for correction in report.get("corrections", []):  # the tables add up with the corrected figures
            *row, column = DEMO_CORRECTED_CELLS[correction["cell"]]
            functools.reduce(dict.__getitem__, row, report)[column] = correction["value"]
        req = report["requests"]
        results = req["results"]
        for group in RESULT_GROUPS:  # the national table has no 小计: a report may leave it out
            items = [row for name, row in results[group].items() if name != "total"]
            results[group].setdefault("total", _add(*items))
        rows = {
            "new": req["new"],
            "carried_over": req["carried_over"],
            "carried_forward": req["carried_forward"],
            "granted": results["granted"],
            "partly_granted": results["partly_granted"],
            "total": results["total"],
        }
        for group in RESULT_GROUPS:
            for name, row in results[group].items():
                rows[f"{group}.{name}"] = row
            subrows = [row for name, row in results[group].items() if name != "total"]
            assert results[group]["total"] == _add(*subrows), f"{rid}: {group} subtotal"
        for name, row in rows.items():
            assert row["total"] == sum(row[c] for c in REQUESTER_COLUMNS), f"{rid}: {name} total column"
        groups = [results["granted"], results["partly_granted"], *(results[g]["total"] for g in RESULT_GROUPS)]
        assert results["total"] == _add(*groups), f"{rid}: results total"
        assert _add(req["new"], req["carried_over"]) == _add(results["total"], req["carried_forward"]), rid
        for name, row in report["reviews"].items():
            assert row["total"] == row["maintained"] + row["corrected"] + row["other"] + row["pending"], name


PERSONAL = re.compile(
    r"(?<!\d)1[3-9]\d{9}(?!\d)"  # mobile number
    r"|(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])"  # resident identity number
    r"|(?<!\d)\d{16,19}(?!\d)"  # bank card number
)


def test_demo_has_no_personal_data():
    for path in DATA.rglob("*"):
        if path.is_file() and path.suffix in {".yaml", ".md", ".txt", ".csv"}:
            text = path.read_text(encoding="utf-8-sig")
            assert not PERSONAL.search(text), f"{path}: {PERSONAL.search(text).group()}"
