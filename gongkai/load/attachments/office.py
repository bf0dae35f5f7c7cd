"""Zip-of-XML packages (Word, Excel, OFD): the container check and the walk over every part.

Both Office Open XML and OFD are zip containers, so before any part is parsed the directory is
checked: at most MAX_MEMBERS members and MAX_UNCOMPRESSED bytes once unpacked, and no member
expanding more than MAX_RATIO times (a "zip bomb" of a few KB that unpacks to gigabytes).

Then every member of the package is read, not a fixed list of names (a comments part can be stored
under any name, text can sit in any part): `walk` streams each XML part with lxml's `iterparse`
(entities not resolved, no network, no DTD loaded) and hands it to the format's reader by the local
name of its root element (`word.py`, `excel.py`, `ofd.py`); a part no reader claims gives its text
as “其他内容”. Images are read for metadata (`image.py`), embedded documents are read in turn
(`content.extract`, depth-bounded), and what cannot be read (an OLE object, a macro project, an EMF
picture) is listed in `Extracted.unread`.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator, Mapping
from typing import IO, TYPE_CHECKING, Any

from gongkai.load.attachments.extracted import MAX_DEPTH, MAX_TEXT_CHARS

if TYPE_CHECKING:
    from gongkai.load.attachments.extracted import Extracted

MAX_MEMBERS = 5000
MAX_UNCOMPRESSED = 200_000_000
MAX_RATIO = 200
# Values that office software (or the libraries) put in the author fields when nobody is named.
PLACEHOLDERS = frozenset(
    {
        "",
        "python-docx",
        "openpyxl",
        "administrator",
        "admin",
        "user",
        "author",
        "unknown",
        "microsoft office 用户",
        "microsoft office user",
        "windows 用户",
        "windows user",
        "用户",
    }
)
# Core and extended properties that name a person (a warning), by local name.
PERSON_PROPERTIES = frozenset({"creator", "lastModifiedBy", "Manager", "Author"})
# Pictures whose text is their drawing (like the pixels of a scan, not read), fonts, printer settings.
_SKIPPED = (
    ".odttf",
    ".ttf",
    ".otf",
    ".ttc",
    ".fntdata",
    ".gif",
    ".bmp",
    ".ico",
    ".emf",
    ".wmf",
    ".tif",
    ".tiff",
    ".wdp",
)
_PRINTER_SETTINGS = "printersettings"
_IMAGES = (".png", ".jpg", ".jpeg", ".jpe")
_DOCUMENTS = {".docx": "docx", ".xlsx": "xlsx", ".pdf": "pdf", ".ofd": "ofd", ".txt": "txt", ".csv": "csv"}

# A part reader: (walk, part name, the iterparse events of the part) -> None.
PartReader = Callable[["Walk", str, Iterator[tuple[str, Any]]], None]


def member_names(raw: bytes) -> list[str] | None:
    """Names in a zip container, or None if it is not a readable zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return None


