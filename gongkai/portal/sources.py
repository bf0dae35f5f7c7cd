"""An agency's published output as the portal reads it, and the portal's last good copy of it.

The portal reads only what an agency's build publishes (never its YAML), from its built site
folder or its site URL:

- `data/index.json` (the datasets), every `data/<slug>.json` it lists (`gongkai.render.exports`)
  and `data/data.json` (the DCAT-US catalog, `gongkai.render.data_catalog`);
- the Atom feeds `feeds/all.atom`, `feeds/<slug>.atom` and `feeds/consultations-open.atom`;
- its records' search text: `search/index.json` and the text packs it names (read and checked by
  `gongkai.portal.search.read_search`, called after `read_output`).

`read_output` checks what it reads (every file there and parseable, each dataset holding as many
records as the index says, every record with its title, date and page address) and raises
`OutputError`, saying what is wrong in Chinese, on the first thing missing or broken: a half-written
or failed agency build is refused as a whole, never mixed with good data.

`State` keeps the last good copy of each agency's files under `<state_dir>/agencies/<id>/`
(replaced as a whole by a rename, with the date it was read), so that an agency whose output is
missing or broken keeps its last good data in the portal.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from gongkai.errors import GongkaiError
from gongkai.portal.config import Agency
from gongkai.types import BY_KEY, RECORD_TYPES

ATOM = "{http://www.w3.org/2005/Atom}"
FEED_SLUGS = ("all", *(t.slug for t in RECORD_TYPES), "consultations-open")
INDEX = "data/index.json"
DCAT = "data/data.json"
URL_TIMEOUT = 60  # seconds per file read from an agency's URL
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
STATE_FILE = "portal-state.json"

__all__ = ["FEED_SLUGS", "OutputError", "State", "dataset_files", "fetch", "read_output"]


class OutputError(GongkaiError):
    """An agency's published output cannot be used (the message says why, in Chinese)."""


def fetch(agency: Agency, relative: str) -> bytes:
    """One file of the agency's output, by site-relative path (raises `OutputError`)."""
    if agency.is_url:
        url = agency.output.rstrip("/") + "/" + relative
        try:
            with urllib.request.urlopen(url, timeout=URL_TIMEOUT) as response:  # http(s) only: the config says so
                body: bytes = response.read()
                return body
        except urllib.error.HTTPError as exc:
            raise OutputError(f"读取 {url} 失败（HTTP {exc.code}）") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise OutputError(f"无法读取 {url}（网络错误：{exc}）") from exc
    path = Path(agency.output) / relative
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise OutputError(f"无法读取 {path}：文件不存在") from exc
    except OSError as exc:
        raise OutputError(f"无法读取 {path}（{exc.strerror or exc}）") from exc


