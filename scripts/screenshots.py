"""Screenshots of the built site in headless Chromium at desktop and phone widths.

Usage: python scripts/screenshots.py [SITE_DIR] [OUT_DIR]
Builds nothing: run `make site` first (default SITE_DIR is site/). Pages: home, a document, a
decision, a section table; widths 1280 px and 375 px. Uses Debian's /usr/bin/chromium.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from chromium import launch
from playwright.sync_api import sync_playwright

PAGES = {
    "home": "",
    "document": "documents/2021-vehicle-management-interim/",
    "decision": "decisions/2024-office-space-reform/",
    "section": "documents/",
}
WIDTHS = {"desktop": 1280, "phone": 375}


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve a directory on a free localhost port in a background thread."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def main(site: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    server, base = serve(site)
    try:
        with sync_playwright() as p:
            browser = launch(p)
            for width_name, width in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": 900})
                for name, path in PAGES.items():
                    page.goto(base + path, wait_until="networkidle")
                    target = out / f"{name}-{width_name}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target)
                page.close()
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "site"), Path(sys.argv[2] if len(sys.argv) > 2 else "screenshots"))