def check_container(raw: bytes) -> str:
    """'' if the container is safe to hand to a parser, else why not (Chinese)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return "文件已损坏，无法作为 Office 文档读取"
    if len(members) > MAX_MEMBERS:
        return f"文件内部含有 {len(members):,} 个部件，超过上限 {MAX_MEMBERS:,}，疑似恶意构造的文件"
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        return f"文件解压后达 {total:,} 字节，超过上限 {MAX_UNCOMPRESSED:,} 字节，疑似“压缩炸弹”"
    for member in members:
        if member.file_size > 1_000_000 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            return f"文件内部部件 {member.filename} 的压缩比异常（{member.file_size:,} 字节），疑似“压缩炸弹”"
    return ""


def person(value: object) -> str:
    text = str(value or "").strip()
    return "" if text.lower() in PLACEHOLDERS else text


def local(tag: object) -> str:
    """`{namespace}name` -> name (comments and processing instructions have no str tag: '')."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def events(stream: IO[bytes]) -> Iterator[tuple[str, Any]]:
    """(event, element) of an XML part, start and end, streamed; entities are not expanded."""
    from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type hints

    return iter(
        etree.iterparse(
            stream,
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
    )


def texts(element: Any) -> str:
    """Every text node under an element, in order, separated where elements end."""
    return " ".join(t.strip() for t in element.itertext() if t and t.strip())


class Walk:
    """One package being read into `found`: the part readers look up relationships and state here."""

    def __init__(self, archive: zipfile.ZipFile, found: Extracted, depth: int, readers: Mapping[str, PartReader]):
        self.archive = archive
        self.found = found
        self.depth = depth
        self.readers = readers
        self.state: dict[str, Any] = {}  # shared between a format's part readers (shared strings, sheet names)

    def run(self, first: list[str] | None = None) -> None:
        """Read every member; `first` are read before the others (parts the others refer to)."""
        names = [info.filename for info in self.archive.infolist() if not info.is_dir()]
        ordered = [n for n in first or () if n in names] + [n for n in names if n not in (first or ())]
        for name in ordered:
            if self.found.truncated:
                return
            self.member(name)

    def member(self, name: str) -> None:
        lower = name.lower()
        skipped = _SKIPPED + tuple(self.state.get("skip", ()))
        if lower.endswith(skipped) or lower == "[content_types].xml" or _PRINTER_SETTINGS in lower:
            return
        if lower.endswith(".rels"):
            self.xml(name, _relationships)
            return
        with self.archive.open(name) as stream:
            head = stream.read(512)
        if lower.endswith(_IMAGES) or head.startswith((b"\x89PNG", b"\xff\xd8\xff")):
            from gongkai.load.attachments import image

            image.read(self.archive.read(name), self.found, prefix=f"图片 {name} ")
            return
        if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            self.xml(name, None)
            return
        suffix = _DOCUMENTS.get("." + lower.rsplit(".", 1)[-1]) if "." in lower else None
        if suffix is None and head.startswith(b"%PDF"):
            suffix = "pdf"
        if suffix is not None and self.depth < MAX_DEPTH:
            self.embedded(name, self.archive.read(name), suffix)
            return
        self.found.unread.append(f"部件 {name}（{'嵌入层级过深' if suffix else '无法识别的内嵌对象或二进制内容'}）")

    def xml(self, name: str, reader: PartReader | None) -> None:
        with self.archive.open(name) as stream:
            parse = events(stream)
            try:
                if reader is None:
                    _event, root = next(parse)
                    reader = self.readers.get(local(root.tag), _other)
                    parse = _chain((("start", root),), parse)
                reader(self, name, parse)
            except StopIteration:
                return
            except Exception as exc:
                # libxml2 out of memory: "ERR_NO_MEMORY" in the parser's error log, "unknown error" in the message
                said = f"{exc} {getattr(exc, 'error_log', '')}".lower()
                if isinstance(exc, MemoryError) or "memory" in said:
                    raise MemoryError from exc
                self.found.unread.append(f"部件 {name}（XML 格式错误，无法读取）")

    def embedded(self, name: str, raw: bytes, suffix: str) -> None:
        """A document embedded in this package: read in turn by `content.extract` after the walk."""
        self.found.embedded.append((f"嵌入的文件 {name} ", suffix, raw))

    def add(self, where: str, text: str, *, extra: bool = False) -> None:
        if text.strip():
            (self.found.extra if extra else self.found.units).append((where, text))
            self.state["chars"] = self.state.get("chars", 0) + len(text)
            if self.state["chars"] > MAX_TEXT_CHARS:
                self.found.truncated = True


def _chain(first: tuple[tuple[str, Any], ...], rest: Iterator[tuple[str, Any]]) -> Iterator[tuple[str, Any]]:
    yield from first
    yield from rest


def elements(parse: Iterator[tuple[str, Any]], depth: int) -> Iterator[Any]:
    """The elements at `depth` (root: 0) as each ends, the tree cleared behind them (bounded memory)."""
    level = -1
    for event, element in parse:
        if event == "start":
            level += 1
            continue
        if level == depth:
            yield element
            element.clear()
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]
        level -= 1


def _relationships(walk: Walk, name: str, parse: Iterator[tuple[str, Any]]) -> None:
    """External targets (a mailto: or tel: link carries an address or a number)."""
    for element in elements(parse, 1):
        if element.get("TargetMode") == "External" and element.get("Target"):
            walk.add(f"部件 {name} 的外部链接", element.get("Target"), extra=True)


def _other(walk: Walk, name: str, parse: Iterator[tuple[str, Any]]) -> None:
    for element in elements(parse, 1):
        walk.add(f"部件 {name} 的其他内容", texts(element), extra=True)


def properties(walk: Walk, name: str, parse: Iterator[tuple[str, Any]]) -> None:
    """docProps/core.xml, app.xml, custom.xml (and OFD's DocInfo): every value; people named."""
    for element in elements(parse, 1):
        key = local(element.tag)
        value = texts(element) if len(element) else (element.text or "").strip()
        if key == "property":  # custom.xml: <property name="…"><vt:lpwstr>value</vt:lpwstr></property>
            key = element.get("name") or key
        if key in PERSON_PROPERTIES and person(value):
            field = walk.state.get("person_fields", {}).get(key, key)
            walk.found.people.append((field, person(value)))
        walk.add(f"文档属性 {key}", value, extra=True)


def read_package(
    raw: bytes,
    found: Extracted,
    depth: int,
    readers: Mapping[str, PartReader],
    first: list[str],
    state: dict[str, Any] | None = None,
) -> Walk:
    """Read every member of the package (`first` first) with the format's part readers."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        walk = Walk(archive, found, depth, {"coreProperties": properties, "Properties": properties, **readers})
        walk.state.update(state or {})
        walk.run(first)
    return walk
