"""What every rule sees: the well-shaped records, indexed, with the settings and the build date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from gongkai.config import Settings
from gongkai.model import is_publishable
from gongkai.sources import SourceRecord


@dataclass
class Context:
    records: list[SourceRecord]  # records that passed the schema check
    settings: Settings
    today: dt.date
    all_records: list[SourceRecord] = field(default_factory=list)  # including broken ones
    _index: dict[tuple[str, str], SourceRecord] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        for record in self.records:
            self._index.setdefault((record.type.key, record.id), record)

    def of_type(self, key: str) -> list[SourceRecord]:
        return [r for r in self.records if r.type.key == key]

    def get(self, type_key: str, record_id: str) -> SourceRecord | None:
        return self._index.get((type_key, record_id))

    def is_public(self, record: SourceRecord) -> bool:
        return is_publishable(record.data, self.today)
