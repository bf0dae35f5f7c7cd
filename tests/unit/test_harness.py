"""The tests themselves cannot flake or hide: no sleeps, no ids from hash() (PYTHONHASHSEED),
and the browser tests fail instead of skipping when CI is set and the browser is missing."""

from __future__ import annotations

import ast
import os
import subprocess
import sys

import pytest

from tests.support.sites import ROOT

TESTS = ROOT / "tests"
BROWSER_MODULES = ["browser/test_search.py", "browser/test_demo_site.py"]


def _calls(name: str) -> list[str]:
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
                if called == name:
                    found.append(f"{path.relative_to(TESTS)}:{node.lineno}")
    return found


def test_no_test_sleeps():
    # A sleep either proves nothing (a clock read is caught with time_machine) or waits for
    # something that can be waited for (a log line, a long poll, a locator).
    assert _calls("sleep") == []


def test_no_test_builds_values_from_hash():
    # hash() of a str changes with PYTHONHASHSEED: "unique" numbers made from it collide at random.
    assert _calls("hash") == []


def _collect(module: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "CI"} | env
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", str(TESTS / module)],
        cwd=TESTS.parent,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("module", BROWSER_MODULES)
def test_browser_tests_fail_under_ci_without_a_browser(module):
    missing = _collect(module, CI="true", GONGKAI_CHROMIUM="/nonexistent/chromium")
    assert missing.returncode not in (0, 5), missing.stdout[-2000:]  # 5: nothing collected
    assert "CI is set, so the browser tests must run" in missing.stdout + missing.stderr
    local = _collect(module, GONGKAI_CHROMIUM="/nonexistent/chromium")
    assert local.returncode in (0, 5), local.stdout[-2000:]  # skipped on a developer's machine