def _json(relative: str, content: bytes) -> Any:
    try:
        return json.loads(content.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise OutputError(f"{relative} 不是 UTF-8 编码（第 {exc.start + 1} 字节起）：文件可能不完整或已损坏") from exc
    except json.JSONDecodeError as exc:
        where = f"第 {exc.lineno} 行第 {exc.colno} 列"
        raise OutputError(f"{relative} 不是有效的 JSON（{where}）：文件可能不完整或已损坏") from exc


def dataset_files(index: Any) -> list[tuple[str, str]]:
    """(record type key, site-relative JSON path) of every dataset `data/index.json` lists."""
    if not isinstance(index, dict) or not isinstance(index.get("datasets"), list):
        raise OutputError(f"{INDEX} 缺少 datasets 列表：它不是 gongkai 生成的开放数据清单。")
    found = []
    for entry in index["datasets"]:
        key = entry.get("type") if isinstance(entry, dict) else None
        if key not in BY_KEY:
            raise OutputError(f"{INDEX} 列出了未知的数据集类型“{key}”。")
        found.append((key, f"data/{BY_KEY[key].slug}.json"))
    return found


def read_output(agency: Agency) -> dict[str, bytes]:
    """Every file the portal uses from the agency's output, checked (raises `OutputError`)."""
    files = {INDEX: fetch(agency, INDEX)}
    for key, relative in dataset_files(_json(INDEX, files[INDEX])):
        files[relative] = fetch(agency, relative)
        check_dataset(key, relative, _json(relative, files[relative]))
    files[DCAT] = fetch(agency, DCAT)
    catalog = _json(DCAT, files[DCAT])
    if not isinstance(catalog, dict) or not isinstance(catalog.get("dataset"), list):
        raise OutputError(f"{DCAT} 缺少 dataset 列表：它不是 DCAT-US 数据目录。")
    for slug in FEED_SLUGS:
        relative = f"feeds/{slug}.atom"
        files[relative] = fetch(agency, relative)
        check_feed(relative, files[relative])
    return files


def check_dataset(key: str, relative: str, data: Any) -> None:
    records = data.get("records") if isinstance(data, dict) else None
    if not isinstance(records, list) or data.get("type") != key:
        raise OutputError(f"{relative} 不是“{BY_KEY[key].label}”的数据集（缺少 type 或 records）。")
    if data.get("count") != len(records):
        raise OutputError(f"{relative} 声明 {data.get('count')} 条记录，实际有 {len(records)} 条：文件可能不完整。")
    for number, item in enumerate(records, 1):
        record = item.get("record") if isinstance(item, dict) else None
        derived = item.get("derived") if isinstance(item, dict) else None
        if not (
            isinstance(record, dict)
            and isinstance(derived, dict)
            and all(isinstance(record.get(k), str) and record[k] for k in ("id", "title", "issuer"))
            and DATE.match(str(record.get("publish_date")))
            and isinstance(derived.get("url"), str)
        ):
            raise OutputError(f"{relative} 第 {number} 条记录缺少 id、title、issuer、publish_date 或 derived.url。")


def check_feed(relative: str, content: bytes) -> None:
    try:
        root = ET.fromstring(content)  # expat: no external entities, bounded expansion
    except ET.ParseError as exc:
        raise OutputError(f"{relative} 不是有效的 XML：{exc}") from exc
    if root.tag != f"{ATOM}feed":
        raise OutputError(f"{relative} 不是 Atom 订阅源。")


class State:
    """The portal's last good copy of each agency's output, under `<state_dir>/agencies/<id>/`."""

    def __init__(self, state_dir: Path):
        self.folder = state_dir / "agencies"

    def save(self, agency: Agency, files: dict[str, bytes], today: dt.date) -> None:
        target = self.folder / agency.id
        fresh = self.folder / f".{agency.id}.new"
        shutil.rmtree(fresh, ignore_errors=True)
        for relative, content in files.items():
            (fresh / relative).parent.mkdir(parents=True, exist_ok=True)
            (fresh / relative).write_bytes(content)
        note = {"agency": agency.name, "read_on": today.isoformat(), "files": sorted(files)}
        (fresh / STATE_FILE).write_text(json.dumps(note, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        old = self.folder / f".{agency.id}.old"
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            target.rename(old)
        fresh.rename(target)
        shutil.rmtree(old, ignore_errors=True)

    def reader(self, agency: Agency) -> Callable[[str], bytes]:
        """Reads one file of the agency's last good copy (raises `OutputError`): for files too big
        to keep in memory for every agency at once (the search text)."""
        folder = self.folder / agency.id

        def read(relative: str) -> bytes:
            try:
                return (folder / relative).read_bytes()
            except OSError as exc:
                raise OutputError(f"门户保存的该机关数据缺少 {relative}（{exc.strerror or exc}）") from exc

        return read

    def load(self, agency: Agency) -> tuple[dict[str, bytes], str] | None:
        """The last good files and the date they were read, or None (none kept, or unreadable)."""
        folder = self.folder / agency.id
        try:
            note = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
            files = {relative: (folder / relative).read_bytes() for relative in note["files"]}
            return files, str(note["read_on"])
        except (OSError, ValueError, KeyError, TypeError):
            return None


def records_of(files: dict[str, bytes]) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(type key, record, derived) of every record in a checked output, dataset by dataset."""
    for key, relative in dataset_files(json.loads(files[INDEX])):
        for item in json.loads(files[relative])["records"]:
            yield key, item["record"], item["derived"]
