"""Model stage: typed records, their derived states as of the build date, and the publish gate.

`records.py` holds the typed records and the `Catalog` (the gate every output reads through),
`gate.py` what may be published, `dates.py` dates as records write them, `versions.py` a
document's successive texts, `cleanups.py` a cleanup batch's outcomes, `annual_reports.py` the
reports' deadlines and proven figures, `workdays.py` the working-day calendar, `markdown_text.py` record Markdown as the site shows it
(sanitised HTML, plain text: rendered by `render`, checked by `validate` as published;
`markdown_passes.py`: two of Python-Markdown's passes made cheaper, same HTML;
`markdown_plain.py`: a plain body's HTML written without running Python-Markdown, same HTML).
"""

from gongkai.model.dates import parse_date
from gongkai.model.gate import PROACTIVE, is_publishable
from gongkai.model.records import (
    AMENDED,
    CLOSED,
    EXPIRED,
    IN_FORCE,
    NOT_STARTED,
    NOT_YET_EFFECTIVE,
    OPEN,
    REPEALED,
    Catalog,
    Consultation,
    Decision,
    Document,
    Interpretation,
    PowerItem,
    Record,
    Report,
)

__all__ = [
    "AMENDED",
    "CLOSED",
    "EXPIRED",
    "IN_FORCE",
    "NOT_STARTED",
    "NOT_YET_EFFECTIVE",
    "OPEN",
    "PROACTIVE",
    "REPEALED",
    "Catalog",
    "Consultation",
    "Decision",
    "Document",
    "Interpretation",
    "PowerItem",
    "Record",
    "Report",
    "is_publishable",
    "parse_date",
]
