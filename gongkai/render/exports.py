"""Open data under /data/ and the JSON Schemas under /schemas/, from the public catalog only.

Files (keys of `export_files`, site-relative):

- `data/<slug>.json` for every type (`RecordType.slug`, e.g. `data/reports-rule-of-law.json`)::

      {"type": "documents", "label": "规范性文件", "schema": "<site>/schemas/document.schema.json",
       "count": 3, "updated": "2024-03-01",
       "records": [{"record": {...}, "derived": {...}}, ...]}

  `records` are the public records, newest first (as `Catalog.public`). Each `record` is the data
  as loaded from its YAML file (dates stay `YYYY-MM-DD` strings) and validates against the
  published schema of its type; only two things are taken out: the editorial-only
  `allow_personal_data` list, and references to records that are not public (every field the
  schema declares with `x-ref`: `related` entries, `amends` items, `interprets`, `consultation`,
  `decision_document`, `repealed.by`, ...), so a public file never names a withheld, draft or
  embargoed record. `derived` holds what the site computes as of the build
  date: `url` (the record page), `updated` (latest change on or before the build date, else the
  publish date), `status` (validity / stage / consultation state / power status, or null), per
  type `validity`, `successor`, `versions` (documents with versions: `[{date, url, by, current,
  in_force}]`, the texts themselves being in the record's `versions`: a version made by an
  amendment that is not public goes with its `by`), `state` (consultations), and for a record with
  files `attachments`: `[{title, file, url, size, sha256, pages}]` (bytes, hex digest, PDF page count).
- `data/<slug>.csv` for the tabular types (documents, decisions, consultations, powers): UTF-8 with
  a BOM (Excel), one row per public record in the same order, columns fixed per type
  (`csv_columns`): the catalog fields first, then the type's main fields, flattened (lists joined
  with `；`, booleans as 是/否), then the derived status. Headers are the Chinese catalog terms.
  A text cell that a spreadsheet would run as a formula (starting with = + - @, tab or carriage
  return: a phone number `+86…`, or a hostile title) gets a leading `'`, so Excel and WPS show it as
  text (`FORMULA_PREFIX`, said on the open-data page); numbers stay numbers, the JSON stays exact.
- `data/index.json`: every dataset with its record count, update date and links, and (`catalogs`)
  the links of `data/data.json` and `data/datapackage.json` (`gongkai.render.data_catalog`).
- `schemas/<schema_name>.schema.json`: the seven merged schemas (`gongkai.schemas.schema_json`).

All JSON is written with `ensure_ascii=False, sort_keys=True` and a trailing newline (the schemas
keep their own, ordered, form), so two builds of the same data are byte-identical. The datasets
(`data/<slug>.json`) are compact, one record a line (`_dataset_bytes`: indentation was a tenth of
their bytes, and they are the largest files of a site after its pages); the small index files
keep `indent=2`.
Links are absolute when `site_url` is given, else relative to the file (`../documents/<id>/`).
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar, overload

from gongkai.load.data import value_at
from gongkai.model.records import Catalog, Consultation, Document, Record
from gongkai.schemas import schema_json
from gongkai.schemas.references import reference_field, references_in
from gongkai.types import RECORD_TYPES, FileSink, RecordType

_Files = TypeVar("_Files", bound=FileSink)

DATA_DIR = "data"
# The harvestable catalogs beside the exports (written by gongkai.render.data_catalog), named by the index.
DCAT_FILE = f"{DATA_DIR}/data.json"
DATAPACKAGE_FILE = f"{DATA_DIR}/datapackage.json"
SCHEMAS_DIR = "schemas"
LIST_SEPARATOR = "；"
EDITORIAL_FIELDS = ("allow_personal_data",)

__all__ = ["Dataset", "FieldColumn", "csv_columns", "dataset_list", "export_files", "public_record_data"]


@dataclass(frozen=True)
class Dataset:
    """One downloadable dataset, as the 开放数据 page and data/index.json describe it."""

    type: RecordType
    count: int
    updated: dt.date | None  # newest `updated` of its records (None: no records)
    columns: list[str] = field(default_factory=list)  # CSV headers ([] when no CSV)

    @property
    def slug(self) -> str:
        return self.type.slug

    @property
    def label(self) -> str:
        return self.type.label

    @property
    def json_path(self) -> str:
        return f"{DATA_DIR}/{self.type.slug}.json"

    @property
    def csv_path(self) -> str | None:
        return f"{DATA_DIR}/{self.type.slug}.csv" if self.type.tabular else None

    @property
    def schema_path(self) -> str:
        return f"{SCHEMAS_DIR}/{self.type.schema_name}.schema.json"


def dataset_list(catalog: Catalog) -> list[Dataset]:
    """Every dataset, in the order of RECORD_TYPES (also those with no public records)."""
    found = []
    for record_type in RECORD_TYPES:
        records = catalog.public(record_type.key)
        updated = max((r.updated for r in records), default=None)
        columns = [header for header, _ in csv_columns(record_type)] if record_type.tabular else []
        found.append(Dataset(record_type, len(records), updated, columns))
    return found


# -- JSON ---------------------------------------------------------------------------------------


def public_record_data(record: Record) -> dict[str, Any]:
    """The record's data as loaded, minus editorial fields and links to records that are not public.

    The loaded data is shared, not copied, unless a link has to be taken out of it (most records
    link only to public records: a deep copy of every record was most of this function's time)."""
    data = {name: value for name, value in record.data.items() if name not in EDITORIAL_FIELDS}
    hidden = [
        path
        for path, type_key, target in references_in(record.type.key, data)
        if record.catalog.get(type_key, target) is None
    ]
    if hidden:
        data = copy.deepcopy(data)
    for path in reversed(hidden):  # later list items first, so earlier indexes stay valid
        _remove_reference(data, path)
    return data


def _remove_reference(data: dict[str, Any], path: tuple[str | int, ...]) -> None:
    """Take out a reference: a list item (an `amends` id, a whole `related` entry) or a field;
    a list left empty goes too."""
    cut = len(path) - 1
    while cut > 0 and not isinstance(path[cut], int):  # the innermost list item holding it, if any
        cut -= 1
    if isinstance(path[cut], int):
        container: Any = data
        for step in path[:cut]:
            container = container[step]
        del container[path[cut]]
        if not container and cut == 1 and isinstance(path[0], str):  # a field of the record: a str
            del data[path[0]]
        return
    container = data
    for step in path[:-1]:
        container = container[step]
    del container[path[-1]]


def derived_fields(record: Record, links: _Links) -> dict[str, Any]:
    derived: dict[str, Any] = {
        "url": links.record(record),
        "updated": record.updated.isoformat(),
        "status": record.status or None,
    }
    if isinstance(record, Document):
        derived["validity"] = record.validity
        successor = record.successor
        derived["successor"] = links.record(successor) if successor else None
        if record.versions:
            derived["versions"] = version_list(record, links)
    if isinstance(record, Consultation):
        derived["state"] = record.state
    if record.attachment_files:
        derived["attachments"] = attachment_list(record, links)
    return derived


def attachment_list(record: Record, links: _Links) -> list[dict[str, Any]]:
    """Every file the record publishes, with its link, size in bytes, SHA-256 and PDF page count
    (null when the file was not read)."""
    return [
        {
            "title": title,
            "file": file,
            "url": links.path("attachments/" + urllib.parse.quote(file)),  # a space or # in a name
            "size": content.size if content else None,
            "sha256": content.sha256 if content else None,
            "pages": content.pages if content else None,
        }
        for title, file, content in record.attachment_contents()
    ]


def version_list(document: Document, links: _Links) -> list[dict[str, Any]]:
    """Each public version: in force from, its page, the amending document, whether current."""
    return [
        {
            "date": v.date.isoformat(),
            "url": links.path(v.url),
            "by": links.record(v.by) if v.by else None,
            "current": v.is_current,
            "in_force": not v.is_future,
        }
        for v in document.versions
    ]


def _json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


_RECORDS = "\x00records"  # stands for the records list while the head is dumped (no text holds NUL)


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _dataset_bytes(head: dict[str, Any], records: Iterable[Any]) -> bytes:
    """A dataset as compact JSON: the head's fields and `records`, one record a line."""
    lines = [_compact(record) for record in records]
    listed = "[\n" + ",\n".join(lines) + "\n]" if lines else "[]"
    text = _compact({**head, "records": _RECORDS}).replace(json.dumps(_RECORDS), listed, 1)
    return (text + "\n").encode("utf-8")


# -- CSV ----------------------------------------------------------------------------------------

Getter = Callable[[Record], Any]


@dataclass(frozen=True)
class FieldColumn:
    """A column read from one field of the record (`path` into its data, as the schema names it)."""

    path: tuple[str, ...]

    def __call__(self, record: Record) -> Any:
        return value_at(record.data, self.path)


def _field(*path: str) -> Getter:
    return FieldColumn(path)


def _last_cleanup(key: str) -> Getter:
    def get(record: Record) -> Any:
        cleanups = [c for c in record.data.get("cleanups") or [] if isinstance(c, dict)]
        return max(cleanups, key=lambda c: c.get("date") or "").get(key) if cleanups else None

    return get


def _basis(record: Record) -> list[str]:
    return [f"{b.get('law', '')}{b.get('article', '')}" for b in record.data.get("basis") or [] if isinstance(b, dict)]


@dataclass(frozen=True)
class _PublicRef(FieldColumn):
    """A reference field (declared with x-ref), without the records that are not public."""

    def __call__(self, record: Record) -> Any:
        type_key = reference_field(record.type.key, *self.path).target
        value = value_at(record.data, self.path)
        if isinstance(value, list):
            return [v for v in value if record.catalog.get(type_key, v) is not None]
        return value if isinstance(value, str) and record.catalog.get(type_key, value) is not None else None


def _public_ref(*path: str) -> Getter:
    return _PublicRef(path)


_COMMON: list[tuple[str, Getter]] = [
    ("编号", _field("id")),
    ("信息名称", _field("title")),
    ("发布日期", _field("publish_date")),
    ("发布机构", _field("issuer")),
    ("索引号", _field("index_no")),
    ("文号", _field("doc_number")),
    ("主题分类", _field("subjects")),
    ("摘要", _field("summary")),
]

_SPECIFIC: dict[str, list[tuple[str, Getter]]] = {
    "documents": [
        ("规范性文件", _field("normative")),
        ("成文日期", _field("signed_date")),
        ("施行日期", _field("effective_date")),
        ("失效日期", _field("expiry_date")),
        ("登记号", _field("registration_no")),
        ("备案机关", _field("filing", "filed_with")),
        ("备案日期", _field("filing", "filed_date")),
        ("修改的文件", _public_ref("amends")),
        ("废止日期", _field("repealed", "date")),
        ("废止依据文件", _public_ref("repealed", "by")),
        ("最近清理日期", _last_cleanup("date")),
        ("最近清理结果", _last_cleanup("result")),
    ],
    "decisions": [
        ("决策事项目录年度", _field("catalog_year")),
        ("承办单位", _field("owner")),
        ("征求意见开始日期", _field("procedures", "public_participation", "from")),
        ("征求意见截止日期", _field("procedures", "public_participation", "to")),
        ("收到意见数", _field("procedures", "public_participation", "comments_received")),
        ("采纳意见数", _field("procedures", "public_participation", "comments_adopted")),
        ("风险等级", _field("procedures", "risk_assessment", "level")),
        ("合法性审查日期", _field("procedures", "legality_review", "date")),
        ("合法性审查结论", _field("procedures", "legality_review", "conclusion")),
        ("集体讨论日期", _field("procedures", "collective_discussion", "date")),
        ("集体讨论会议", _field("procedures", "collective_discussion", "meeting")),
        ("决策日期", _field("decided_date")),
        ("决策文件", _public_ref("decision_document")),
        ("后评估日期", _field("evaluation", "date")),
    ],
    "consultations": [
        ("征求意见开始日期", _field("from")),
        ("征求意见截止日期", _field("to")),
        ("电子邮箱", _field("channels", "email")),
        ("通信地址", _field("channels", "postal_address")),
        ("在线提交网址", _field("channels", "online_form")),
        ("期限缩短理由", _field("shortened_reason")),
        ("反馈日期", _field("feedback", "date")),
        ("收到意见数", _field("feedback", "comments_received")),
        ("采纳意见数", _field("feedback", "comments_adopted")),
    ],
    "powers": [
        ("事项编码", _field("code")),
        ("权力类别", _field("category")),
        ("子项", _field("sub_items")),
        ("设定依据", _basis),
        ("实施主体", _field("implementing_body")),
        ("承办机构", _field("handling_unit")),
        ("监督电话", _field("supervision", "phone")),
        ("监督地址", _field("supervision", "address")),
    ],
}

_STATUS_HEADER = {"documents": "有效性", "decisions": "决策阶段", "consultations": "征求意见状态", "powers": "事项状态"}


def csv_columns(record_type: RecordType, links: _Links | None = None) -> list[tuple[str, Getter]]:
    """The fixed columns (header, getter) of a tabular type's CSV."""
    links = links or _Links("")
    return [
        *_COMMON,
        *_SPECIFIC.get(record_type.key, []),
        (_STATUS_HEADER.get(record_type.key, "状态"), lambda r: r.status),
        ("更新日期", lambda r: r.updated),
        ("网址", links.record),
    ]


def cell(value: Any) -> str:
    """One CSV cell: '' for nothing, 是/否 for booleans, lists joined with `；`, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(cell(v) for v in value if v is not None and v != "")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_PREFIX = "'"


def text_cell(value: Any) -> str:
    """`cell(value)`, with text that a spreadsheet would evaluate as a formula made literal."""
    text = cell(value)
    if text.startswith(FORMULA_START) and not (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return FORMULA_PREFIX + text
    return text


def _csv_bytes(record_type: RecordType, records: list[Record], links: _Links) -> bytes:
    columns = csv_columns(record_type, links)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([header for header, _ in columns])
    for record in records:
        writer.writerow([text_cell(get(record)) for _, get in columns])
    return buffer.getvalue().encode("utf-8-sig")


# -- files --------------------------------------------------------------------------------------


class _Links:
    """Absolute links under the site URL, or links relative to a file in /data/ when there is none."""

    def __init__(self, site_url: str):
        site_url = (site_url or "").strip()
        self.base = site_url.rstrip("/") + "/" if site_url else "../"

    def record(self, record: Record) -> str:
        return self.base + record.url

    def path(self, site_path: str) -> str:
        return self.base + site_path


@overload
def export_files(catalog: Catalog, site_url: str = "", files: None = None) -> dict[str, bytes]: ...
@overload
def export_files(catalog: Catalog, site_url: str, files: _Files) -> _Files: ...
def export_files(catalog: Catalog, site_url: str = "", files: FileSink | None = None) -> FileSink:
    """Every open-data file and schema, keyed by site-relative path, put into `files` (a new dict
    if None) as each is made (a staging folder writes it at once: at 30,000 records the files
    are 140 MB, and their Python form several times that)."""
    links = _Links(site_url)
    files = {} if files is None else files
    index_entries: list[dict[str, Any]] = []
    for dataset in dataset_list(catalog):
        record_type = dataset.type
        records = catalog.public(record_type.key)
        updated = dataset.updated.isoformat() if dataset.updated else None
        files[dataset.json_path] = _dataset_bytes(
            {
                "type": record_type.key,
                "label": record_type.label,
                "schema": links.path(dataset.schema_path),
                "count": dataset.count,
                "updated": updated,
            },
            ({"record": public_record_data(r), "derived": derived_fields(r, links)} for r in records),
        )
        if dataset.csv_path:
            files[dataset.csv_path] = _csv_bytes(record_type, records, links)
        index_entries.append(
            {
                "type": record_type.key,
                "label": record_type.label,
                "count": dataset.count,
                "updated": updated,
                "json": links.path(dataset.json_path),
                "csv": links.path(dataset.csv_path) if dataset.csv_path else None,
                "schema": links.path(dataset.schema_path),
            }
        )
    all_updated = [e["updated"] for e in index_entries if e["updated"]]
    files[f"{DATA_DIR}/index.json"] = _json_bytes(
        {
            "title": "开放数据",
            "description": "本站主动公开信息的开放数据：每类记录一个 JSON 文件（表格类另有 CSV 文件），以及记录的 JSON Schema。",
            "updated": max(all_updated) if all_updated else None,
            "datasets": index_entries,
            "catalogs": {"dcat_us": links.path(DCAT_FILE), "datapackage": links.path(DATAPACKAGE_FILE)},
        }
    )
    for record_type in RECORD_TYPES:
        files[f"{SCHEMAS_DIR}/{record_type.schema_name}.schema.json"] = schema_json(record_type.schema_name).encode(
            "utf-8"
        )
    return files
