"""`make cms`: the editors' CMS on this checkout, with no server of the agency's at all.

Starts Decap CMS's local backend (decap-server from node_modules, port 8081, writing into this
checkout: the form's records land in data/) and `mkdocs serve` with mkdocs.yml's gongkai plugin
given `cms_enabled` and `cms_local_backend` (mkdocs.yml itself is not changed). The editor opens
http://127.0.0.1:8000/admin/; each save rebuilds the preview in seconds. Ctrl-C stops both.

Usage: python scripts/cms.py [mkdocs.yml]
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from mkdocs.commands.serve import serve
from mkdocs.utils.yaml import yaml_load

PORT = 8081


def cms_plugins(config_file: Path, port: int = PORT) -> list:
    """mkdocs.yml's plugins with the CMS turned on in local-backend mode (decap-server on `port`)."""
    with config_file.open(encoding="utf-8") as f:
        plugins = yaml_load(f)["plugins"]
    for plugin in plugins:
        if isinstance(plugin, dict) and "gongkai" in plugin:
            block = plugin["gongkai"] or {}
            block.setdefault("settings", {}).update(cms_enabled=True, cms_local_backend=True, cms_local_port=port)
            plugin["gongkai"] = block
            return plugins
    raise SystemExit(f"{config_file} 中没有 gongkai 插件。")


def start_backend(root: Path, port: int = PORT) -> subprocess.Popen:
    """decap-server writing into the checkout at `root` (files only: the editor commits)."""
    server = root / "node_modules" / "decap-server" / "dist" / "index.js"
    if not server.is_file():
        raise SystemExit(f"找不到 {server}：请先运行 `npm ci --ignore-scripts`（或 make node_modules/.installed）。")
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "GIT_REPO_DIRECTORY": str(root), "MODE": "fs"}
    return subprocess.Popen(["node", str(server)], env=env)


def main(config_file: Path) -> None:
    backend = start_backend(config_file.resolve().parent)
    try:
        print("编辑后台：http://127.0.0.1:8000/admin/ （按 Ctrl-C 停止）", flush=True)
        serve(config_file=str(config_file), plugins=cms_plugins(config_file))
    except KeyboardInterrupt:
        pass
    finally:
        backend.terminate()
        backend.wait(timeout=10)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "mkdocs.yml"))
