"""Headless Chromium for the search tests (tests/browser/test_search.py, test_portal_search.py):
one browser per module, and a fresh page per test that fails the test on a request that leaves
localhost or a script error."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from chromium import launch  # scripts/chromium.py: Debian's Chromium through Playwright


@contextlib.contextmanager
def chromium_browser() -> Iterator[Any]:
    """Chromium, closed with the block: a sync Playwright left open makes the next one fail."""
    from playwright import sync_api

    with sync_api.sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@contextlib.contextmanager
def local_page(browser: Any, where: str) -> Iterator[Any]:
    """A page in a fresh context; after the block, no request may have left localhost (`where`
    names what is served, for the message) and no script may have failed."""
    context = browser.new_context()
    page = context.new_page()
    outside: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: None if urlsplit(r.url).hostname == "127.0.0.1" else outside.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert not outside, f"requests outside the {where}: {outside[:5]}"
    assert not errors, errors
