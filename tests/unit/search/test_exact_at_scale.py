"""The search index is exact at scale: on a few thousand generated records (the search benchmark's
corpus, attachments included) and with the thresholds the site uses (`Limits()`), every query of
the search benchmark (`scripts/bench_search.py` `query_pairs`: cuts from the records' text and its
common words and numbers) finds exactly the records whose searchable text contains it, with the
number of occurrences and the title flag, in the specified order: the ground truth is a
brute-force substring search over `search_text` of every public record.

The reader is the Python mirror of search.js (tests/support/search_reader.py).
"""

from __future__ import annotations

import re

import pytest
from bench_search import query_pairs
from synthetic.search_corpus import make_catalog

from gongkai.render.search.write import SEPARATOR, normalise_query, search_files, search_text
from tests.support.search_reader import Reader

RECORDS = 3_000


@pytest.fixture(scope="module")
def scale(tmp_path_factory):
    catalog = make_catalog(RECORDS, attachments=tmp_path_factory.mktemp("attachments"))
    texts = [search_text(record) for record in catalog.public()]
    return texts, Reader(search_files(catalog))


def brute_force(texts: list[str], raw: str) -> list[tuple[int, int, bool]]:
    """(record number, occurrences, title hit), title hits first, then more occurrences, then newer."""
    query = normalise_query(raw)
    pattern = re.compile("(?=" + re.escape(query) + ")")
    found = []
    for number, text in enumerate(texts):
        count = len(pattern.findall(text))
        if count:
            found.append((number, count, query in text.split(SEPARATOR, 1)[0]))
    return sorted(found, key=lambda t: (not t[2], -t[1], t[0]))


def test_every_benchmark_query_is_exact(scale):
    texts, reader = scale
    assert sum(map(len, texts)) > 4_000_000  # a corpus at scale: the site's thresholds are all at work
    queries = [query for pair in query_pairs(texts, pairs=100) for query in pair]
    assert len(set(queries)) == len(queries) == 208
    for query in queries:
        expected = brute_force(texts, query)
        assert expected, query  # every benchmark query occurs somewhere
        assert [(h.number, h.count, h.title) for h in reader.search(query)] == expected, query
