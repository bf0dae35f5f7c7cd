"""Small acceptances: slips that have only one meaning are corrected as the record is loaded.

- A title or issuer with spaces around it (ASCII or the full-width space U+3000, which YAML keeps)
  is trimmed: nobody means a title to end in a space.
- Subjects written with Chinese commas, `subjects: [办公用房，机关事务]` (YAML separates flow items
  by "," only, so this is one subject) or as one text `subjects: 办公用房、机关事务`, become the list
  of subjects meant. Each item keeps the position of the text it came from.
"""

from __future__ import annotations

import re
from typing import Any

from gongkai.load.files import LoadedFile

TRIMMED_FIELDS = ("title", "issuer")
_SEPARATORS = re.compile("[，、,；;]")
_SPACE = " \t\u3000"


def tidy(file: LoadedFile) -> None:
    data = file.data
    if not isinstance(data, dict):
        return
    for name in TRIMMED_FIELDS:
        value = data.get(name)
        if isinstance(value, str) and value != value.strip(_SPACE) and value.strip(_SPACE):
            data[name] = value.strip(_SPACE)
    subjects = data.get("subjects")
    if isinstance(subjects, str) and subjects.strip(_SPACE):
        subjects = [subjects]
        file.positions[("subjects", 0)] = file.pos(("subjects",))
    if isinstance(subjects, list) and any(isinstance(s, str) and _SEPARATORS.search(s) for s in subjects):
        data["subjects"] = _split_subjects(file, subjects)
    elif subjects is not data.get("subjects"):
        data["subjects"] = subjects


def _split_subjects(file: LoadedFile, subjects: list[Any]) -> list[Any]:
    items: list[Any] = []
    origins = []
    for index, subject in enumerate(subjects):
        parts = [p.strip(_SPACE) for p in _SEPARATORS.split(subject)] if isinstance(subject, str) else [subject]
        for part in parts:
            if part != "":
                items.append(part)
                origins.append(file.positions.get(("subjects", index), file.pos(("subjects",))))
    for key in [k for k in file.positions if k[:1] == ("subjects",) and len(k) > 1]:
        del file.positions[key]
    for index, where in enumerate(origins):
        file.positions[("subjects", index)] = where
    return items
