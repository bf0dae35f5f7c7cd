"""Load stage: files under `data/` -> records (`SourceRecord`: plain data, where each value stands).

`files.py` reads one YAML file strictly (`LoadedFile`), `yaml_errors.py` explains its syntax
errors, `numbers.py` keeps how a float was written, `tidy.py` corrects slips with one meaning, `characters.py` defines what may not stand in a
record's text, `records.py` finds and loads every record with its body file, `folder.py` keeps
what is read inside its folder once symbolic links are followed, `data.py` walks loaded data
(`value_at`, `walk`) for every stage, and `attachments/` reads what is inside the files a record
publishes.
"""

from gongkai.load.files import LoadedFile, collector_paused, load_file
from gongkai.load.records import YAML_SUFFIXES, SourceRecord, discover, display_path, load_records, records_digest

__all__ = [
    "YAML_SUFFIXES",
    "LoadedFile",
    "SourceRecord",
    "collector_paused",
    "discover",
    "display_path",
    "load_file",
    "load_records",
    "records_digest",
]
