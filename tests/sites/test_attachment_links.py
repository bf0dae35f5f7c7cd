"""An attachment's link works whatever its file name holds: a space, `#`, `%`, Chinese characters
are percent-encoded in the page's `href` (and in the open data's `url`), so the browser asks for
the file that was copied, not for a truncated name or a fragment."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.support.helpers import write_attachment, write_record
from tests.support.sites import build_site, project_with, soup

NAMES = {
    "documents": "documents/关于 2024 年的通知 #1 (100%).pdf",
    "powers": "powers/办理 流程图.pdf",
    "consultations": "consultations/征求 意见稿.txt",
}


def test_attachment_names_needing_escapes_are_percent_encoded_in_links(tmp_path: Path):
    root = project_with(tmp_path, "  - gongkai:\n      data_dir: data\n")
    data = root / "data"
    write_attachment(data, NAMES["documents"])
    write_attachment(data, NAMES["powers"])
    write_attachment(data, NAMES["consultations"], "征求意见稿正文".encode())
    write_record(data, "documents", "doc", attachments=[{"title": "附件一", "file": NAMES["documents"]}])
    write_record(data, "powers", "power", flowchart=NAMES["powers"])
    write_record(data, "consultations", "cons", draft_attachment=NAMES["consultations"])
    site = tmp_path / "site"
    result = build_site(root, site)
    assert result.returncode == 0, result.stderr[-4000:]
    hrefs = {
        "documents": soup(site, "documents/doc").select_one(".gk-attachments a")["href"],
        "powers": soup(site, "powers/power").select_one('a[href*="attachments/"]')["href"],
        "consultations": soup(site, "consultations/cons").select_one(".gk-draft a")["href"],
    }
    for key, href in hrefs.items():
        assert " " not in href and "#" not in href, href
        path = unquote(urlsplit(href).path)
        assert path.endswith("attachments/" + NAMES[key]), (href, path)
        assert (site / "attachments" / NAMES[key]).is_file()
    dataset = json.loads((site / "data" / "documents.json").read_text(encoding="utf-8"))
    (listed,) = [a for item in dataset["records"] for a in item["derived"]["attachments"]]
    assert " " not in listed["url"] and unquote(listed["url"]).endswith("attachments/" + NAMES["documents"])
