"""An inspection's results as the command prints them: text (one line a finding, like `gongkai
validate`), JSON (for a dashboard) or GitHub Actions annotations."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from gongkai.validate.inspection.findings import DEDUCT, LEVELS, VETO, Finding, Result


def counts(results: list[Result]) -> dict[str, int]:
    return {level: sum(f.level == level for r in results for f in r.findings) for level in LEVELS}


def text_lines(results: list[Result]) -> list[str]:
    lines = []
    for result in results:
        head = result.level or "通过"
        lines.append(
            f"[{head}] {result.indicator.name}（{result.indicator.source} {result.indicator.number}）：{result.summary}"
        )
        lines.extend(f"  {_where(f)}{f.level} {f.message}" for f in result.findings)
    return lines


def summary_line(results: list[Result], today: dt.date) -> str:
    found = counts(results)
    verdict = "不合格（有单项否决项）" if found[VETO] else "未发现单项否决项"
    shown = "，".join(f"{level} {n} 项" for level, n in found.items())
    return f"按 {today.isoformat()} 检查了 {len(results)} 项指标：{shown}。{verdict}。"


def as_json(results: list[Result], today: dt.date) -> str:
    payload: dict[str, Any] = {
        "today": today.isoformat(),
        "passed": not counts(results)[VETO],
        "counts": counts(results),
        "indicators": [
            {
                "indicator": r.indicator.key,
                "number": r.indicator.number,
                "name": r.indicator.name,
                "source": r.indicator.source,
                "level": r.level,
                "summary": r.summary,
                "findings": [f.as_dict() for f in r.findings],
            }
            for r in results
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def github_lines(results: list[Result]) -> list[str]:
    lines = []
    for result in results:
        for f in result.findings:
            level = "error" if f.level == VETO else "warning" if f.level == DEDUCT else "notice"
            title = f"{f.indicator.name}（{f.level}）"
            message = f"{f.message}" + (f"（页面 /{f.url}）" if f.url else "")
            message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            where = f"file={f.file}" + (f",line={f.line}" if f.line else "") + "," if f.file else ""
            lines.append(f"::{level} {where}title={_property(title)}::{message}")
    return lines


def _property(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")


def _where(finding: Finding) -> str:
    if not finding.file and not finding.url:
        return ""
    place = finding.file + (f":{finding.line}" if finding.line else "")
    page = f"（页面 /{finding.url}）" if finding.url or finding.file == "" else ""
    return f"{place}{page}: "
