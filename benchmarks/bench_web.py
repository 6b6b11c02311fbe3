"""Web dashboard latency under load: 20 concurrent users on SQLite, headless locust in-process.

Starts ``coxswain serve`` on 127.0.0.1 (a free port) with a demo organisation made from
``coxswain init --template cafe``; each simulated user signs in as the demo manager and loads
the dashboard again and again for a bounded time. Prints the dashboard's p50/p95 and, as the
plain comparison measured in the same run, the p95 of the bare sign-in page (no database
work beyond the session), with their ratio. Target: dashboard p95 under 300 ms.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

CLI = [sys.executable, "-c", "from coxswain.cli import app; app()"]
USERS = 20
SECONDS = 20
PASSWORD = "coxswain-demo-2026"  # coxswain.web.demo.DEMO_PASSWORD (not imported: no Django here)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _coxswain(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args], env=env, check=True, capture_output=True, text=True, timeout=300
    )


def run() -> None:
    with tempfile.TemporaryDirectory(prefix="coxswain-bench-") as tmp:
        root = Path(tmp)
        env = {**os.environ, "COXSWAIN_DB": str(root / "bench.sqlite3")}
        env.pop("DATABASE_URL", None)
        (root / "examples").mkdir()
        _coxswain("init", str(root / "examples" / "cafe"), "--template", "cafe", "--yes", env=env)
        _coxswain(
            "demo-setup", str(root / "examples"), "--database", str(root / "bench.sqlite3"), env=env
        )
        port = _free_port()
        server = subprocess.Popen(
            [*CLI, "serve", "--port", str(port), "--database", str(root / "bench.sqlite3")],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(60):
                try:
                    urllib.request.urlopen(f"{base}/accounts/login/", timeout=2)
                    break
                except OSError:
                    time.sleep(0.5)
            _load(base)
        finally:
            server.terminate()
            server.wait(timeout=30)


def _load(base: str) -> None:
    import gevent
    from locust import HttpUser, between, task
    from locust.env import Environment

    class Manager(HttpUser):
        host = base
        wait_time = between(0.2, 0.8)

        def on_start(self) -> None:
            page = self.client.get("/accounts/login/", name="sign-in (start)").text
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
            assert token
            self.client.post(
                "/accounts/login/",
                name="sign in",
                data={
                    "csrfmiddlewaretoken": token.group(1),
                    "username": "manager@cafe",
                    "password": PASSWORD,
                },
                headers={"Referer": f"{base}/accounts/login/"},
            )

        @task(4)
        def dashboard(self) -> None:
            self.client.get("/dashboard/", name="dashboard")

        @task(1)
        def sign_in_page(self) -> None:
            with self.client.get(
                "/accounts/login/", name="sign-in page", allow_redirects=False, catch_response=True
            ) as r:
                r.success()  # signed in: a redirect, still the bare page's cost

    env = Environment(user_classes=[Manager])
    runner = env.create_local_runner()
    runner.start(USERS, spawn_rate=USERS)
    gevent.sleep(10)  # every user signs in (password hashing) before the measurement starts
    env.stats.reset_all()
    gevent.sleep(SECONDS)
    runner.quit()
    dash = env.stats.get("dashboard", "GET")
    plain = env.stats.get("sign-in page", "GET")
    p95, p50 = dash.get_response_time_percentile(0.95), dash.get_response_time_percentile(0.5)
    plain95 = plain.get_response_time_percentile(0.95)
    print(f"{USERS} users for {SECONDS} s on SQLite (coxswain serve: waitress, 8 threads)")
    print(
        f"dashboard: {dash.num_requests} requests, {dash.num_failures} failures, "
        f"p50 {p50:.0f} ms, p95 {p95:.0f} ms (target < 300 ms: {'met' if p95 < 300 else 'NOT met'})"
    )
    print(f"bare sign-in page: {plain.num_requests} requests, p95 {plain95:.0f} ms")
    if plain95:
        print(f"dashboard p95 / bare page p95: {p95 / plain95:.1f}x")
