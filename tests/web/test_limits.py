"""Per-organisation limits (upload size, stored bytes, concurrent analyses) and the sign-up
limit per client address: each refusal says why, and nothing is queued or stored."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from coxswain.web.insights import services
from coxswain.web.insights.models import AnalysisRun, RunStatus
from coxswain.web.strategy.models import EvidenceTable, StrategyChange
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def _queued(org) -> AnalysisRun:  # type: ignore[no-untyped-def]
    return AnalysisRun.objects.create(org=org, stage="queued")


@override_settings(COXSWAIN_MAX_CONCURRENT_ANALYSES=1)
def test_a_second_analysis_while_one_is_queued_is_refused_not_queued(tenant, login) -> None:
    _queued(tenant.org)
    c = login(tenant.manager)
    response = c.post(reverse("insights:analyse"), follow=True)
    assert "Not started: 1 analysis is already queued or running" in response.content.decode()
    assert AnalysisRun.objects.for_org(tenant.org).count() == 1
    htmx = c.post(reverse("insights:analyse"), HTTP_HX_REQUEST="true").content.decode()
    assert "the most this organisation may have at once (1)" in htmx
    assert AnalysisRun.objects.for_org(tenant.org).count() == 1


@override_settings(COXSWAIN_MAX_CONCURRENT_ANALYSES=1)
def test_the_api_refuses_a_second_analysis_with_429(tenant) -> None:
    from coxswain.web.accounts.services import create_api_token

    _queued(tenant.org)
    token = create_api_token(membership=tenant.manager, name="ci")
    response = Client().post(
        "/api/analyses", "{}", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 429
    assert "already queued or running" in json.loads(response.content)["detail"]


@override_settings(COXSWAIN_MAX_CONCURRENT_ANALYSES=1)
def test_an_interrupted_run_does_not_hold_the_place(tenant) -> None:
    AnalysisRun.objects.create(
        org=tenant.org,
        status=RunStatus.running,
        worker="gone",
        heartbeat=timezone.now() - dt.timedelta(hours=1),
    )
    run = services.start_analysis(org=tenant.org, user=tenant.manager.user)
    assert AnalysisRun.objects.for_org(tenant.org).get(pk=run.pk).status == RunStatus.done


@override_settings(COXSWAIN_MAX_CONCURRENT_ANALYSES=1)
def test_the_limit_is_per_organisation(tenant, other_tenant) -> None:
    _queued(other_tenant.org)
    run = services.start_analysis(org=tenant.org, user=tenant.manager.user)
    assert AnalysisRun.objects.for_org(tenant.org).get(pk=run.pk).status == RunStatus.done


def test_an_upload_over_the_stored_bytes_limit_stores_nothing(tenant, make_zip, login) -> None:
    before = {t.name: bytes(t.data) for t in EvidenceTable.objects.for_org(tenant.org)}
    changes = StrategyChange.objects.for_org(tenant.org).count()
    big = "date,initiative,category,amount\n" + "".join(
        f"2026-01-{1 + i % 28:02d},cheap_flour,ingredients,{i}.5\n" for i in range(3000)
    )
    c = login(tenant.owner)
    with override_settings(COXSWAIN_MAX_STORED_BYTES=services.stored_bytes(org=tenant.org) + 500):
        upload = SimpleUploadedFile("big.zip", make_zip({"spend.csv": big}))
        page = c.post(reverse("insights:data"), {"form": "upload", "workbook": upload})
    assert page.status_code == 400  # refused, like every upload with problems
    assert "over its limit of" in page.content.decode()
    assert "COXSWAIN_MAX_STORED_BYTES" in page.content.decode()
    after = {t.name: bytes(t.data) for t in EvidenceTable.objects.for_org(tenant.org)}
    assert after == before
    assert StrategyChange.objects.for_org(tenant.org).count() == changes
    assert not AnalysisRun.objects.for_org(tenant.org).exists()


def test_no_analysis_starts_while_the_stored_data_is_over_the_limit(tenant) -> None:
    assert services.stored_bytes(org=tenant.org) > 0  # spend.csv is stored
    with (
        override_settings(COXSWAIN_MAX_STORED_BYTES=10),
        pytest.raises(services.LimitReached, match="over its limit of 10"),
    ):
        services.start_analysis(org=tenant.org, user=tenant.manager.user)
    assert not AnalysisRun.objects.for_org(tenant.org).exists()


@override_settings(COXSWAIN_MAX_UPLOAD=1000)
def test_an_upload_over_the_upload_limit_is_refused(tenant, make_zip, login) -> None:
    data = make_zip({"spend.csv": "date,initiative,category,amount\n" + "x" * 5000})
    c = login(tenant.owner)
    upload = SimpleUploadedFile("big.zip", data)
    page = c.post(reverse("insights:data"), {"form": "upload", "workbook": upload})
    assert page.status_code == 413
    assert "big.zip: the file is larger than 1,000 bytes" in page.content.decode()


def _received(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The bytes each temporary upload file was given (the handler that writes to disk)."""
    from django.core.files.uploadhandler import TemporaryFileUploadHandler

    got: list[int] = []
    receive = TemporaryFileUploadHandler.receive_data_chunk

    def counted(self, raw_data: bytes, start: int) -> None:  # type: ignore[no-untyped-def]
        got.append(len(raw_data))
        receive(self, raw_data, start)

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", counted)
    return got


