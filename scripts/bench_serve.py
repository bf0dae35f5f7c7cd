"""Editor preview at scale: from saving a record to the served page showing the change.

    python scripts/bench_serve.py PROJECT [--edits 3]     (PROJECT: a generated project, e.g.
    `scripts/generate_records.py /tmp/p -n 10000`; its files are restored afterwards)

Starts `mkdocs serve` (what `make serve` runs) on PROJECT, waits for the first build, then for
each edit: saves a change to one public document, polls the record's served page until it shows
the change, and takes the time from the save. Two kinds of edit: a paragraph added to the body
(only the record's page and pages linked to it change), and a changed title (the listing pages
that show it change too). Between edits it waits until the background refresh of feeds, open data
and the search index has finished, as an editor reading the preview would. Reports each time,
the median and the maximum (target ≤ 5 s), the server's CPU time for each save (the steadier
figure on a busy machine), and the first build's time.

Importable: `run(project, edits) -> dict` (scripts/benchmark.py calls it).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench_process import env_with
from synthetic import vocabulary

from gongkai.config import source_date_epoch

BIN = Path(sys.executable).parent
TARGET_SECONDS = 5.0


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=600) as answer:
        return answer.read().decode("utf-8")


def _children(pid: int) -> list[str]:
    """The running (not zombie) child processes of `pid`."""
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    running = []
    for child in found:
        try:
            if "\nState:\tZ" not in Path(f"/proc/{child}/status").read_text():
                running.append(child)
        except OSError:
            pass
    return running


def _cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by the process `pid` itself (its live children aside)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _pick_document(project: Path, base: str) -> Path:
    """A public document with its body in the YAML file (a `body: |` block)."""
    for path in sorted((project / "data" / "documents").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if "\nbody: |\n" in text and "disclosure: 主动公开" in text and "\ndraft: true" not in text:
            try:
                _get(f"{base}documents/{path.stem}/")
            except OSError:
                continue
            return path
    raise SystemExit("no public document with a body block in the project")


def _body_edit(text: str, marker: str) -> str:
    head, rest = text.split("\nbody: |\n", 1)
    indent = re.match(r"[ ]*", rest).group(0) or "  "
    return f"{head}\nbody: |\n{indent}{marker}\n\n{rest}"


def _title_edit(text: str, marker: str) -> str:
    return re.sub(r"^title: (.*)$", lambda m: f"title: {m.group(1)}{marker}", text, count=1, flags=re.M)


def run(project: Path, edits: int = 3, env: dict[str, str] | None = None) -> dict[str, Any]:
    project = Path(project).resolve()
    port = _port()
    base = f"http://127.0.0.1:{port}/"
    command = [str(BIN / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}", "-f", "mkdocs.yml"]
    log: list[str] = []
    ready = threading.Event()
    start = time.perf_counter()
    server = subprocess.Popen(
        command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )

    def read() -> None:
        assert server.stderr is not None
        for line in server.stderr:
            log.append(line)
            if "Serving on" in line:
                ready.set()
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    ready.wait()
    first_build = time.perf_counter() - start
    if server.poll() is not None:
        raise SystemExit("mkdocs serve failed:\n" + "".join(log[-40:]))
    idle = len(_children(server.pid))  # processes the server keeps (none expected)
    record = _pick_document(project, base)
    original = record.read_text(encoding="utf-8")
    page = f"{base}documents/{record.stem}/"
    times: dict[str, list[float]] = {"body": [], "title": []}
    cpu: dict[str, list[float]] = {
        "body": [],
        "title": [],
    }  # the server's CPU time per save (steadier on a busy machine)
    try:
        for number in range(edits):
            for kind, edit in (("body", _body_edit), ("title", _title_edit)):
                while len(_children(server.pid)) > idle:  # the previous edit's background refresh
                    time.sleep(0.2)
                marker = f"预览计时{kind}{number}"
                saved, used = time.perf_counter(), _cpu(server.pid)
                record.write_text(edit(original, marker), encoding="utf-8")
                while marker not in _get(page):
                    time.sleep(0.05)
                times[kind].append(time.perf_counter() - saved)
                cpu[kind].append(_cpu(server.pid) - used)
                record.write_text(original, encoding="utf-8")
                while marker in _get(page):
                    time.sleep(0.05)
    finally:
        record.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=120)
    every = times["body"] + times["title"]
    return {
        "record": str(record.relative_to(project)),
        "first_build_seconds": round(first_build, 2),
        "body_edit_seconds": [round(t, 2) for t in times["body"]],
        "title_edit_seconds": [round(t, 2) for t in times["title"]],
        "body_edit_cpu_seconds": [round(t, 2) for t in cpu["body"]],
        "title_edit_cpu_seconds": [round(t, 2) for t in cpu["title"]],
        "median_seconds": round(statistics.median(every), 2),
        "max_seconds": round(max(every), 2),
        "within_target": max(every) <= TARGET_SECONDS,
        "build_log": [line.strip() for line in log if "built in" in line][-6:],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="a generated project (scripts/generate_records.py)")
    parser.add_argument("--edits", type=int, default=3, help="edits of each kind (default 3)")
    args = parser.parse_args(argv)
    # Built for the date the records are generated for, as scripts/benchmark.py's builds are.
    env = env_with(SOURCE_DATE_EPOCH=source_date_epoch(vocabulary.TODAY))
    print(json.dumps(run(args.project, args.edits, env), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
