"""The package's import structure, read from the source with `ast` (nothing is imported).

- No import circle, except through imports under `if TYPE_CHECKING:` (type-only). Imports inside
  functions count: deferring an import into a function does not break a circle.
- Every import runs down the pipeline: root vocabulary -> load -> model -> validate -> render ->
  build -> portal -> plugin, cli (cli may import `gongkai.plugin.config` to read mkdocs.yml; plugin may
  import build). Type-only imports too.
- No private name (`_x`) imported from another module, nor read from an imported module.
- MkDocs (and Material) imported only in `gongkai/plugin/`.

Run as a script (`python tests/unit/test_layers.py`) it lists every finding.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "gongkai"

# The root vocabulary: modules (and packages) directly under gongkai/ that every stage may import.
ROOT_VOCABULARY = {
    "gongkai",
    "gongkai.types",
    "gongkai.problems",
    "gongkai.config",
    "gongkai.agencies",
    "gongkai.slugs",
    "gongkai.schemas",
    "gongkai.errors",
}
# Pipeline stages, in order; a module may import its own stage, earlier ones and the root vocabulary.
STAGES = {"load": 1, "model": 2, "validate": 3, "render": 4, "build": 5, "portal": 6, "plugin": 7, "cli": 7}
# Among the last stage: what the CLI may read of the plugin (mkdocs.yml through MkDocs' loader).
CLI_MAY_IMPORT = {"gongkai.plugin.config"}
MKDOCS = ("mkdocs", "material")


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the imported module (for `from m import name`: m.name if that is a module, else m)
    name: str | None  # the name imported with `from m import name`, or read as `module.name`
    line: int
    type_only: bool  # under `if TYPE_CHECKING:`

    def __str__(self) -> str:
        what = f" ({self.name})" if self.name else ""
        return f"{self.source}:{self.line} -> {self.target}{what}{' [type only]' if self.type_only else ''}"


def read_package(root: Path = PACKAGE) -> dict[str, tuple[ast.Module, bool]]:
    """Every module of the package: dotted name -> (syntax tree, is a package's __init__)."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        found[".".join(parts)] = (ast.parse(path.read_text(encoding="utf-8"), str(path)), is_package)
    return found


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(name: str, tree: ast.Module, is_package: bool, modules: set[str]) -> list[Import]:
    """Every import in the module (at any depth, functions included), with private attributes read
    from the modules it imports (`module._name`)."""
    found: list[Import] = []
    aliases: dict[str, str] = {}  # local name -> module it stands for

    def visit(node: ast.AST, type_only: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child):
                for inner in child.body:
                    visit_one(inner, True)
                for inner in child.orelse:
                    visit_one(inner, type_only)
                continue
            visit_one(child, type_only)

    def visit_one(node: ast.AST, type_only: bool) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append(Import(name, alias.name, None, node.lineno, type_only))
                if alias.asname:
                    aliases[alias.asname] = alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name.split(".") if is_package else name.split(".")[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join(package + ([base] if base else []))
            for alias in node.names:
                full = f"{base}.{alias.name}"
                if full in modules:
                    found.append(Import(name, full, None, node.lineno, type_only))
                    aliases[alias.asname or alias.name] = full
                else:
                    found.append(Import(name, base, alias.name, node.lineno, type_only))
        visit(node, type_only)

    visit(tree, False)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and _private(node.attr)
        ):
            found.append(Import(name, aliases[node.value.id], node.attr, node.lineno, False))
    return found


def all_imports(package: dict[str, tuple[ast.Module, bool]]) -> list[Import]:
    modules = set(package)
    return [i for name, (tree, is_package) in package.items() for i in imports_of(name, tree, is_package, modules)]


def _private(name: str | None) -> bool:
    return bool(name) and name.startswith("_") and not name.startswith("__")


def _internal(target: str) -> bool:
    return target == "gongkai" or target.startswith("gongkai.")


def stage(module: str) -> str | None:
    """The module's stage ("root" for the root vocabulary), None if it belongs to none."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in STAGES:
        return parts[1]
    top = ".".join(parts[:2])
    return "root" if top in ROOT_VOCABULARY else None


def circles(imports: list[Import]) -> list[list[Import]]:
    """The imports that make circles, one list per strongly connected group of modules (type-only
    imports left out)."""
    graph: dict[str, set[str]] = {}
    for i in imports:
        if not i.type_only and _internal(i.target) and i.target != i.source:
            graph.setdefault(i.source, set()).add(i.target)
            graph.setdefault(i.target, set())
    groups = [group for group in _strongly_connected(graph) if len(group) > 1]
    return [[i for i in imports if i.source in group and i.target in group and not i.type_only] for group in groups]


def _strongly_connected(graph: dict[str, set[str]]) -> Iterator[set[str]]:
    """Tarjan's algorithm, without recursion."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.add(member)
                        if member == node:
                            break
                    yield group
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])


