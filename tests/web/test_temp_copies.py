"""No temporary copy of a workbook (names, e-mails, survey text) outlives the request."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from .conftest import workbook_zip


@pytest.fixture
def temp_places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Coxswain's temp root and the system's temp folder, both empty and watched."""
    system = tmp_path / "system-tmp"
    ours = tmp_path / "coxswain-tmp-root"
    system.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system))
    monkeypatch.setenv("COXSWAIN_TMPDIR", str(ours))
    return [system, ours]


def entries(places: list[Path]) -> list[str]:
    """Everything under the places but Coxswain's own (empty) folders."""
    from coxswain.tempfiles import SPOOL, temp_root

    own = {temp_root(), temp_root() / SPOOL}
    return sorted(
        str(p) for place in places if place.exists() for p in place.rglob("*") if p not in own
    )


def test_downloads_leave_no_copy_behind(tenant, login, temp_places, tmp_path) -> None:
    from coxswain.workbook.read import read_workbook

    client = login(tenant.owner)
    for n, fmt in enumerate(["zip", "xlsx"] * 3):
        response = client.get(reverse("insights:download", args=[fmt]))
        assert response.status_code == 200
        out = tmp_path / f"download{n}.{fmt}"
        out.write_bytes(b"".join(response.streaming_content))
        assert read_workbook(out).company.name == "Crust & Crumb Bakery"
    assert entries(temp_places) == []


def test_uploads_good_or_bad_leave_no_copy_behind(tenant, login, temp_places) -> None:
    client = login(tenant.owner)
    for content in (workbook_zip(), workbook_zip({"company.yaml": "format: 1\nname: [\n"})):
        upload = SimpleUploadedFile("bakery.zip", content, content_type="application/zip")
        response = client.post(reverse("insights:data"), {"form": "upload", "workbook": upload})
        assert response.status_code in (200, 302, 400)  # a refused upload answers 400
    assert entries(temp_places) == []


def test_stale_copies_of_a_killed_process_are_removed_at_start(temp_places) -> None:
    from typer.testing import CliRunner

    from coxswain.cli import app
    from coxswain.tempfiles import PREFIX, temp_dir, temp_root, upload_spool

    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()  # a process that is gone, like a killed `coxswain serve`
    root = temp_root()
    killed = root / f"{PREFIX}{proc.pid}-upload-0123456789ab"
    (killed / "extracted").mkdir(parents=True)
    (killed / "extracted" / "people.csv").write_text("id,name,email\nann,Ann,ann@example.com\n")
    spool = upload_spool()
    old_spool = spool / "tmpx1y2z3.upload.zip"  # Django's spool file of a killed upload
    old_spool.write_bytes(b"PK")
    an_hour_ago = time.time() - 3600
    os.utime(old_spool, (an_hour_ago, an_hour_ago))
    fresh_spool = spool / "tmpa1b2c3.upload.zip"  # an upload in progress right now
    fresh_spool.write_bytes(b"PK")
    with temp_dir("download") as live:  # this process's own work in progress
        CliRunner().invoke(app, ["validate", str(root / "no-such-workbook")])
        assert sorted(p.name for p in root.iterdir()) == sorted([live.name, spool.name])
        assert [p.name for p in spool.iterdir()] == [fresh_spool.name]
    assert [p.name for p in root.iterdir()] == [spool.name]
    assert [p.name for p in spool.iterdir()] == [fresh_spool.name]


def test_the_sweep_leaves_what_is_not_coxswains_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """COXSWAIN_TMPDIR=/tmp must not delete other programs' files nor make /tmp 0700."""
    from coxswain.tempfiles import PREFIX, clean_stale, temp_root

    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    shared.chmod(0o1777)
    foreign_file = shared / "other-program.sock"
    foreign_file.write_bytes(b"x")
    foreign_folder = shared / "other-program"
    (foreign_folder / "cache").mkdir(parents=True)
    look_alike = shared / f"{PREFIX}1-upload-0123456789ab"  # ours only inside our subfolder
    look_alike.mkdir()
    a_day_ago = time.time() - 2 * 24 * 3600
    for path in (foreign_file, foreign_folder, look_alike):
        os.utime(path, (a_day_ago, a_day_ago))
    monkeypatch.setenv("COXSWAIN_TMPDIR", str(shared))
    clean_stale()
    assert foreign_file.exists() and (foreign_folder / "cache").is_dir() and look_alike.is_dir()
    assert shared.stat().st_mode & 0o7777 == 0o1777
    assert temp_root() == shared / f"coxswain-{os.getuid()}"
    assert temp_root().stat().st_mode & 0o777 == 0o700


def test_a_symlinked_temp_root_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from coxswain.tempfiles import clean_stale, temp_dir, temp_root

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    precious = elsewhere / "precious.txt"
    precious.write_text("keep")
    os.utime(precious, (0, 0))
    mode = elsewhere.stat().st_mode
    base = tmp_path / "base"
    base.mkdir()
    (base / f"coxswain-{os.getuid()}").symlink_to(elsewhere)
    monkeypatch.setenv("COXSWAIN_TMPDIR", str(base))
    with pytest.raises(PermissionError, match="is a symbolic link"):
        temp_root()
    with pytest.raises(PermissionError, match="is a symbolic link"), temp_dir("upload"):
        pass
    assert clean_stale() == []
    assert precious.read_text() == "keep"
    assert elsewhere.stat().st_mode == mode
