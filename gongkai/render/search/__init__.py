"""Exact Chinese search: the index the site's `search.js` reads (format: `write.py`).

`text.py` gives each record's normalised searchable text, `gram_index.py` builds the gram lists
over all of it, `shards.py` packs them into files, `ragged.py` holds many small byte strings in
one array, `snippets.py` the text shown beside a hit, `write.py` the files of one index.
"""

from gongkai.render.search.write import FORMAT_VERSION, SearchText, remove_old_indexes, search_files, write_index

__all__ = ["FORMAT_VERSION", "SearchText", "remove_old_indexes", "search_files", "write_index"]
