"""What every rule sees: the well-shaped records, indexed, with the settings and the build date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.agencies import NO_AGENCIES, Agencies
from gongkai.config import Settings
from gongkai.load.attachments import Library
from gongkai.load.records import SourceRecord
from gongkai.model.dates import parse_date
from gongkai.model.gate import is_publishable


@dataclass
class Context:
    records: list[SourceRecord]  # records that passed the schema check
    settings: Settings
    today: dt.date
    all_records: list[SourceRecord] = field(default_factory=list)  # including broken ones
    # Files being checked on their own (`gongkai validate <path>`): new or changed records, so a
    # clash with another record (same 文号, 索引号 or id) is reported on them, not on the other one.
    focus: frozenset[Path] = frozenset()
    library: Library | None = None  # attachment contents (made from the settings when not given)
    agencies: Agencies = field(default=NO_AGENCIES, init=False)  # made from the settings
    _index: dict[tuple[str, str], SourceRecord] = field(default_factory=dict, init=False)
    _by_type: dict[str, list[SourceRecord]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.agencies = Agencies(self.settings.agencies)
        if self.library is None:
            self.library = Library.for_settings(self.settings)
        for record in self.records:
            self._index.setdefault((record.type.key, record.id), record)
            self._by_type.setdefault(record.type.key, []).append(record)

    def of_type(self, key: str) -> list[SourceRecord]:
        return list(self._by_type.get(key, ()))

    def get(self, type_key: str, record_id: str) -> SourceRecord | None:
        return self._index.get((type_key, record_id))

    def is_public(self, record: SourceRecord) -> bool:
        return is_publishable(record.data, self.today)

    def oldest_first(self) -> list[SourceRecord]:
        """The records in the order they came to be: a clash is reported on the later one.

        Records being checked on their own come last (they are the change under review), then by
        publish date; records with no valid date count as newest; ties keep the file order.
        """
        newest = dt.date.max

        def age(record: SourceRecord) -> tuple[bool, dt.date]:
            focused = bool(self.focus) and record.path.resolve() in self.focus
            return focused, parse_date(record.data.get("publish_date")) or newest

        return sorted(self.records, key=age)
