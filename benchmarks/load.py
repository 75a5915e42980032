"""Load test: gunicorn on loopback with PostgreSQL and the large demo, driven by wrk.

    .venv/bin/python benchmarks/load.py [--skip-seed] [--connections 32] [--seconds 15]
                                        [--no-page-cache]

Steps: a fresh database `gewaardeerd_load` (unless --skip-seed), `seed_demo --scale large`
(timed), gunicorn with 4 worker processes on 127.0.0.1:8200, log-in sessions made for the
demo users, then one wrk run per URL at the same concurrency, each after 3 s of unmeasured
warm-up. The web processes share a Redis cache (sessions and the page cache, as a deployment
with CACHE_URL has them); --no-page-cache makes every request render its page afresh. Prints
a Markdown table of requests/s, p50/p95/p99 and errors, and each page's p95 against the
trivial view's.
Only loopback addresses are used; every wrk run is bounded in time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB = "gewaardeerd_load"
HOST = "127.0.0.1:8200"
LUA = """
done = function(summary, latency, requests)
  io.write(string.format("JSON {\\"p50\\": %d, \\"p95\\": %d, \\"p99\\": %d, \\"requests\\": %d, "
    .. "\\"errors\\": %d, \\"non2xx\\": %d}\\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout + summary.errors.status, summary.errors.status))
end
"""


WARM_UP_SECONDS = 3
CACHE_URL = "redis://127.0.0.1:6379/3"
# The web processes share a Redis cache (sessions, the page cache) as in a deployment.
CACHE = {"CACHE_URL": CACHE_URL, "PAGE_CACHE_SECONDS": "300"}


def _env() -> dict[str, str]:
    return dict(
        os.environ,
        **CACHE,
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DB}",
        DEBUG="false",
        SECRET_KEY="load-test-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        CONN_MAX_AGE="60",
    )


def _manage(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=_env(), cwd=ROOT, check=True, **kwargs,
    )  # fmt: skip


def seed() -> float:
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DB], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DB], check=True)
    _manage("migrate", "-v0")
    started = time.perf_counter()
    _manage("seed_demo", "--scale", "large", "--force", stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


SESSION_SCRIPT = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from importlib import import_module
from django.conf import settings
SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
from companies.models import CompanyMembership
from organisations.models import OrganisationMembership
from core.models import User
out = {}
for email in ("ondernemer@example.com", "organisatie@example.com", "coach@example.com"):
    user = User.objects.get(email=email)
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "core.backends.ModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.create()
    out[email] = s.session_key
out["company"] = CompanyMembership.objects.get(user__email="ondernemer@example.com").company_id
out["organisation"] = OrganisationMembership.objects.get(
    user__email="organisatie@example.com").organisation_id
from core.models import ApiToken
from core.services import api_token_create
member = User.objects.get(email="organisatie@example.com")
ApiToken.objects.filter(user=member, name="load test").delete()
out["token"] = api_token_create(user=member, name="load test").key
print("JSON" + json.dumps(out))
"""


def sessions() -> dict:
    out = _manage("shell", "-c", SESSION_SCRIPT, capture_output=True, text=True).stdout
    return json.loads(out.split("JSON", 1)[1])


def wrk(path: str, headers: dict[str, str], connections: int, seconds: int) -> dict:
    script = Path("/tmp/gewaardeerd-wrk.lua")
    script.write_text(LUA)
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script)]
    for name, value in headers.items():
        cmd += ["-H", f"{name}: {value}"]
    out = subprocess.run(
        [*cmd, f"http://{HOST}{path}"], capture_output=True, text=True, timeout=seconds + 60
    ).stdout
    stats = json.loads(re.search(r"JSON (\{.*\})", out).group(1))
    stats["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument(
        "--no-page-cache", action="store_true", help="every request renders its page afresh"
    )
    args = parser.parse_args()
    if args.no_page_cache:
        CACHE["PAGE_CACHE_SECONDS"] = "0"
    import redis

    redis.Redis.from_url(CACHE_URL).flushdb()
    if not args.skip_seed:
        print(f"seed_demo --scale large: {seed():.1f} s")
    _manage("collectstatic", "--noinput", "-v0")
    ids = sessions()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "gewaardeerd.wsgi:application", "-b", HOST,
         "-w", "4", "--access-logfile", "/dev/null", "--error-logfile", "/tmp/gunicorn-load.log"],
        env=_env(), cwd=ROOT,
    )  # fmt: skip
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://{HOST}/healthz/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        entrepreneur = {"Cookie": f"sessionid={ids['ondernemer@example.com']}"}
        member = {"Cookie": f"sessionid={ids['organisatie@example.com']}"}
        api = {"Authorization": f"Token {ids['token']}"}
        targets = [
            ("trivial view /healthz/", "/healthz/", {}),
            ("package browser", "/packages/", member),
            ("package browser, filtered", "/packages/?category=packaging&sort=hours", member),
            ("company dashboard", f"/companies/{ids['company']}/dashboard/", entrepreneur),
            ("our packages", f"/organisations/{ids['organisation']}/packages/", member),
            ("API packages list", "/api/packages/", api),
            ("API tasks list (session)", f"/api/companies/{ids['company']}/tasks/", entrepreneur),
            ("API organisations list", "/api/organisations/", api),
        ]
        rows = []
        for label, path, headers in targets:
            # Warm up (workers' first requests, connections, the page cache): not measured.
            wrk(path, headers, args.connections, WARM_UP_SECONDS)
            stats = wrk(path, headers, args.connections, args.seconds)
            rows.append((label, path, stats))
        base = rows[0][2]["p95"]
        cache = "off" if args.no_page_cache else "on"
        print(
            f"\n{args.connections} connections, {args.seconds} s per URL, gunicorn 4 workers, "
            f"page cache {cache}\n"
        )
        print("| page | requests/s | p50 ms | p95 ms | p99 ms | errors | p95 / trivial p95 |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for label, path, s in rows:
            print(
                f"| {label} (`{path}`) | {s['rps']:.0f} | {s['p50'] / 1000:.1f} | "
                f"{s['p95'] / 1000:.1f} | {s['p99'] / 1000:.1f} | {s['errors']} | "
                f"{s['p95'] / base:.1f}× |"
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
