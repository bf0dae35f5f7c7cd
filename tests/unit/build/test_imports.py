"""Each build process imports what it uses, not what the other one does.

A build is two processes, each a fresh interpreter (gongkai.build.output): the main process
validates and renders pages; the output process reads the records again and writes feeds, open data
and the search index. An import the process never uses is CPU time in every build: NumPy for
the main process (the index is the output process's), feedgen with lxml and dateutil (the feeds
are too), every rule family and every page module for the output process. Each case runs in a
fresh interpreter, as the processes do.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.support.helpers import write_record

ROOT = Path(__file__).resolve().parents[3]

# Used by the output process only.
OUTPUT_ONLY = ("numpy", "feedgen", "lxml", "dateutil", "gongkai.render.search")
# Used by the main process only.
MAIN_ONLY = ("gongkai.validate", "gongkai.render.pages", "jinja2", "mkdocs")


def _loaded(code: str, cwd: Path, names: tuple[str, ...]) -> list[str]:
    """Which of `names` a fresh interpreter has imported after running `code`."""
    probe = code + f"\nimport json, sys\nprint(json.dumps([n for n in {names!r} if n in sys.modules]))\n"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=cwd, capture_output=True, text=True, check=False, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_the_main_process_imports_neither_the_search_index_nor_the_feed_writer():
    assert _loaded("import gongkai.plugin.plugin", ROOT, OUTPUT_ONLY) == []


def test_the_main_process_still_has_the_subscribe_pages_feed_list():
    """`feed_list` (the subscribe page) and the agencies' feed lists come without feedgen."""
    code = "from gongkai.render.feeds import feed_list, section_feed\nfrom gongkai.render.agencies import agency_specs"
    assert _loaded(code, ROOT, OUTPUT_ONLY) == []


def test_the_output_process_imports_neither_validation_nor_pages(tmp_path: Path):
    """The output process's whole work (its steps in one interpreter, as with
    GONGKAI_INDEX_IN_PROCESS=1), up to the release, which this probe refuses."""
    data = tmp_path / "data"
    write_record(data, "documents", "doc", title="一份文件", summary="摘要")
    write_record(data, "interpretations", "int", title="一份解读")
    code = textwrap.dedent(
        f"""
        import datetime as dt, multiprocessing, os, pathlib, sys
        sys.path.insert(0, {str(ROOT)!r})
        os.environ["GONGKAI_INDEX_IN_PROCESS"] = "1"
        from gongkai.build.output import _write_in_child
        from gongkai.build.staging import Staging
        from gongkai.config import Settings
        from gongkai.render.spec import SiteInfo
        settings = Settings(data_dir=pathlib.Path("data"))
        today = dt.date(2024, 12, 31)
        site = SiteInfo("测试站", "https://example.gov.cn/", settings.data_dir / "attachments", today, {{}})
        ours, child = multiprocessing.Pipe()
        ours.send(("cancel", ""))  # the main process would send its release here
        staging = Staging(pathlib.Path("site"))
        _write_in_child(settings, today, site, staging, child)
        assert not (pathlib.Path("site") / "search").exists()  # cancelled: nothing published
        assert "numpy" in sys.modules and "feedgen" in sys.modules  # it did make the index and the feeds
        """
    )
    assert _loaded(code, tmp_path, MAIN_ONLY) == []
