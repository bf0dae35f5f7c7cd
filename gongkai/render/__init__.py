"""Rendering: record text to safe HTML, pages, feeds, exports and the search index."""
