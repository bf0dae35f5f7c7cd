"""The national inspection at the end of every build: each finding logged as record warnings are
(at INFO: they are warnings for the editors, and `mkdocs build --strict` is not failed by them;
`gongkai inspect --strict` fails on a 单项否决 item), then one summary line."""

from __future__ import annotations

import datetime as dt
import logging

from gongkai.validate.inspection import Result
from gongkai.validate.inspection.report import summary_line, text_lines


def log_inspection(results: list[Result], today: dt.date, log: logging.Logger) -> None:
    if not results:
        return
    for line in text_lines([r for r in results if r.findings]):
        log.info("gongkai 网站检查：%s", line.strip())
    message = "gongkai 网站检查：" + summary_line(results, today) + "详见 /inspection/ 页面或 gongkai inspect。"
    log.info(message)