def against_the_pipeline(imports: list[Import]) -> list[str]:
    """Imports of a later stage (or from no stage at all)."""
    found = []
    for i in imports:
        if not _internal(i.target):
            continue
        source, target = stage(i.source), stage(i.target)
        if source is None or target is None:
            found.append(f"{i}: {i.source if source is None else i.target} belongs to no stage")
        elif target == "root" or source == target:
            continue
        elif source == "root":
            found.append(f"{i}: the root vocabulary imports the {target} stage")
        elif STAGES[target] > STAGES[source]:
            found.append(f"{i}: {source} imports the later stage {target}")
        elif source == "plugin" and target == "cli":
            found.append(f"{i}: the plugin imports the CLI")
        elif source == "cli" and target == "plugin" and i.target not in CLI_MAY_IMPORT:
            found.append(f"{i}: the CLI imports the plugin beyond {', '.join(sorted(CLI_MAY_IMPORT))}")
    return found


def private_imports(imports: list[Import]) -> list[Import]:
    return [i for i in imports if _internal(i.target) and _private(i.name) and i.target != i.source]


def mkdocs_outside_plugin(imports: list[Import]) -> list[Import]:
    return [i for i in imports if i.target.split(".")[0] in MKDOCS and not i.source.startswith("gongkai.plugin.")]


def test_the_package_is_read():
    package = read_package()
    assert {"gongkai.load.records", "gongkai.render.spec", "gongkai.plugin.plugin", "gongkai.errors"} <= set(package)
    assert any(i.target == "gongkai.load.files" and i.source == "gongkai.load.records" for i in all_imports(package))


def test_no_import_circle_except_type_only():
    found = circles(all_imports(read_package()))
    assert not found, "import circles:\n" + "\n\n".join("\n".join(map(str, group)) for group in found)


def test_every_import_runs_down_the_pipeline():
    found = against_the_pipeline(all_imports(read_package()))
    assert not found, "\n".join(found)


def test_no_private_name_imported_across_modules():
    found = private_imports(all_imports(read_package()))
    assert not found, "\n".join(map(str, found))


def test_mkdocs_imported_only_by_the_plugin():
    found = mkdocs_outside_plugin(all_imports(read_package()))
    assert not found, "\n".join(map(str, found))


def test_the_checks_find_what_they_look_for():
    """Each check on a made-up package holding one fault of each kind (so none passes by finding nothing)."""
    sources = {
        "gongkai.load.a": "from gongkai.load import b\nfrom gongkai.render.pages import SitePages\n",
        "gongkai.load.b": "def f():\n    from gongkai.load.a import _helper\n",
        "gongkai.model.c": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from gongkai.model.d import D\n",
        "gongkai.model.d": "from gongkai.model import c\nimport mkdocs.config\nc._private()\n",
        "gongkai.render.pages": "",
        "gongkai.cli.main": "from gongkai.plugin.plugin import GongkaiPlugin\nfrom gongkai.plugin.config import read_project\n",
        "gongkai.plugin.plugin": "from mkdocs.plugins import BasePlugin\nfrom gongkai.build.site import SiteBuild\n",
        "gongkai.plugin.config": "",
        "gongkai.build.site": "",
        "gongkai.oddity": "",
        "gongkai.types": "from gongkai.oddity import x\n",
    }
    package = {name: (ast.parse(text), False) for name, text in sources.items()}
    imports = all_imports(package)
    assert [sorted({i.source for i in group}) for group in circles(imports)] == [["gongkai.load.a", "gongkai.load.b"]]
    upward = against_the_pipeline(imports)
    assert len(upward) == 3, upward
    assert "load imports the later stage render" in upward[0]
    assert "CLI imports the plugin" in upward[1] and "plugin.plugin" in upward[1]
    assert "gongkai.oddity belongs to no stage" in upward[2]
    assert [(i.source, i.name) for i in private_imports(imports)] == [
        ("gongkai.load.b", "_helper"),
        ("gongkai.model.d", "_private"),
    ]
    assert [i.source for i in mkdocs_outside_plugin(imports)] == ["gongkai.model.d"]


if __name__ == "__main__":
    everything = all_imports(read_package())
    findings = [
        *("circle:\n  " + "\n  ".join(map(str, group)) for group in circles(everything)),
        *against_the_pipeline(everything),
        *(f"{i}: private name" for i in private_imports(everything)),
        *(f"{i}: MkDocs outside gongkai/plugin/" for i in mkdocs_outside_plugin(everything)),
    ]
    print("\n".join(findings) or "no finding")
    sys.exit(1 if findings else 0)
