"""environment.yml describes the same environment as pyproject.toml."""
from __future__ import annotations

import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_environment_yml_pins_match_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    wanted = set(project["dependencies"]) | set(extras["dev"]) | set(extras["samples"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    pinned = {p for p in pip if not p.startswith("-e")}
    assert pinned == wanted
    assert "python=3.11" in env["dependencies"]
    assert all("==" in p for p in wanted), "every dependency is pinned"


def test_every_cli_command_is_documented_in_the_readme():
    from typer.main import get_command

    from ccaudit.cli import app

    readme = (ROOT / "README.md").read_text()
    group = get_command(app)
    for name, sub in group.commands.items():
        for command in getattr(sub, "commands", {}):
            assert f"ccaudit {name} {command}" in readme


def test_faker_is_an_extra_and_the_tool_runs_without_it():
    """The sample generator's Faker is in the [samples] extra (and [dev]), not in a user's
    install; no module of the tool itself imports it."""
    import subprocess
    import sys

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert not any(d.lower().startswith("faker") for d in project["dependencies"])
    assert any(d.lower().startswith("faker==") for d in project["optional-dependencies"]["samples"])
    code = ("import sys; import ccaudit.cli, ccaudit.detect.exports, ccaudit.detect.transcripts, "
            "ccaudit.index.build, ccaudit.index.lookup, ccaudit.report.run, ccaudit.audit.readiness, "
            "ccaudit.audit.retention; assert 'faker' not in sys.modules, 'faker imported'")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-500:]
