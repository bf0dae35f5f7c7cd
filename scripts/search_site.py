"""A standalone search site for the search benchmark and the search tests: the results page as the
plugin makes it, the search script and styles, a home page with the header form, and a catalog
page; served by `http.server` counting the bytes it sends (opened with scripts/chromium.py `launch`)."""

from __future__ import annotations

import email.utils
import gzip
import http.server
import io
import re
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ASSETS = ROOT / "gongkai" / "assets"
PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{title}</title><link rel="stylesheet" href="{root}assets/gongkai/search.css"></head>
<body><header><form id="gk-header-search" class="gk-header-search" role="search" action="{root}search/" method="get">
<label for="gk-header-q" class="gk-visually-hidden">搜索本站</label>
<input id="gk-header-q" name="q" type="search" placeholder="搜索本站" autocomplete="off"><button type="submit">搜索</button>
</form></header><main class="md-typeset">{content}</main></body></html>
"""


def search_page_html() -> str:
    """The results page as the plugin makes it: search.md.j2 rendered, then Markdown to HTML."""
    import markdown

    from gongkai.render.pages import environment
    from gongkai.types import RECORD_TYPES

    text = environment().get_template("search.md.j2").render(types=RECORD_TYPES)
    return markdown.markdown(text, extensions=["tables", "attr_list", "toc"])


def write_site(files: dict[str, bytes], root: Path) -> Path:
    """A minimal site directory around the search files: /search/ (the results page and index),
    /assets/gongkai/, a home page with the header form, and a catalog page."""
    for relative, content in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    (root / "search").mkdir(parents=True, exist_ok=True)
    (root / "search" / "index.html").write_text(
        PAGE.format(title="搜索 - 测试站点", root="../", content=search_page_html()), encoding="utf-8"
    )
    (root / "index.html").write_text(
        PAGE.format(title="首页 - 测试站点", root="", content="<h1>首页</h1><p><a href='catalog/'>公开目录</a></p>"),
        encoding="utf-8",
    )
    (root / "catalog").mkdir(exist_ok=True)
    (root / "catalog" / "index.html").write_text(
        PAGE.format(title="公开目录", root="../", content="<h1>公开目录</h1>"), encoding="utf-8"
    )
    assets = root / "assets" / "gongkai"
    assets.mkdir(parents=True, exist_ok=True)
    for name in ("search.js", "search.css"):
        (assets / name).write_bytes((ASSETS / name).read_bytes())
    return root


# What the host compresses. GitHub Pages, where the publish workflow deploys, gzips its responses on
# the fly (github.com/community/community discussions 21655: "GitHub Pages currently support
# on-the-fly gzip compression") for text types; its documentation lists none, so only the types
# every such host compresses are compressed here. The index's .bin files are
# application/octet-stream, sent as they are (and they are zlib data already).
COMPRESSED = frozenset({".html", ".js", ".css", ".json", ".txt", ".svg", ".xml"})


class Server:
    """http.server on a free local port in a thread, serving as the host does: gzip
    (Content-Encoding) for the text types it compresses (COMPRESSED), when the client accepts it,
    and files as they are otherwise. Counts the bytes it sends, per request: `log` holds
    (path, bytes sent with headers, the same with the body before compression)."""

    def __init__(self, root: Path):
        log = self.log = []

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(root), **kwargs)

            def log_message(self, *args):
                pass

            def end_headers(self):
                self.send_header("Cache-Control", "no-cache")
                super().end_headers()

            def flush_headers(self):
                self._gk_headers = sum(len(h) for h in getattr(self, "_headers_buffer", []))
                super().flush_headers()

            def do_GET(self):
                """A range request (`bytes=a-b`, as search.js asks for one record's text) gets
                206 and those bytes, as GitHub and GitLab Pages answer it; a file of a type the
                host compresses is sent gzipped to a client that accepts it."""
                self._gk_raw = None
                ranged = re.fullmatch(r"bytes=(\d+)-(\d+)", self.headers.get("Range", ""))
                path = Path(self.translate_path(self.path))
                if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
                    path = path / "index.html"
                if not ranged and path.is_file() and path.suffix in COMPRESSED and self._accepts_gzip():
                    return self._send_gzipped(path)
                if not ranged or not path.is_file():
                    return super().do_GET()
                data = path.read_bytes()
                start, end = int(ranged[1]), min(int(ranged[2]), len(data) - 1)
                self.send_response(206)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
                self.send_header("Content-Length", str(end + 1 - start))
                self.end_headers()
                self.copyfile(io.BytesIO(data[start : end + 1]), self.wfile)
                return None

            def _accepts_gzip(self) -> bool:
                return any(
                    part.split(";")[0].strip() == "gzip" for part in self.headers.get("Accept-Encoding", "").split(",")
                )

            def _send_gzipped(self, path: Path) -> None:
                modified = int(path.stat().st_mtime)
                since = self.headers.get("If-Modified-Since")
                if since and "If-None-Match" not in self.headers:
                    try:
                        unchanged = email.utils.parsedate_to_datetime(since).timestamp() >= modified
                    except (TypeError, ValueError, IndexError, OverflowError):
                        unchanged = False
                    if unchanged:
                        return super().do_GET()  # 304, as for any other file
                data = path.read_bytes()
                body = gzip.compress(data, compresslevel=6, mtime=0)
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Vary", "Accept-Encoding")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Last-Modified", self.date_time_string(modified))
                self.end_headers()
                self._gk_raw = len(data)
                self.copyfile(io.BytesIO(body), self.wfile)
                return None

            def copyfile(self, source, outputfile):
                data = source.read()
                outputfile.write(data)
                raw = len(data) if self._gk_raw is None else self._gk_raw
                log.append((self.path, self._gk_headers + len(data), self._gk_headers + raw))

            def send_error(self, code, message=None, explain=None):
                super().send_error(code, message, explain)
                log.append((self.path, 0, 0))

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def wait_for_results(page, timeout: float = 30_000) -> str:
    page.wait_for_selector(
        "[data-search-results][data-search-state=done], [data-search-results][data-search-state=error]",
        state="attached",
        timeout=timeout,
    )
    return page.get_attribute("[data-search-results]", "data-search-state")
