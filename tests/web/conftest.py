"""Web tests: Django is configured here (not in pyproject), so other tests never import it.

Settings: ``coxswain.web.settings`` with ``COXSWAIN_TESTING=1`` (immediate task backend, fast
password hashing). The database is SQLite in memory, or PostgreSQL when ``DATABASE_URL`` says
so: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/coxswain_test uv run pytest tests/web``.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coxswain.web.settings")
os.environ["COXSWAIN_TESTING"] = "1"

import django

django.setup()

PASSWORD = "correct horse battery 42"

COMPANY = """\
format: 1
name: Crust & Crumb Bakery
currency: USD
employees: 14
stage: early
mission: Bake honest bread for our neighbours every morning.
vision: The go-to neighbourhood spot for fresh bread.
values:
  - id: craft
    name: Craftsmanship
    statement: We bake by hand.
objectives:
  - id: bread_quality
    name: Best bread in the neighbourhood
    perspective: customer
    weight: 0.35
    values: [craft]
    drivers: [baker_skill]
  - id: baker_skill
    name: Skilled bakers
    perspective: learning
    weight: 0.2
  - id: margin
    name: Healthy margin
    perspective: financial
    drivers: [bread_quality]
kpis:
  - id: review_rating
    name: Average review rating
    objective: bread_quality
    unit: stars
    direction: up
    target: 4.6
    warning: 4.3
    deadline: 2026-12-31
teams:
  - id: bakers
    name: Bakers
initiatives:
  - id: cheap_flour
    name: Cheap flour
    owner: bakers
    objectives: [margin]
    effects: {bread_quality: -1, margin: 1}
goals:
  - id: g_bakers
    owner: bakers
    parent: bread_quality
    title: Every loaf meets the standard
    period: 2026-Q3
    key_results:
      - id: morning_check
        title: Loaves passing the check
        unit: "%"
        start: 70
        target: 98
        current: 81
  - id: g_ann
    owner: ann
    parent: g_bakers
    title: Train Bob in sourdough
    key_results:
      - title: Sourdough batches by Bob
        target: 10
        current: 2
"""

FILES = {
    "company.yaml": COMPANY,
    "kpi_values.csv": (
        "date,kpi,value\n2026-01-31,review_rating,4.5\n2026-02-28,review_rating,4.4\n"
        "2026-03-31,review_rating,4.2\n"
    ),
    "people.csv": (
        "id,name,team,role,manager,hired,skills,training_hours\n"
        "ann,Ann,bakers,head baker,,2020-01-01,sourdough:4;sales:2,10\n"
        "bob,Bob,bakers,baker,ann,2022-03-01,sourdough:2,0\n"
    ),
    "spend.csv": "date,initiative,category,amount\n2026-01-10,cheap_flour,ingredients,120.5\n",
}


def workbook_zip(files: dict[str, str | None] | None = None) -> bytes:
    """The sample workbook as zip bytes, with some files replaced (None removes one)."""
    merged: dict[str, str | None] = {**FILES, **(files or {})}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, content in merged.items():
            if content is not None:
                zf.writestr(f"bakery/{name}", content)
    return buffer.getvalue()


@dataclass
class Tenant:
    org: Any
    owner: Any
    manager: Any
    employee: Any  # linked to person "bob" once a workbook is loaded


@pytest.fixture
def make_tenant(db: None) -> Callable[..., Tenant]:
    """An organisation with an owner, a manager and an employee; ``loaded=True`` imports the
    sample workbook and links the employee to person bob."""
    from coxswain.web.accounts import services
    from coxswain.web.accounts.models import Membership, Role
    from coxswain.web.strategy.models import Person
    from coxswain.web.workbook_io import store_workbook
    from coxswain.workbook.read import read_workbook

    counter = iter(range(1000))

    def make(*, loaded: bool = True, name: str = "Bakery") -> Tenant:
        n = next(counter)
        owner = services.sign_up(
            username=f"owner{n}{name}",
            email=f"owner{n}@example.com",
            password=PASSWORD,
            company=name,
        )
        org = owner.org
        from django.contrib.auth import get_user_model

        User = get_user_model()
        manager = Membership.objects.create(
            org=org,
            role=Role.manager,
            user=User.objects.create_user(
                username=f"manager{n}{name}", email=f"m{n}@example.com", password=PASSWORD
            ),
        )
        employee = Membership.objects.create(
            org=org,
            role=Role.employee,
            user=User.objects.create_user(
                username=f"employee{n}{name}", email=f"e{n}@example.com", password=PASSWORD
            ),
        )
        if loaded:
            import tempfile

            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "wb.zip"
                path.write_bytes(workbook_zip())
                store_workbook(org, read_workbook(path))
            employee.person = Person.objects.for_org(org).get(slug="bob")
            employee.save()
        return Tenant(org=org, owner=owner, manager=manager, employee=employee)

    return make


@pytest.fixture
def tenant(make_tenant: Callable[..., Tenant]) -> Tenant:
    return make_tenant()


@pytest.fixture
def other_tenant(make_tenant: Callable[..., Tenant]) -> Tenant:
    return make_tenant(name="Other")


def client_for(membership: Any) -> Any:
    from django.test import Client

    c = Client()
    c.force_login(membership.user)
    return c


@pytest.fixture
def make_zip() -> Callable[..., bytes]:
    """``make_zip(files)``: the sample workbook as zip bytes with some files replaced."""
    return workbook_zip


@pytest.fixture
def login() -> Callable[[Any], Any]:
    """``login(membership)``: a test client signed in as that member."""
    return client_for


@pytest.fixture
def keep_connection() -> Iterator[None]:
    """For requests made through the WSGI application rather than Django's test client (the
    OpenAPI document's operations, the generated API client): as the test client does, a
    finished request must not close the connection that holds the test's transaction (it
    would on PostgreSQL)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _on_commit_runs_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run inside a transaction that never commits: run on_commit callbacks (the task
    enqueue) at once, as they would run after the commit."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Each test starts with an empty cache: the sign-up and login limits count per address
    in it, and every test (and the live server's thread) signs up from 127.0.0.1, so a
    suite with several sign-ups would hit the hourly limit it does not test."""
    from django.core.cache import cache

    cache.clear()


class FakeDns:
    """Name → addresses, as ``socket.getaddrinfo`` answers them; ``lookups`` counts each
    name looked up. A name not in the table does not exist; an IP address is itself."""

    def __init__(self) -> None:
        self.table: dict[str, list[str]] = {}
        self.lookups: dict[str, int] = {}

    def __setitem__(self, name: str, addresses: list[str]) -> None:
        self.table[name] = addresses

    def getaddrinfo(self, host: Any, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        import ipaddress
        import socket

        name = host.decode() if isinstance(host, bytes) else str(host)
        self.lookups[name] = self.lookups.get(name, 0) + 1
        try:
            ipaddress.ip_address(name)
            addresses = [name]
        except ValueError:
            if name not in self.table:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
            addresses = self.table[name]
        out = []
        for a in addresses:
            if ":" in a:
                out.append((socket.AF_INET6, socket.SOCK_STREAM, 6, "", (a, int(port), 0, 0)))
            else:
                out.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, int(port))))
        return out


@pytest.fixture
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> FakeDns:
    """Resolution without the internet: ``fake_dns["hooks.example.com"] = ["93.184.216.34"]``
    (``socket.getaddrinfo`` replaced for the test)."""
    import socket

    dns = FakeDns()
    monkeypatch.setattr(socket, "getaddrinfo", dns.getaddrinfo)
    return dns
