"""``coxswain serve`` end to end: migrates, serves pages and static files, and its in-process
worker runs an analysis queued through the web page (polled like htmx does)."""

from __future__ import annotations

import http.cookiejar
import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pytest

CLI = [sys.executable, "-c", "from coxswain.cli import app; app()"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server_env(**extra: str) -> dict[str, str]:
    """This process's environment without the test settings, so the server is configured
    the way a user's shell configures it."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("COXSWAIN_TESTING", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    return env | extra


def _start(
    tmp_path: Path, name: str, *args: str, env: dict[str, str]
) -> tuple[subprocess.Popen[str], int]:
    port = _free_port()
    server = subprocess.Popen(
        [
            *CLI,
            "serve",
            "--port",
            str(port),
            "--database",
            str(tmp_path / f"{name}.sqlite3"),
            "--no-nudges",
            *args,
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    for _ in range(120):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, port
        except OSError:
            if server.poll() is not None:
                pytest.fail(f"the server stopped: {server.stdout.read() if server.stdout else ''}")
            time.sleep(0.5)
    server.terminate()
    pytest.fail("the server did not start")


def _get(port: int, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str]]:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Host": "okr.example.com", **headers})
        response = conn.getresponse()
        response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}
    finally:
        conn.close()


@pytest.mark.slow
def test_serve_with_demo_runs_queued_analyses(tmp_path: Path, make_zip) -> None:
    with zipfile.ZipFile(io.BytesIO(make_zip())) as zf:
        zf.extractall(tmp_path / "unzipped")
    (tmp_path / "examples").mkdir()
    (tmp_path / "unzipped" / "bakery").rename(tmp_path / "examples" / "bakery")
    server, port = _start(tmp_path, "db", "--demo", str(tmp_path / "examples"), env=_server_env())
    base = f"http://127.0.0.1:{port}"
    try:
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        for _ in range(120):
            try:
                page = opener.open(f"{base}/accounts/login/", timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("the server did not start")
        assert opener.open(f"{base}/static/coxswain/htmx.min.js").status == 200

        def post(path: str, data: dict[str, str], page: str) -> str:
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
            assert token
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), **data}).encode()
            request = urllib.request.Request(
                f"{base}{path}", data=body, headers={"Referer": f"{base}{path}"}
            )
            return opener.open(request).read().decode()

        dashboard = post(
            "/accounts/login/",
            {"username": "manager@bakery", "password": "coxswain-demo-2026"},
            page,
        )
        assert "Alignment index" in dashboard
        queued = post("/analyse/", {}, dashboard)
        poll = re.search(r'hx-get="(/runs/\d+/)"', queued)
        assert poll, "the queued run is polled"
        for _ in range(120):
            if "Analysis done" in opener.open(f"{base}{poll.group(1)}").read().decode():
                break
            time.sleep(0.5)
        else:
            pytest.fail("the worker did not run the analysis")
    finally:
        server.terminate()
        server.wait(timeout=30)
    # the database (everyone's data) and its journal are readable by the server's user only
    for path in tmp_path.glob("db.sqlite3*"):
        assert path.stat().st_mode & 0o777 == 0o600, path


@pytest.mark.slow
def test_serve_in_production_believes_only_the_trusted_proxy(tmp_path: Path) -> None:
    """Production mode under waitress: HTTPS is enforced, the proxy named by --trusted-proxy
    may say a request came over HTTPS, nobody else can, and static files come with caching
    headers (WhiteNoise)."""
    env = _server_env(
        COXSWAIN_PRODUCTION="1",
        COXSWAIN_SECRET_KEY="k" * 20 + "a-production-secret-for-this-test-only" + "z" * 10,
        COXSWAIN_ALLOWED_HOSTS="okr.example.com",
    )
    https = {"X-Forwarded-Proto": "https"}
    trusted, port = _start(tmp_path, "trusted", "--trusted-proxy", "127.0.0.1", env=env)
    try:
        status, headers = _get(port, "/accounts/login/", {})
        assert status == 301 and headers["location"].startswith("https://okr.example.com/")
        status, headers = _get(port, "/accounts/login/", https)
        assert status == 200
        assert "max-age=31536000" in headers["strict-transport-security"]
        assert "secure" in headers["set-cookie"].lower()
        assert headers["server"] == "coxswain"
        status, headers = _get(port, "/static/coxswain/htmx.min.js", https)
        assert status == 200 and "max-age" in headers["cache-control"]
    finally:
        trusted.terminate()
        trusted.wait(timeout=30)
    untrusted, port = _start(tmp_path, "untrusted", "--trusted-proxy", "10.9.9.9", env=env)
    try:
        status, headers = _get(port, "/accounts/login/", https)
        assert status == 301, "a forged X-Forwarded-Proto from an untrusted peer is dropped"
    finally:
        untrusted.terminate()
        untrusted.wait(timeout=30)
