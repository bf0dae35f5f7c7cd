"""Attachments: what is inside the files a record publishes (PDF, Word, Excel, text).

`read.Library` reads each attachment once with a maintained parser (`pdf.py`: pypdfium2;
`office.py`: python-docx and openpyxl), caches what it found by the file's SHA-256 under the
cache directory, and hands out `Extracted` (`extracted.py`): the detected type, size, hash, page count, the text
with its locations, and the hidden content (tracked changes, comments, people named in the
metadata). Validation (`gongkai.validate.attachments`, `gongkai.validate.attachment_personal`),
the record pages, open data and search read attachments only through it.
"""

from gongkai.load.attachments.extracted import Extracted
from gongkai.load.attachments.read import Library

__all__ = ["Extracted", "Library"]