@pytest.mark.parametrize("declared", [True, False])
def test_an_upload_over_the_limit_is_stopped_while_it_is_received(
    tenant, make_zip, login, monkeypatch, declared
) -> None:
    """No temporary file of the upload's full size is written: refused at once when the
    declared length is over the limit, and when the bytes received pass it (no length)."""
    import os

    from coxswain.web import uploads

    if not declared:  # a body without a (true) length: only the bytes received tell
        monkeypatch.setattr(uploads, "OVERHEAD", 10**9)
    got = _received(monkeypatch)
    data = make_zip({"notes.bin": os.urandom(3 * 1024 * 1024)})  # incompressible, ~3 MB
    c = login(tenant.owner)
    with override_settings(COXSWAIN_MAX_UPLOAD=100_000, FILE_UPLOAD_MAX_MEMORY_SIZE=0):
        upload = SimpleUploadedFile("big.zip", data)
        page = c.post(reverse("insights:data"), {"form": "upload", "workbook": upload})
    assert page.status_code == 413
    assert "big.zip: the file is larger than 100,000 bytes" in page.content.decode()
    assert sum(got) <= 100_000
    assert not AnalysisRun.objects.for_org(tenant.org).exists()


def test_an_upload_under_the_limit_still_works(tenant, make_zip, login, monkeypatch) -> None:
    got = _received(monkeypatch)
    data = make_zip({})
    c = login(tenant.owner)
    with override_settings(COXSWAIN_MAX_UPLOAD=len(data) + 10, FILE_UPLOAD_MAX_MEMORY_SIZE=0):
        upload = SimpleUploadedFile("ok.zip", data)
        page = c.post(reverse("insights:data"), {"form": "upload", "workbook": upload})
    assert page.status_code == 302, page.content.decode()[-2000:]
    assert sum(got) == len(data)  # through the temporary file, whole


def test_the_upload_limit_reads_in_megabytes() -> None:
    from coxswain.web.uploads import size_text

    assert size_text(50 * 1024 * 1024) == "50 MB"
    assert size_text(1536 * 1024) == "1.5 MB"
    assert size_text(1000) == "1,000 bytes"


def _signup(c: Client, n: int, **meta: str) -> int:
    form = {
        "username": f"new{n}",
        "email": "",
        "password": PASSWORD,
        "company": f"Company {n}",
    }
    return c.post(reverse("accounts:signup"), form, **meta).status_code


@override_settings(COXSWAIN_SIGNUPS_PER_HOUR=2)
def test_sign_up_is_limited_per_address() -> None:
    c = Client()
    assert _signup(c, 1, REMOTE_ADDR="203.0.113.5") == 302
    assert _signup(Client(), 2, REMOTE_ADDR="203.0.113.5") == 302
    refused = Client().post(
        reverse("accounts:signup"),
        {"username": "new3", "password": PASSWORD, "company": "C"},
        REMOTE_ADDR="203.0.113.5",
    )
    assert refused.status_code == 429
    assert "Too many sign-ups from your address" in refused.content.decode()
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="new3").exists()
    assert _signup(Client(), 4, REMOTE_ADDR="203.0.113.6") == 302  # another address
    # a forged X-Forwarded-For from a client that is not the proxy changes nothing
    assert _signup(Client(), 5, REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="1.2.3.4") == 429


@override_settings(COXSWAIN_SIGNUPS_PER_HOUR=1, COXSWAIN_TRUSTED_PROXY="10.0.0.1")
def test_behind_the_trusted_proxy_each_client_is_counted() -> None:
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    assert _signup(Client(), 1, HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy) == 302
    assert _signup(Client(), 2, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy) == 302
    # the client's own X-Forwarded-For comes first; the proxy appends the real address
    assert _signup(Client(), 3, HTTP_X_FORWARDED_FOR="9.9.9.9, 198.51.100.1", **proxy) == 429
