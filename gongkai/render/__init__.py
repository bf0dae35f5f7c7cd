"""Rendering: record text to safe HTML, pages, feeds, exports and the search index.

`spec.py` is the page contract (`PageSpec`, `SiteInfo`) that the build and the plugin read."""
