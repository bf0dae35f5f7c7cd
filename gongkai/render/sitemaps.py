"""Sitemaps (sitemaps.org protocol 0.9), split as the protocol requires.

A sitemap file may list at most 50,000 URLs (and 50 MB). Up to that, `sitemap.xml` is one
`<urlset>`, as MkDocs writes it; beyond it, `sitemap.xml` becomes a sitemap index naming
`sitemaps/sitemap-1.xml`, `sitemaps/sitemap-2.xml` ... of at most 50,000 URLs each, so the address
crawlers already know keeps working. `sitemap.xml.gz` (which MkDocs also writes) is the gzipped
`sitemap.xml`, with a fixed timestamp so that two builds are byte-identical.
"""

from __future__ import annotations

import gzip
from collections.abc import Sequence
from xml.sax.saxutils import escape

PROTOCOL_LIMIT = 50_000  # URLs per sitemap file
_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def sitemap_files(
    urls: Sequence[tuple[str, str | None]], site_url: str, limit: int = PROTOCOL_LIMIT
) -> dict[str, bytes]:
    """Site-relative path -> bytes of the sitemap(s) for `urls`, (absolute URL, lastmod date or None).

    `site_url` (ending in "/") makes the index's links absolute, as the protocol asks; without one
    they are root-relative.
    """
    chunks = [urls[start : start + limit] for start in range(0, len(urls), limit)] or [urls]
    if len(chunks) == 1:
        files = {"sitemap.xml": _urlset(chunks[0])}
    else:
        base = site_url if site_url.endswith("/") else (site_url + "/" if site_url else "/")
        files = {f"sitemaps/sitemap-{number}.xml": _urlset(chunk) for number, chunk in enumerate(chunks, 1)}
        lastmods = [max((m for _, m in chunk if m), default=None) for chunk in chunks]
        entries = "".join(
            f"<sitemap><loc>{escape(base + name)}</loc>{_lastmod(lastmod)}</sitemap>\n"
            for name, lastmod in zip(files, lastmods)
        )
        files["sitemap.xml"] = f'{_HEAD}<sitemapindex xmlns="{_NS}">\n{entries}</sitemapindex>\n'.encode()
    files["sitemap.xml.gz"] = gzip.compress(files["sitemap.xml"], mtime=0)
    return files


def _urlset(urls: Sequence[tuple[str, str | None]]) -> bytes:
    entries = "".join(f"<url><loc>{escape(loc)}</loc>{_lastmod(lastmod)}</url>\n" for loc, lastmod in urls)
    return f'{_HEAD}<urlset xmlns="{_NS}">\n{entries}</urlset>\n'.encode()


def _lastmod(value: str | None) -> str:
    return f"<lastmod>{escape(value)}</lastmod>" if value else ""
