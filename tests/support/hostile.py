"""A copy of the demo project in which every free-text field of every record carries an attack.

"Free text" is read from the schemas: a string without enum, pattern or format (titles, summaries,
issuers, bodies, reviewers, change notes, attachment titles, nested names and notes …). Each such
value in every demo record becomes `<payload>·<n>`, cycling through `PAYLOADS`, so every field of
every type meets every kind of payload somewhere. A value the validator then refuses (a document
number must look like one, a personal-data check may fire) is put back and listed in
`HostileProject.refused`: validation is that field's protection. Body files get a payload body.

The site's configuration is input too: `site_name`, `site_description`, `extra.agency`, the
negative list's title and version and every text field of the footer (`extra.site_info`) carry a
payload as well (`HostileProject.config`; not the 网站标识码, a checked format that no payload
passes); the footer's links get harmless https URLs so that their
texts are shown as links. (A `javascript:` URL setting stops the build: `arm_url_settings`.)

Payloads carry the marker attribute `xss` or a tag named `xss-…`: an element or attribute with that
name in any output means a value became live markup.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from gongkai.agencies import Agency, parse_agencies
from gongkai.config import Settings
from gongkai.load.files import load_file
from gongkai.load.records import discover, load_records
from gongkai.schemas import load_type_schema
from gongkai.types import RECORD_TYPES
from gongkai.validate import validate_records
from tests.support.sites import DEMO_TODAY, ROOT

PAYLOADS = [
    "测试标题<img src=x onerror=alert(1) xss>",
    "<script xss>alert(2)</script>",
    '"><svg xss onload=alert(3)>',
    "'><b xss>粗</b>",
    "</title><script xss>alert(4)</script>",
    "关于<试行>办法的说明",
    "</textarea></style><xss-tag>",
    "&lt;i&gt;已转义&amp;",
    "{{ 7*7 }}{% if 1 %}模板{% endif %}",
    '=HYPERLINK("http://example.com","点")',
    "@SUM(1+1)",
    "-2+3",
    "<a href=javascript:alert(5) xss>链接</a>",
    "\u300a办法\u300b<!-- 注释 --><xss-comment>",
]
BODY = (
    "## __config\n\n正文<img src=x onerror=alert(6) xss>\n\n<script xss>alert(7)</script>\n\n"
    "[跳到小标题](#__config) [脚本](javascript:alert(8))\n\n## __drawer\n\n# 一级标题\n"
)


@dataclass
class HostileProject:
    root: Path
    typed: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)  # (type key, id) -> data as written
    hostile_paths: dict[str, set[tuple]] = field(default_factory=dict)  # type key -> schema paths that carry a payload
    refused: set[tuple[str, tuple]] = field(
        default_factory=set
    )  # (type key, path) put back because validation refused it
    bodies: set[tuple[str, str]] = field(default_factory=set)  # records whose body file carries BODY
    config: dict[tuple[str, ...], str] = field(default_factory=dict)  # mkdocs.yml setting -> the payload it holds
    agencies: tuple[Agency, ...] = ()  # the declared agencies, their names armed
    armed_agency: dict[str, str] = field(default_factory=dict)  # an agency's name as written -> its armed short name

    @property
    def site_name(self) -> str:
        return self.config[("site_name",)]


# The text settings of mkdocs.yml that pages print (the footer's are every text field of site_info,
# except the 网站标识码, whose format is checked: a payload there stops the build, see
# IDENTIFICATION_CODE and tests/sites/test_hostile.py).
CONFIG_TEXT = [
    ("site_name",),
    ("site_description",),
    ("extra", "agency"),
    ("extra", "negative_list", "title"),
    ("extra", "negative_list", "version"),
    ("extra", "site_info", "sponsor"),
    ("extra", "site_info", "address"),
    ("extra", "site_info", "postcode"),
    ("extra", "site_info", "phone"),
    ("extra", "site_info", "icp"),
    ("extra", "site_info", "public_security"),
]
# A setting whose format the validator checks: no payload passes it (the build stops).
IDENTIFICATION_CODE = ("extra", "site_info", "identification_code")
# Every URL setting (gongkai.validate.site_config.URL_SETTINGS), with the footer's links given.
CONFIG_URLS = {
    ("extra", "site_info", "error_report_url"): "https://gongkai.example.gov.cn/guide/#report-errors",
    ("extra", "site_info", "icp_url"): "https://beian.miit.gov.cn/",
    ("extra", "site_info", "public_security_url"): "https://beian.mps.gov.cn/#/query/webSearch?code=41000000000000",
    ("extra", "negative_list", "url"): "https://www.ndrc.gov.cn/",
}


def free_text_paths(schema: dict[str, Any]) -> set[tuple]:
    """Schema paths of free-text strings (list items as "*")."""
    defs = schema.get("$defs", {})
    found: set[tuple] = set()

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        for part in node.get("allOf", []):
            if "$ref" in part:
                return {**node, **resolve(defs[part["$ref"].rsplit("/", 1)[1]])}
        return node

    def walk(node: dict[str, Any], path: tuple) -> None:
        node = resolve(node)
        if node.get("type") == "string" and not ({"enum", "pattern", "format", "const"} & node.keys()):
            found.add(path)
        for key, child in node.get("properties", {}).items():
            walk(child, path + (key,))
        if isinstance(node.get("items"), dict):
            walk(node["items"], path + ("*",))
        if isinstance(node.get("additionalProperties"), dict):
            walk(node["additionalProperties"], path + ("*",))
        for key in ("oneOf", "anyOf"):
            for child in node.get(key, []):
                walk(child, path)

    walk(schema, ())
    return found - {("id",)}


def make_hostile_project(target: Path, payloads: list[str] = PAYLOADS) -> HostileProject:
    """Copy the demo project to `target` and arm every free-text value with `payloads` in turn."""
    for name in ("mkdocs.yml", "content", "data"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, target / name)
    project = HostileProject(target)
    _arm_config(project, payloads)
    # A record's `agency` must name an agency the settings declare: a payload there is refused (as
    # a value with a pattern would be); the names the pages print are the declared ones, armed above.
    free = {t.key: free_text_paths(load_type_schema(t.schema_name)) - {("agency",)} for t in RECORD_TYPES}
    counter = iter(range(1_000_000))
    originals: dict[Path, tuple[str, dict[tuple, Any]]] = {}
    present: dict[str, set[tuple]] = {}
    for record_type, path in discover(target / "data"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        present.setdefault(record_type.key, set()).update(_schema_path(p) for p, _ in _leaves(data, ()))
    filled: set[str] = set()
    for record_type, path in discover(target / "data"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if record_type.key not in filled and data.get("disclosure") == "主动公开" and data.get("draft") is not True:
            # The first public record of each type also gets the free-text fields no demo record has.
            filled.add(record_type.key)
            _add_missing(data, free[record_type.key] - present[record_type.key])
        changed: dict[tuple, Any] = {}
        issuer = data.get("issuer")
        _arm(data, (), free[record_type.key], counter, changed, payloads)
        if issuer in project.armed_agency and "agency" not in data:  # the issuer told its agency: now say it
            data["agency"] = project.armed_agency[issuer]
        originals[path] = (record_type.key, changed)
        path.write_text(_dump(data), encoding="utf-8")
        body = path.with_suffix(".md")
        if body.is_file():
            body.write_text(BODY, encoding="utf-8")
            project.bodies.add((record_type.key, data["id"]))
    _put_back_what_validation_refuses(project, originals)
    # A record's `agency` must name a declared agency (validate/agencies.py refuses any other text):
    # it is not armed; the names pages print are the declared ones, armed in mkdocs.yml.
    project.refused.update((t.key, ("agency",)) for t in RECORD_TYPES)
    for record_type, path in discover(target / "data"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        project.typed[(record_type.key, data["id"])] = data
        key, changed = originals[path]
        project.hostile_paths.setdefault(key, set()).update(
            _schema_path(p) for p in changed if (key, _schema_path(p)) not in project.refused
        )
    return project


def _arm_config(project: HostileProject, payloads: list[str]) -> None:
    """Every text setting of mkdocs.yml a page prints carries a payload (marked with its setting)."""
    path = project.root / "mkdocs.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    for n, key in enumerate(CONFIG_TEXT):
        index = {("site_name",): 4, ("site_description",): 2}.get(key, n + 4)  # "</title><script …", '"><svg …'
        value = f"{payloads[index % len(payloads)]}·{key[-1]}"
        _set_setting(config, key, value)
        project.config[key] = value
    for key, url in CONFIG_URLS.items():
        _set_setting(config, key, url)
    _arm_agencies(project, config, payloads)
    path.write_text(_dump(config), encoding="utf-8")


def _arm_agencies(project: HostileProject, config: dict[str, Any], payloads: list[str]) -> None:
    """The declared agencies' names, short names and contacts (the plugin's `agencies` setting,
    printed on agency pages, record pages, feeds and open data) carry payloads, each its own."""
    for plugin in config.get("plugins") or []:
        declared = plugin.get("gongkai", {}).get("settings", {}).get("agencies") if isinstance(plugin, dict) else None
        for number, agency in enumerate(declared or []):
            written = agency["name"]
            for n, name in enumerate(("name", "short_name", "contact")):
                agency[name] = f"{payloads[(number * 3 + n) % len(payloads)]}·{name}{number}"
            project.armed_agency[written] = agency["short_name"]
        project.agencies = parse_agencies(declared or [])


def arm_url_settings(root: Path, url: str) -> dict[tuple[str, ...], str]:
    """Give every URL setting of `root/mkdocs.yml` the value `url` (e.g. `javascript:alert(1)`)."""
    from gongkai.validate.site_config import URL_SETTINGS

    path = root / "mkdocs.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in URL_SETTINGS:
        _set_setting(config, key, url)
    path.write_text(_dump(config), encoding="utf-8")
    return dict.fromkeys(URL_SETTINGS, url)


def _set_setting(config: dict[str, Any], key: tuple[str, ...], value: str) -> None:
    for part in key[:-1]:
        config = config.setdefault(part, {})
    config[key[-1]] = value


def _arm(value: Any, path: tuple, free: set[tuple], counter, changed: dict[tuple, Any], payloads: list[str]) -> None:
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in list(items):
        child = path + (key,)
        if isinstance(item, str) and _schema_path(child) in free:
            n = next(counter)
            value[key] = f"{payloads[n % len(payloads)]}·{n}"
            changed[child] = item
        else:
            _arm(item, child, free, counter, changed, payloads)


def _leaves(value: Any, path: tuple):
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else None
    if items is None:
        yield path, value
        return
    for key, item in items:
        yield from _leaves(item, path + (key,))


def _add_missing(data: dict[str, Any], missing: set[tuple]) -> None:
    """Give `data` the free-text fields in `missing` where their container exists (or is a plain
    list every record may have: change notes, attachments); the validator judges the result."""
    for path in sorted(missing):
        if path[0] == "changes" and "changes" not in data:
            data["changes"] = [{"date": data["publish_date"], path[2]: "x"}]
            continue
        if path[0] == "attachments" and "attachments" not in data:
            data["attachments"] = [{"title": "x", "file": _ANY_ATTACHMENT}]
            continue
        container: Any = data
        for part in path[:-1]:
            container = (
                container[0]
                if part == "*" and isinstance(container, list) and container
                else container.get(part)
                if isinstance(container, dict)
                else None
            )
            if container is None:
                break
        if isinstance(container, dict) and path[-1] not in container:
            container[path[-1]] = "x"
        elif isinstance(container, list) and path[-1] == "*" and not container:
            container.append("x")


_ANY_ATTACHMENT = "documents/2023-vehicle-standards.csv"


def _schema_path(path: tuple) -> tuple:
    return tuple("*" if isinstance(p, int) else p for p in path)


def _put_back_what_validation_refuses(
    project: HostileProject, originals: dict[Path, tuple[str, dict[tuple, Any]]]
) -> None:
    data_dir = project.root / "data"
    for _ in range(5):
        problems = [
            p
            for p in validate_records(
                load_records(data_dir, 1_000_000), Settings(data_dir=data_dir, agencies=project.agencies), _today()
            )
            if p.is_error
        ]
        if not problems:
            return
        for path, (key, changed) in originals.items():
            lines = {p.line for p in problems if Path(p.path).resolve() == path.resolve()}
            if not lines:
                continue
            loaded = load_file(path, str(path), 1_000_000)
            data = loaded.data
            for value_path in [p for p in changed if loaded.pos(p)[0] in lines]:
                _set(data, value_path, changed.pop(value_path))
                project.refused.add((key, _schema_path(value_path)))
            path.write_text(_dump(data), encoding="utf-8")
    raise AssertionError(f"the hostile project does not validate: {problems[:5]}")


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)


def _set(data: Any, path: tuple, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _today():
    return DEMO_TODAY
