"""Strict YAML loading with a line and column for every value.

libyaml's C parser composes the node tree (fast); we construct plain Python data from the nodes
ourselves so that every value keeps its position and every hazard an editor can produce becomes a
clear Chinese message instead of a traceback: wrong encoding, duplicate keys, anchors and aliases,
tabs, unknown tags, empty or oversized files, hostile Unicode.

Dates stay strings exactly as written; the schema checks that they are real `YYYY-MM-DD` dates.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from gongkai.load.characters import SUSPICIOUS, has_hidden, raw_text_problems
from gongkai.load.yaml_errors import explain_syntax_error
from gongkai.load.yaml_nodes import MAX_DEPTH as MAX_DEPTH
from gongkai.load.yaml_nodes import READER, NodeBuilder, Refused, refuse_anchors
from gongkai.load.yaml_nodes import PathKey as PathKey
from gongkai.load.yaml_nodes import Position as Position
from gongkai.problems import ERROR, Problem

DEFAULT_MAX_BYTES = 1_000_000


@dataclass
class LoadedFile:
    """One YAML file: its data (None if it could not be read) and where every value stands.

    Where the values stand is worked out when a message first asks (`pos`, `key_pos`,
    `positions`): the file is parsed again, if its bytes are still those loaded. Kept for every
    file, the positions of 30,000 records took 200 MB, for the few files that have something to
    report.
    """

    display_path: str
    data: Any = None
    problems: list[Problem] = field(default_factory=list)
    # True when the file's text holds no hidden character (gongkai.load.characters) and no backslash,
    # the only way YAML writes one (a double-quoted escape): then no key or text read from it holds one.
    clean_text: bool = False
    # What the positions are read from: the file (with the CRC-32 of the bytes loaded) or the bytes.
    source: Path | bytes | None = field(default=None, repr=False, compare=False)
    checksum: int = field(default=0, repr=False, compare=False)
    located: tuple[dict[PathKey, Position], dict[PathKey, Position]] | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def positions(self) -> dict[PathKey, Position]:
        """Path of every value -> its line and column (1-based)."""
        return self._locate()[0]

    @property
    def key_positions(self) -> dict[PathKey, Position]:
        """Path of every mapping value -> where its key stands."""
        return self._locate()[1]

    def with_data(self, data: Any) -> LoadedFile:
        """The same file holding other data (validation's salvaged copy), without problems; the
        positions are read once and shared."""
        return dataclasses.replace(self, data=data, problems=[], located=self._locate())

    def _locate(self) -> tuple[dict[PathKey, Position], dict[PathKey, Position]]:
        if self.located is None:
            self.located = _locate(self.source, self.checksum) if self.data is not None else ({}, {})
        return self.located

    @property
    def ok(self) -> bool:
        return self.data is not None and not any(p.is_error for p in self.problems)

    def pos(self, path: PathKey = ()) -> Position:
        """Position of the value at `path`, or of its nearest ancestor that exists."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))

    def key_pos(self, path: PathKey) -> Position:
        """Position of the key naming `path` (for unknown or misspelt fields)."""
        return self.key_positions.get(tuple(path)) or self.pos(path)

    def problem(self, path: PathKey, severity: str, message: str, *, at_key: bool = False) -> Problem:
        line, column = self.key_pos(path) if at_key else self.pos(path)
        return Problem(self.display_path, line, column, severity, message)

    def _fail(self, line: int, column: int, message: str) -> LoadedFile:
        self.data = None
        self.problems.append(Problem(self.display_path, line, column, ERROR, message))
        return self


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while many records are loaded and validated.

    Loaded records hold no reference cycles (they are freed as soon as nothing uses them), but as
    they pile up the collector's full passes walk every object already loaded, again and again: a
    third of the loading time at 10,000 records. Afterwards every object is moved to the oldest
    generation without being walked (freeze, then unfreeze), the collector runs again if it ran
    before, and any cycle made in the block is collected by its next full pass.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


def load_file(path: Path, display_path: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedFile:
    display = display_path or str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return LoadedFile(display)._fail(
                1,
                1,
                f"文件过大（{size:,} 字节，上限 {max_bytes:,} 字节）。请把正文移到同名 .md 文件，或把大文件作为附件。",
            )
        raw = path.read_bytes()
    except OSError as exc:
        return LoadedFile(display)._fail(
            1, 1, f"无法读取文件：{exc.strerror or exc}。请检查文件是否存在、是否有读取权限。"
        )
    return load_bytes(raw, display, max_bytes, source=path)


def load_bytes(
    raw: bytes, display_path: str, max_bytes: int = DEFAULT_MAX_BYTES, *, source: Path | None = None
) -> LoadedFile:
    """Data from `raw`; positions are read again from `source` when asked, else from `raw` (kept)."""
    result = LoadedFile(
        display_path, source=raw if source is None else source, checksum=0 if source is None else zlib.crc32(raw)
    )
    if len(raw) > max_bytes:
        return result._fail(
            1,
            1,
            f"文件过大（{len(raw):,} 字节，上限 {max_bytes:,} 字节）。请把正文移到同名 .md 文件，或把大文件作为附件。",
        )
    text = decode(raw, result)
    if text is None:
        return result
    if not _has_content(text):
        return result._fail(1, 1, "文件为空（没有任何字段）。请从同类记录复制，或运行 gongkai new <类型> 生成模板。")
    suspicious = SUSPICIOUS.search(text) is not None  # a superset of the hidden characters too
    if suspicious:
        result.problems.extend(raw_text_problems(text, display_path))
        if any(p.is_error for p in result.problems):
            return result
    loader = READER(text)
    try:
        if "&" in text or "*" in text:
            refuse_anchors(text)
        node = loader.get_single_node()
        if node is None:
            return result._fail(
                1, 1, "文件为空（没有任何字段）。请从同类记录复制，或运行 gongkai new <类型> 生成模板。"
            )
        result.data = NodeBuilder(None, None).build(node, (), 0)
    except Refused as exc:
        return result._fail(exc.line, exc.column, exc.message)
    except yaml.MarkedYAMLError as exc:
        return result._fail(*explain_syntax_error(text, exc))
    except yaml.reader.ReaderError:
        return result._fail(1, 1, "文件含有 YAML 不允许的字符（控制字符）。请删除从其他软件复制来的隐藏字符。")
    except yaml.YAMLError as exc:
        return result._fail(1, 1, f"YAML 格式错误：{exc}。请检查缩进、冒号和引号。")
    except RecursionError:
        return result._fail(1, 1, f"结构嵌套过深（超过 {MAX_DEPTH} 层）。记录的字段层级应当很浅，请检查缩进。")
    finally:
        loader.dispose()
    if not isinstance(result.data, dict):
        return result._fail(1, 1, "记录应为“字段: 值”的映射（每行一个字段），而不是单个值或列表。")
    result.clean_text = "\\" not in text and not (suspicious and has_hidden(text))
    return result


def decode(raw: bytes, result: LoadedFile) -> str | None:
    """Decode UTF-8 (a BOM is accepted); explain any other encoding in Chinese."""
    if b"\x00" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        result._fail(
            line, 1, "文件含有空字符（NUL），可能是二进制文件或 UTF-16 编码。记录必须是 UTF-8 编码的文本文件。"
        )
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        try:
            raw.decode("gb18030")
            looks_gbk = any(b >= 0x81 for b in raw)
        except UnicodeDecodeError:
            looks_gbk = False
        if looks_gbk:
            message = (
                "文件不是 UTF-8 编码，看起来是 GBK/GB18030 编码（Windows 记事本等编辑器的旧默认）。"
                "请用编辑器“另存为”并选择 UTF-8 编码后重新提交。"
            )
        else:
            message = "文件不是有效的 UTF-8 编码文本。请用编辑器“另存为”并选择 UTF-8 编码后重新提交。"
        result._fail(line, column, message)
        return None


def _has_content(text: str) -> bool:
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and stripped not in ("---", "..."):
            return True
    return False


def _locate(source: Path | bytes | None, checksum: int) -> tuple[dict[PathKey, Position], dict[PathKey, Position]]:
    """Where every value and key of a loaded file stands, from the file parsed again. Nothing
    (every message then points at the file's first line) if the file is no longer what was
    loaded: it was saved in between, and the next run reads it afresh."""
    positions: dict[PathKey, Position] = {}
    key_positions: dict[PathKey, Position] = {}
    try:
        raw = source.read_bytes() if isinstance(source, Path) else source
        if raw is None or (checksum and zlib.crc32(raw) != checksum):
            return positions, key_positions
        loader = READER(raw.decode("utf-8-sig"))
        try:
            node = loader.get_single_node()
            if node is not None:
                NodeBuilder(positions, key_positions).build(node, (), 0)
        finally:
            loader.dispose()
    except (OSError, UnicodeDecodeError, yaml.YAMLError, Refused, RecursionError):
        return {}, {}
    return positions, key_positions
