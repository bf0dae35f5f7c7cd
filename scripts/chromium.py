"""Debian's Chromium through Playwright, launched one way for every caller: the screenshots, the
search benchmark's standalone site and the browser tests (GONGKAI_CHROMIUM overrides the path)."""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium")
# No sandbox (containers, CI), no GPU, and nothing Chromium would fetch on its own: the tests
# assert that a page makes no request outside the site.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch(playwright):
    """Headless Chromium from a started Playwright (`with sync_playwright() as playwright`)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
