"""``coxswain export`` never destroys what it did not write and leaves no temporary copy."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coxswain.cli import app
from coxswain.tempfiles import SIBLING_PREFIX, clean_stale_siblings
from coxswain.workbook import read_workbook, write

from .conftest import WriteWorkbook

EXAMPLE = Path(__file__).parents[2] / "examples" / "crust_and_crumb"


def export(source: Path, target: Path, *extra: str) -> tuple[int, str]:
    out = CliRunner().invoke(app, ["export", str(source), "--to", str(target), *extra])
    return out.exit_code, out.output.replace("\n", " ")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(SIBLING_PREFIX))


def dead_pid() -> int:
    """The pid of a process that has ended (as a killed export's would be)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_folder_that_is_not_a_workbook_is_refused_and_kept(
    write_workbook: WriteWorkbook, tmp_path: Path
) -> None:
    target = tmp_path / "Documents"
    (target / "photos").mkdir(parents=True)
    (target / "taxes.pdf").write_bytes(b"%PDF precious")
    (target / "photos" / "cat.jpg").write_bytes(b"\xff\xd8 cat")
    before = snapshot(target)
    code, output = export(write_workbook(), target)
    assert code == 1
    assert "not a workbook" in output and "--force" in output and "Traceback" not in output
    assert snapshot(target) == before
    assert leftovers(tmp_path) == []


def test_force_writes_the_workbook_and_keeps_other_files(
    write_workbook: WriteWorkbook, tmp_path: Path
) -> None:
    source = write_workbook()
    target = tmp_path / "Documents"
    target.mkdir()
    (target / "taxes.pdf").write_bytes(b"%PDF precious")
    (target / "company.yaml.bak").write_text("old notes")
    code, output = export(source, target, "--force")
    assert code == 0, output
    assert read_workbook(target) == read_workbook(source)
    assert (target / "taxes.pdf").read_bytes() == b"%PDF precious"
    assert (target / "company.yaml.bak").read_text() == "old notes"
    assert leftovers(tmp_path) == []


def test_a_file_that_is_not_a_workbook_is_not_replaced(
    write_workbook: WriteWorkbook, tmp_path: Path
) -> None:
    source = write_workbook()
    for name in ("holiday.zip", "budget.xlsx"):
        target = tmp_path / name
        target.write_bytes(b"not a workbook")
        code, output = export(source, target)
        assert code == 1 and "not a Coxswain workbook" in output
        assert target.read_bytes() == b"not a workbook"
        code, output = export(source, target, "--force")
        assert code == 0, output
        assert read_workbook(target) == read_workbook(source)
        code, output = export(source, target)  # now it is a workbook: replaced without asking
        assert code == 0, output
    assert leftovers(tmp_path) == []


def test_reexport_keeps_the_salt_and_unknown_files_and_drops_old_tables(
    write_workbook: WriteWorkbook, tmp_path: Path
) -> None:
    target = tmp_path / "book"
    assert export(EXAMPLE, target)[0] == 0
    (target / ".coxswain").mkdir()
    (target / ".coxswain" / "salt").write_text("s3cret-salt\n")
    (target / "NOTES.md").write_text("our notes")
    assert (target / "messages.csv").exists()
    source = write_workbook(messages__csv=None)  # a smaller workbook, without messages.csv
    code, output = export(source, target)
    assert code == 0, output
    assert (target / ".coxswain" / "salt").read_text() == "s3cret-salt\n"
    assert (target / "NOTES.md").read_text() == "our notes"
    assert not (target / "messages.csv").exists()
    assert read_workbook(target) == read_workbook(source)
    assert leftovers(tmp_path) == []


def test_a_folder_with_only_the_salt_counts_as_a_workbook(
    write_workbook: WriteWorkbook, tmp_path: Path
) -> None:
    target = tmp_path / "book"
    (target / ".coxswain").mkdir(parents=True)
    (target / ".coxswain" / "salt").write_text("salt\n")
    assert export(write_workbook(), target)[0] == 0
    assert (target / ".coxswain" / "salt").read_text() == "salt\n"


