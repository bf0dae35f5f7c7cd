"""`gongkai portal --changed-since`: the agencies whose project folder changed, for CI's matrix."""

from __future__ import annotations

import subprocess
from pathlib import Path

from gongkai.cli.main import main


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout.strip()


def _commit(root: Path, message: str) -> str:
    _git(root, "add", "-A")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", message)
    return _git(root, "rev-parse", "HEAD")


def _province(root: Path) -> Path:
    _git(root, "init", "-q")
    lines = ["site_name: 某省政务公开平台", "agencies:"]
    for agency in ("a", "b", "c"):
        (root / "province" / "agencies" / agency / "data").mkdir(parents=True)
        (root / "province" / "agencies" / agency / "data" / "x.yaml").write_text("id: x\n", encoding="utf-8")
        lines += [f"  - id: {agency}", f"    name: 机关{agency}", f"    output: outputs/agency-{agency}"]
        lines += [f"    source: agencies/{agency}"]
    (root / "province" / "portal.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "gongkai").mkdir()
    (root / "gongkai" / "engine.py").write_text("", encoding="utf-8")
    return root / "province" / "portal.yml"


def _changed(config: Path, since: str, capsys) -> list[str]:
    assert main(["portal", str(config), "--changed-since", since]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("agencies=") and out[1].startswith("rebuild=")
    return out[1].removeprefix("rebuild=").split(",")


def test_only_the_agencies_whose_folder_changed_rebuild(tmp_path: Path, capsys):
    config = _province(tmp_path)
    first = _commit(tmp_path, "one")
    (tmp_path / "province" / "agencies" / "b" / "data" / "y.yaml").write_text("id: y\n", encoding="utf-8")
    second = _commit(tmp_path, "b changed")
    assert _changed(config, first, capsys) == ["b"]
    (config).write_text(config.read_text(encoding="utf-8").replace("某省", "另一省"), encoding="utf-8")
    third = _commit(tmp_path, "portal.yml only")
    assert _changed(config, second, capsys) == ["none"]
    (tmp_path / "gongkai" / "engine.py").write_text("# new engine\n", encoding="utf-8")
    _commit(tmp_path, "engine changed")
    assert _changed(config, third, capsys) == ["a", "b", "c"]  # outside every agency: all rebuild
    assert _changed(config, "0" * 40, capsys) == ["a", "b", "c"]  # a new branch: no earlier commit
    assert _changed(config, "no-such-commit", capsys) == ["a", "b", "c"]
