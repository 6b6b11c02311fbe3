"""mbox and Maildir importer."""

from __future__ import annotations

import datetime as dt
import mailbox
from email.message import EmailMessage
from pathlib import Path

import polars as pl
import pytest

from coxswain.importers.mail import import_mail
from coxswain.workbook.problems import WorkbookError


def _mail(
    frm: str,
    to: str,
    date: str | None,
    *,
    cc: str | None = None,
    bcc: str | None = None,
    mid: str | None = None,
    body: str = "Hello",
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = frm
    msg["To"] = to
    if cc:
        msg["Cc"] = cc
    if bcc:
        msg["Bcc"] = bcc
    if date:
        msg["Date"] = date
    if mid:
        msg["Message-ID"] = mid
    msg["Subject"] = "Status"
    msg.set_content(body)
    return msg


MAILS = [
    _mail(
        '"Anna K" <anna@loop.test>',
        "Ben <ben@loop.test>",
        "Mon, 02 Mar 2026 09:00:00 +0100",
        cc="carl@loop.test, client@customer.test",
        mid="<1@loop.test>",
        body="Plan for Q2",
    ),
    _mail(
        "ben@loop.test",
        "anna@loop.test",
        "Mon, 02 Mar 2026 10:30:00 +0000",
        bcc="erik@loop.test",
        mid="<2@loop.test>",
    ),
    _mail(
        "client@customer.test",
        "anna@loop.test",
        "Tue, 03 Mar 2026 08:00:00 -0500",
        mid="<3@customer.test>",
    ),
    # the same message as the first, found again in another mailbox copy
    _mail(
        "anna@loop.test", "ben@loop.test", "Mon, 02 Mar 2026 09:00:00 +0100", mid="<1@loop.test>"
    ),
    _mail("ERIK@LOOP.TEST", "anna@loop.test; ben@loop.test", "Wed, 04 Mar 2026 12:00:00 GMT"),
]


@pytest.fixture
def mbox_path(tmp_path: Path) -> Path:
    path = tmp_path / "archive.mbox"
    box = mailbox.mbox(path)
    for m in MAILS:
        box.add(m)
    box.flush()
    box.close()
    return path


def _people() -> pl.DataFrame:
    from conftest import people_frame

    return people_frame(
        [
            {"id": "anna", "email": "anna@loop.test"},
            {"id": "ben", "email": "ben@loop.test"},
            {"id": "carl", "handles": "carl@loop.test"},
            {"id": "erik", "email": "erik@loop.test"},
        ]
    )


def test_mbox_headers(mbox_path: Path) -> None:
    result = import_mail(mbox_path, people=_people())
    rows = result.messages.to_dicts()
    assert [(r["sender"], r["recipients"], r["channel"]) for r in rows] == [
        ("anna", "ben;carl", "email"),
        ("ben", "anna", "email"),  # Bcc left out
        ("erik", "anna;ben", "email"),
    ]
    assert rows[0]["timestamp"] == dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    assert "text" not in result.messages.columns
    report = result.report
    assert report.messages == 3
    assert report.unresolved_senders == {"client@customer.test": 1}
    assert report.unresolved_recipients == {"client@customer.test": 1}
    assert report.skipped["copy of a message already read (same Message-ID)"] == 1
    assert any("client@customer.test: 1" in line for line in report.lines())


def test_mbox_with_text(mbox_path: Path) -> None:
    result = import_mail(mbox_path, people=_people(), with_text=True)
    assert result.messages["text"][0] == "Plan for Q2"


def test_maildir(tmp_path: Path) -> None:
    box = mailbox.Maildir(tmp_path / "Maildir")
    for m in MAILS:
        box.add(m)
    box.close()
    result = import_mail(tmp_path / "Maildir", people=_people())
    assert sorted(zip(result.messages["sender"], result.messages["recipients"], strict=True)) == [
        ("anna", "ben;carl"),
        ("ben", "anna"),
        ("erik", "anna;ben"),
    ]


def test_broken_messages_all_reported_with_lines(tmp_path: Path) -> None:
    path = tmp_path / "broken.mbox"
    path.write_bytes(
        b"From anna@loop.test Mon Mar  2 09:00:00 2026\n"
        b"From: anna@loop.test\nTo: ben@loop.test\nDate: Mon, 02 Mar 2026 09:00:00 +0000\n\nok\n\n"
        b"From x Mon Mar  2 09:00:00 2026\n"
        b"From: ben@loop.test\nTo: anna@loop.test\nSubject: no date\n\nbody\n\n"
        b"From x Mon Mar  2 09:00:00 2026\n"
        b"To: anna@loop.test\nDate: Mon, 02 Mar 2026 09:00:00 +0000\n\nno sender\n\n"
        b"From x Mon Mar  2 09:00:00 2026\n"
        b"From: ben@loop.test\nTo: anna@loop.test\nDate: someday\n\nbad date\n"
    )
    with pytest.raises(WorkbookError) as info:
        import_mail(path, people=_people())
    assert [str(p) for p in info.value.problems] == [
        "broken.mbox:8: message 2: no valid Date header (None)",
        "broken.mbox:15: message 3: no From address",
        "broken.mbox:21: message 4: no valid Date header ('someday')",
    ]


def test_not_a_mailbox(tmp_path: Path) -> None:
    with pytest.raises(WorkbookError, match="not a Maildir"):
        import_mail(tmp_path, people=_people())
    with pytest.raises(WorkbookError, match="no such file"):
        import_mail(tmp_path / "nope.mbox", people=_people())


def test_non_utf8_headers_are_read(tmp_path: Path) -> None:
    path = tmp_path / "latin1.mbox"
    path.write_bytes(
        b"From x Mon Mar  2 09:00:00 2026\n"
        b"From: =?iso-8859-1?q?Jos=E9?= <anna@loop.test>\nTo: B\xe9n <ben@loop.test>\n"
        b"Date: Mon, 02 Mar 2026 09:00:00 +0000\nContent-Type: text/plain; charset=latin-1\n\n"
        b"caf\xe9\n"
    )
    result = import_mail(path, people=_people(), with_text=True)
    assert result.messages.select("sender", "recipients").row(0) == ("anna", "ben")
    assert result.messages["text"][0] == "café"
