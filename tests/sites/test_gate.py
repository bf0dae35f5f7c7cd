"""Nothing non-public leaks into the built site; embargoes lift on their date; builds are reproducible."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import shutil
from pathlib import Path

import pytest

from tests.support.sites import DEMO_TODAY, ROOT, build_site

ATTACHMENT_MARKER = "MARKERATTACHONLY8W"
HIDDEN = {
    # marker -> (type dir, id, fields that make it non-public)
    "MARKERWITHHELD7Q": (
        "documents",
        "hidden-withheld",
        {"disclosure": "不予公开", "withheld_basis": "《中华人民共和国政府信息公开条例》第十四条"},
    ),
    "MARKERONREQUEST3K": ("decisions", "hidden-on-request", {"disclosure": "依申请公开"}),
    "MARKERDRAFT9Z": ("interpretations", "hidden-draft", {"draft": True}),
    "MARKEREMBARGO5X": ("powers", "hidden-embargoed", {"publish_date": "2027-03-01"}),
    # `draft: true` holds a consultation back like any record (its text put up for comment is
    # `draft_attachment`).
    "MARKERCONSULTDRAFT4J": (
        "consultations",
        "hidden-draft-consultation",
        {"draft": True, "draft_attachment": f"hidden/{ATTACHMENT_MARKER}-hidden-draft-consultation.txt"},
    ),
}


def _record(type_dir: str, record_id: str, marker: str, overrides: dict) -> str:
    common = {
        "id": record_id,
        "title": f"内部事项{marker}",
        "publish_date": "2026-10-09",
        "issuer": "河南省机关事务管理局",
        "disclosure": "主动公开",
        "summary": f"摘要{marker}",
        "body": f"正文{marker}",
        "index_no": f"11410000MB1234567X/2026-9{list(HIDDEN).index(marker):04d}",  # unique and the same every run
        "attachments": [{"title": f"附件{marker}", "file": f"hidden/{ATTACHMENT_MARKER}-{record_id}.txt"}],
    }
    specific = {
        "documents": {
            "doc_number": f"豫管〔2026〕{90 + len(record_id)}号",
            "signed_date": "2026-10-08",
            "normative": False,
        },
        "decisions": {"catalog_year": 2026, "stage": "拟决策"},
        "interpretations": {"interprets": "2023-vehicle-management", "form": "文字"},
        "powers": {"code": f"P-{marker}", "category": "行政检查", "status": "有效"},
        "consultations": {"from": "2026-10-09", "to": "2026-11-20"},
    }[type_dir]
    data = {**common, **specific, **overrides}
    lines = []
    for key, value in data.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            for item in value:
                lines.append(f"  - title: {item['title']}\n    file: {item['file']}")
        elif isinstance(value, bool):
            lines.append(f"{key}: {'true' if value else 'false'}")
        elif isinstance(value, int):
            lines.append(f"{key}: {value}")
        else:
            lines.append(f'{key}: "{value}"')
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def leaky_project(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("leaky")
    for name in ("mkdocs.yml", "content", "data"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / name)
    (project / "data" / "attachments" / "hidden").mkdir()
    for marker, (type_dir, record_id, overrides) in HIDDEN.items():
        (project / "data" / type_dir / f"{record_id}.yaml").write_text(
            _record(type_dir, record_id, marker, overrides), encoding="utf-8"
        )
        attachment = project / "data" / "attachments" / "hidden" / f"{ATTACHMENT_MARKER}-{record_id}.txt"
        attachment.write_text(f"只供内部使用 {marker}", encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def leaky_site(leaky_project: Path, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("leaky-site") / "site"
    result = build_site(leaky_project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def _everything(site: Path):
    """Every file name and every file's bytes, decompressing .gz files."""
    for path in sorted(site.rglob("*")):
        yield path.relative_to(site).as_posix().encode("utf-8")
        if path.is_file():
            data = path.read_bytes()
            yield gzip.decompress(data) if path.suffix == ".gz" else data


def test_no_marker_of_a_non_public_record_appears_anywhere(leaky_site: Path):
    markers = [m.encode("utf-8") for m in [*HIDDEN, ATTACHMENT_MARKER]]
    ids = [record_id.encode("utf-8") for _, record_id, _ in HIDDEN.values()]
    leaks = [(needle, blob[:80]) for blob in _everything(leaky_site) for needle in markers + ids if needle in blob]
    assert not leaks
    assert (
        (leaky_site / "sitemap.xml").is_file()
        and (leaky_site / "search").is_dir()
        and (leaky_site / "feeds" / "all.xml").is_file()
    )


def test_the_embargoed_record_appears_on_its_date(leaky_project: Path, tmp_path: Path):
    site = tmp_path / "site"
    result = build_site(leaky_project, site, today=dt.date(2027, 3, 1))
    assert result.returncode == 0, result.stderr[-3000:]
    page = site / "powers" / "hidden-embargoed" / "index.html"
    assert page.is_file() and "MARKEREMBARGO5X" in page.read_text(encoding="utf-8")
    assert b"MARKEREMBARGO5X" in (site / "feeds" / "all.xml").read_bytes()
    assert (site / "attachments" / "hidden" / f"{ATTACHMENT_MARKER}-hidden-embargoed.txt").is_file()
    # the others stay hidden
    for marker in ("MARKERWITHHELD7Q", "MARKERONREQUEST3K", "MARKERDRAFT9Z", "MARKERCONSULTDRAFT4J"):
        assert not any(marker.encode() in blob for blob in _everything(site))


def test_a_public_record_linking_a_non_public_one_fails_the_build(leaky_project: Path, tmp_path: Path):
    project = tmp_path / "project"
    shutil.copytree(leaky_project, project)
    document = project / "data" / "documents" / "2024-logistics-standardization.yaml"
    document.write_text(
        document.read_text(encoding="utf-8") + "related:\n  - type: documents\n    id: hidden-withheld\n",
        encoding="utf-8",
    )
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    assert "hidden-withheld" in result.stderr and "2024-logistics-standardization" in result.stderr
    assert "MARKERWITHHELD7Q" not in result.stderr  # the message names ids, not the hidden title


def _digest(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_two_builds_are_byte_identical(built_site: Path, tmp_path: Path):
    second = tmp_path / "site"
    result = build_site(ROOT, second, today=DEMO_TODAY)
    assert result.returncode == 0, result.stderr[-3000:]
    first_files, second_files = _digest(built_site), _digest(second)
    assert first_files.keys() == second_files.keys()
    assert [name for name in first_files if first_files[name] != second_files[name]] == []