@pytest.mark.parametrize("name", ["book", "book.zip", "book.xlsx"])
def test_a_failure_midway_leaves_the_target_as_it_was(
    write_workbook: WriteWorkbook,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
) -> None:
    target = tmp_path / name
    assert export(EXAMPLE, target)[0] == 0
    if target.is_dir():
        (target / ".coxswain").mkdir()
        (target / ".coxswain" / "salt").write_text("salt\n")
        before: object = snapshot(target)
    else:
        before = target.read_bytes()
    calls = 0
    real = write.table_csv

    def failing(frame: object) -> bytes:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError(28, "No space left on device")
        return real(frame)  # type: ignore[arg-type]

    monkeypatch.setattr(write, "table_csv", failing)
    monkeypatch.setattr(write, "_write_sheet", lambda *a: failing(a[2]))
    code, output = export(write_workbook(), target)
    assert code == 1
    assert "No space left on device" in output and "nothing was changed" in output
    assert (snapshot(target) if target.is_dir() else target.read_bytes()) == before
    assert leftovers(tmp_path) == []


def test_stale_temporary_copies_of_a_killed_export_are_removed(
    write_workbook: WriteWorkbook, tmp_path: Path
) -> None:
    target = tmp_path / "book"
    assert export(write_workbook(), target)[0] == 0
    pid = dead_pid()
    stale_folder = tmp_path / f"{SIBLING_PREFIX}{pid}-new-abcd1234-book"
    (stale_folder / "sub").mkdir(parents=True)
    (stale_folder / "people.csv").write_text("id,name\nann,Ann\n")
    stale_file = tmp_path / f"{SIBLING_PREFIX}{pid}-new-abcd1234-book.zip"
    stale_file.write_bytes(b"PK half")
    running = tmp_path / f"{SIBLING_PREFIX}{os.getpid()}-new-abcd1234-other"
    running.mkdir()  # a live export's: left alone
    read_workbook(target)  # a read cleans up next to what it reads
    assert leftovers(tmp_path) == [running.name]
    running.rmdir()
    (tmp_path / f"{SIBLING_PREFIX}{pid}-new-abcd1234-book").mkdir()
    assert export(write_workbook(), tmp_path / "book.zip")[0] == 0  # and so does an export
    assert leftovers(tmp_path) == []


def test_a_target_moved_aside_by_a_killed_export_is_put_back(tmp_path: Path) -> None:
    """A kill between 'move the old target aside' and 'move the new one in' (where the
    platform has no atomic exchange) leaves the old target under a temporary name."""
    pid = dead_pid()
    aside = tmp_path / f"{SIBLING_PREFIX}{pid}-old-abcd1234-book"
    aside.mkdir()
    (aside / "company.yaml").write_text("format: 1\n")
    (tmp_path / f"{SIBLING_PREFIX}{pid}-new-abcd1234-book").mkdir()
    clean_stale_siblings(tmp_path)
    assert (tmp_path / "book" / "company.yaml").read_text() == "format: 1\n"
    assert leftovers(tmp_path) == []


KILLED_EXPORT = """
import sys, time
from pathlib import Path
from coxswain.workbook import write

real, calls = write.table_csv, 0

def slow(frame):
    global calls
    calls += 1
    if calls == 3:  # midway: some files written, more to come
        Path(sys.argv[3]).write_text("midway")
        time.sleep(600)
    return real(frame)

write.table_csv = slow
from coxswain.cli import app
app(["export", sys.argv[1], "--to", sys.argv[2]])
"""


@pytest.mark.parametrize("name", ["book", "book.zip"])
def test_an_export_killed_midway_leaves_no_partial_target(
    write_workbook: WriteWorkbook, tmp_path: Path, name: str
) -> None:
    target = tmp_path / "out" / name
    target.parent.mkdir()
    assert export(EXAMPLE, target)[0] == 0
    before = snapshot(target) if target.is_dir() else target.read_bytes()
    marker = tmp_path / "midway"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(KILLED_EXPORT),
            str(write_workbook()),
            str(target),
            str(marker),
        ]
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert proc.poll() is None, "the export ended before it was killed"
            assert time.monotonic() < deadline, "the export never got midway"
            time.sleep(0.05)
        assert leftovers(target.parent) != []  # it was writing next to the target
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert (snapshot(target) if target.is_dir() else target.read_bytes()) == before
    read_workbook(target)  # the next read sweeps what the killed export left
    assert leftovers(target.parent) == []


def test_without_an_atomic_exchange_the_two_renames_still_replace_the_folder(
    write_workbook: WriteWorkbook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "book"
    assert export(EXAMPLE, target)[0] == 0
    (target / ".coxswain").mkdir()
    (target / ".coxswain" / "salt").write_text("salt\n")
    monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    source = write_workbook()
    assert export(source, target)[0] == 0
    assert read_workbook(target) == read_workbook(source)
    assert (target / ".coxswain" / "salt").read_text() == "salt\n"
    assert leftovers(tmp_path) == []
