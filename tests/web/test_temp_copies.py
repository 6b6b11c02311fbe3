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
    return sorted(str(p) for place in places if place.exists() for p in place.iterdir())


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
    from coxswain.tempfiles import PREFIX, temp_dir, temp_root

    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()  # a process that is gone, like a killed `coxswain serve`
    root = temp_root()
    killed = root / f"{PREFIX}{proc.pid}-upload-0123456789ab"
    (killed / "extracted").mkdir(parents=True)
    (killed / "extracted" / "people.csv").write_text("id,name,email\nann,Ann,ann@example.com\n")
    old_spool = root / "tmpx1y2z3.upload.zip"  # Django's spool file of a killed upload
    old_spool.write_bytes(b"PK")
    an_hour_ago = time.time() - 3600
    os.utime(old_spool, (an_hour_ago, an_hour_ago))
    fresh_spool = root / "tmpa1b2c3.upload.zip"  # an upload in progress right now
    fresh_spool.write_bytes(b"PK")
    with temp_dir("download") as live:  # this process's own work in progress
        CliRunner().invoke(app, ["validate", str(root / "no-such-workbook")])
        assert sorted(p.name for p in root.iterdir()) == sorted([live.name, fresh_spool.name])
    assert [p.name for p in root.iterdir()] == [fresh_spool.name]
