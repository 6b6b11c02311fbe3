"""The deployment files in deploy/ name commands and options that exist, and the compose file
has the web, the workers and PostgreSQL."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import typer
import yaml

from coxswain.cli import app

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def _parses(line: str) -> None:
    """Parse a `coxswain …` command line with the real CLI, without running it."""
    args = shlex.split(line)
    assert Path(args[0]).name == "coxswain", line
    group = typer.main.get_command(app)
    command = group.get_command(group.context_class(group), args[1])  # type: ignore[attr-defined]
    assert command is not None, f"no command {args[1]!r}: {line}"
    command.make_context(args[1], [a.replace("%H", "host").replace("%i", "1") for a in args[2:]])


def test_the_compose_file_runs_web_workers_and_postgres() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert services["db"]["image"].startswith("postgres:")
    assert services["worker"]["deploy"]["replicas"] >= 2
    assert "--no-worker" in services["web"]["command"]
    for name in ("web", "worker"):
        _parses(services[name]["command"])


@pytest.mark.parametrize("unit", sorted((DEPLOY / "systemd").glob("*.service")), ids=str)
def test_each_systemd_unit_starts_a_real_command(unit: Path) -> None:
    (exec_start,) = re.findall(r"^ExecStart=(.+)$", unit.read_text(), flags=re.M)
    _parses(exec_start)
    assert "UMask=0077" in unit.read_text()
