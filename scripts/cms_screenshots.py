"""Screenshots of the editors' CMS forms (a document, a disclosure report) at 1280 px.

Usage: SOURCE_DATE_EPOCH=1795752000 python scripts/cms_screenshots.py [OUT_DIR]
Builds the demo with the CMS on (as `make cms` does, into a temporary folder), starts decap-server
on a free port over this checkout (opening a form writes nothing) and saves
OUT_DIR/cms-document-desktop.png and OUT_DIR/cms-disclosure-report-desktop.png (default screenshots/).
"""

from __future__ import annotations

import socket
import sys
import tempfile
import time
from pathlib import Path

from chromium import launch
from cms import cms_plugins, start_backend
from mkdocs.commands.build import build
from mkdocs.config import load_config
from playwright.sync_api import sync_playwright
from screenshots import serve

# name: (form, id, the field the form is scrolled to: "" for the top)
FORMS = {
    "cms-document-desktop": ("documents", "2026-asset-disposal", ""),
    "cms-disclosure-report-desktop": ("reports-disclosure", "2025-annual-report", "二、主动公开政府信息情况"),
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    config_file = Path("mkdocs.yml").resolve()
    port = _free_port()
    with tempfile.TemporaryDirectory() as site:
        build(load_config(str(config_file), plugins=cms_plugins(config_file, port), site_dir=site))
        backend = start_backend(config_file.parent, port)
        server, base = serve(Path(site))
        try:
            time.sleep(2)  # decap-server starting
            with sync_playwright() as p:
                browser = launch(p)
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.goto(base + "admin/")
                page.get_by_role("button", name="登录").click()
                page.wait_for_url("**/admin/#/collections/**")  # logged in (kept by the context)
                for name, (collection, record_id, field) in FORMS.items():
                    page = context.new_page()
                    page.goto(f"{base}admin/#/collections/{collection}/entries/{record_id}")
                    page.locator(f"input[value='{record_id}']").first.wait_for()
                    if field:
                        page.get_by_text(field, exact=True).first.scroll_into_view_if_needed()
                    page.wait_for_timeout(2000)  # the preview pane's page
                    target = out / f"{name}.png"
                    page.screenshot(path=str(target))
                    print(target)
                browser.close()
        finally:
            server.shutdown()
            backend.terminate()
            backend.wait(timeout=10)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
