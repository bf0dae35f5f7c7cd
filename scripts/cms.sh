#!/bin/sh
# `make cms`: Decap CMS's local backend (decap-server on port 8081, writing into this checkout) and
# `mkdocs serve` with the CMS turned on (GONGKAI_CMS, read by mkdocs.yml's `!ENV`). Ctrl-C stops both.
set -eu
BIN=${1:-.venv/bin}
PORT=8081 BIND_HOST=127.0.0.1 GIT_REPO_DIRECTORY="$(pwd)" MODE=fs node node_modules/decap-server/dist/index.js &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT INT TERM
echo "编辑后台：http://127.0.0.1:8000/admin/ （按 Ctrl-C 停止）"
GONGKAI_CMS=true "$BIN/mkdocs" serve
