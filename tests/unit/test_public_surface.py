"""What each package's `__init__` re-exports (its `__all__`), pinned: a name added to or dropped
from a package's surface is a decision, made here as well (as httpx pins its own).

The packages that only re-export (load, load.attachments, model, render.search, cli) export
every public name they hold, and nothing that is defined outside them; `gongkai.build` and
`gongkai.plugin` import nothing (the output process's fresh interpreter and the CLI import
their modules one by one).
"""

from __future__ import annotations

import ast
import importlib
import types
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "gongkai"

SURFACE = {
    "gongkai.load": [
        "YAML_SUFFIXES",
        "LoadedFile",
        "SourceRecord",
        "collector_paused",
        "discover",
        "display_path",
        "load_file",
        "load_records",
        "records_digest",
    ],
    "gongkai.load.attachments": ["Extracted", "Library"],
    "gongkai.load.report_form": ["Amount", "ImportedReport", "Node", "Section", "read_report", "sections"],
    "gongkai.model": [
        "AMENDED",
        "CLOSED",
        "EXPIRED",
        "IN_FORCE",
        "NOT_STARTED",
        "NOT_YET_EFFECTIVE",
        "OPEN",
        "PROACTIVE",
        "REPEALED",
        "Catalog",
        "Consultation",
        "Decision",
        "Document",
        "Interpretation",
        "PowerItem",
        "Record",
        "Report",
        "is_publishable",
        "parse_date",
    ],
    "gongkai.validate": ["Context", "validate_records"],
    "gongkai.validate.inspection": [
        "DEDUCT",
        "INDICATORS",
        "LEVELS",
        "VETO",
        "WARN",
        "Finding",
        "Indicator",
        "Result",
        "SiteView",
        "inspect",
        "vetoed",
    ],
    "gongkai.render.search": ["FORMAT_VERSION", "SearchText", "remove_old_indexes", "search_files", "write_index"],
    "gongkai.cli": ["EXIT_FAILED", "EXIT_OK", "EXIT_PROBLEMS", "main"],
    "gongkai.schemas": [
        "DRAFT_07",
        "all_schemas",
        "field_schema",
        "load_type_schema",
        "merged_schema",
        "schema_json",
        "write_schemas",
    ],
}
# Packages whose __init__ holds nothing but re-exports.
RE_EXPORTERS = [
    "gongkai.load",
    "gongkai.load.attachments",
    "gongkai.load.report_form",
    "gongkai.model",
    "gongkai.render.search",
    "gongkai.cli",
]
# Packages whose __init__ imports nothing.
EMPTY = ["gongkai.build", "gongkai.plugin", "gongkai.portal", "gongkai.render"]


def _public_members(module: types.ModuleType) -> set[str]:
    return {
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType) and name != "annotations"
    }


@pytest.mark.parametrize("name", sorted(SURFACE))
def test_package_surface_is_pinned(name):
    module = importlib.import_module(name)
    assert module.__all__ == SURFACE[name]
    for exported in module.__all__:
        value = getattr(module, exported)  # every exported name is there
        defined_in = getattr(value, "__module__", None)
        if isinstance(value, (type, types.FunctionType)):
            assert defined_in == name or defined_in.startswith(name + "."), (
                f"{name}.{exported} is defined in {defined_in}"
            )


@pytest.mark.parametrize("name", RE_EXPORTERS)
def test_re_exporting_packages_export_every_public_name(name):
    module = importlib.import_module(name)
    assert _public_members(module) == set(module.__all__)


def test_every_package_with_a_surface_is_pinned():
    """A package `__init__` given an `__all__` is added to SURFACE (and so to this test)."""
    declaring = set()
    for path in PACKAGE.rglob("__init__.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(
            isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets)
            for node in tree.body
        ):
            declaring.add(".".join(path.parent.relative_to(PACKAGE.parent).parts))
    assert declaring == set(SURFACE)


@pytest.mark.parametrize("name", EMPTY)
def test_packages_that_import_nothing(name):
    path = PACKAGE.parent.joinpath(*name.split("."), "__init__.py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert not [node for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))]
