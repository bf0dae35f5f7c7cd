"""Generate a complete gongkai project of N synthetic records, for benchmarks and load tests.

    python scripts/generate_records.py OUT_DIR [-n 10000] [--seed 0]

Writes OUT_DIR/data/ (records of the seven types, spread like a real agency's: mostly documents,
interpretations and powers, some decisions and consultations, a few annual reports), the
attachment files they name under data/attachments/ (real PDF, Word and Excel files with realistic
text, and CSV and text files), a mkdocs.yml copied from the repository's
(site_url kept) and content/guide.md. The records vary the shapes of the demonstration records in
data/ with new unique ids, document numbers (豫管〔2015〕123号, years 2005–2026), index numbers and
consistent dates, so that `gongkai validate --today 2026-11-27` finds no error; every reference
(interprets, amends, repealed.by, consultation, decision_document, related) points to a generated
record of the right type, public whenever the referring record is. Bodies are Chinese text made of
words drawn by frequency from jieba's dictionary, in paragraphs under a few Markdown headings.

Deterministic for a given N and seed. Importable: `generate(out_dir, n, seed) -> dict` (counts).
The records are made by the `synthetic` package beside this script (one module per concern).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic.project import Generator
from synthetic.yaml_text import record_text

ROOT = Path(__file__).resolve().parent.parent
MARKER = ".gongkai-generated"


def generate(out_dir: Path, n: int = 10_000, seed: int = 0) -> dict[str, Any]:
    """Write a complete gongkai project of `n` records into `out_dir`; return what was written."""
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / MARKER).exists():
        raise SystemExit(f"{out_dir} 已存在且不是本脚本生成的项目；请换一个目录。")
    for name in ("data", "content", "site"):
        shutil.rmtree(out_dir / name, ignore_errors=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MARKER).write_text(f"n={n} seed={seed}\n", encoding="utf-8")

    generator = Generator(n, seed)
    records = generator.build()
    data_dir = out_dir / "data"
    made: set[Path] = set()
    for rec in records:
        folder = data_dir / rec.type
        if folder not in made:
            folder.mkdir(parents=True, exist_ok=True)
            made.add(folder)
        if rec.body_in_md and "body" in rec.data:
            body = rec.data.pop("body")
            (folder / f"{rec.id}.md").write_text(body + "\n", encoding="utf-8")
        (folder / f"{rec.id}.yaml").write_text(record_text(rec), encoding="utf-8")
    for relative, content in sorted(generator.attachments.items()):
        target = data_dir / "attachments" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)

    shutil.copyfile(ROOT / "mkdocs.yml", out_dir / "mkdocs.yml")  # as is: same theme, plugin settings, site_url
    shutil.copytree(ROOT / "content", out_dir / "content")  # the hand-written pages: guide.md

    by_type: dict[str, int] = {}
    for rec in records:
        by_type[rec.type] = by_type.get(rec.type, 0) + 1
    return {
        "records": len(records),
        "public": sum(r.public for r in records),
        "by_type": by_type,
        "attachments": len(generator.attachments),
        "md_bodies": sum(r.body_in_md for r in records),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="目标目录（将写入 data/、content/ 和 mkdocs.yml）")
    parser.add_argument("-n", type=int, default=10_000, help="记录条数（默认 10000）")
    parser.add_argument("--seed", type=int, default=0, help="随机种子（默认 0）")
    args = parser.parse_args(argv)
    summary = generate(args.out_dir, args.n, args.seed)
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
