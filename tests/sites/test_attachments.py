"""Attachments on the demo site built by MkDocs: the record page names each file's type, pages and
size; the open data lists every attachment with its size and SHA-256 (the checks before publication
are in tests/unit/validate/test_attachments.py)."""

from __future__ import annotations

import hashlib
import json

from bs4 import BeautifulSoup

from gongkai.render.pages import human_size
from tests.support.sites import ROOT

DEMO_PDF = "documents/2025-procurement-internal-control-checklist.pdf"


def test_record_page_shows_type_pages_and_size(built_site):
    html = (built_site / "documents" / "2025-procurement-internal-control" / "index.html").read_text(encoding="utf-8")
    item = BeautifulSoup(html, "html.parser").select_one(".gk-attachments li")
    size = (ROOT / "data" / "attachments" / DEMO_PDF).stat().st_size
    assert item.select_one("a")["href"].endswith(f"attachments/{DEMO_PDF}")
    assert item.select_one(".gk-filetype").get_text() == f"（PDF，2 页，{human_size(size)}）"


def test_open_data_lists_attachments_with_size_and_sha256(built_site):
    dataset = json.loads((built_site / "data" / "documents.json").read_text(encoding="utf-8"))
    listed = {a["file"]: a for item in dataset["records"] for a in item["derived"].get("attachments", [])}
    raw = (ROOT / "data" / "attachments" / DEMO_PDF).read_bytes()
    assert listed[DEMO_PDF] == {
        "title": "附件：政府采购内部控制检查清单",
        "file": DEMO_PDF,
        "url": listed[DEMO_PDF]["url"],
        "size": len(raw),
        "sha256": hashlib.sha256(raw).hexdigest(),
        "pages": 2,
    }
    assert listed[DEMO_PDF]["url"].endswith(f"attachments/{DEMO_PDF}")
    assert (built_site / "attachments" / DEMO_PDF).read_bytes() == raw
    consultations = json.loads((built_site / "data" / "consultations.json").read_text(encoding="utf-8"))
    drafts = [a for item in consultations["records"] for a in item["derived"].get("attachments", [])]
    assert drafts and all(len(a["sha256"]) == 64 and a["size"] > 0 for a in drafts)
