"""The GS1 Digital Link resolver under load: the consumer page and the linkset of a batch with a
journey, beside a bare Django view, each served by gunicorn and driven by wrk (PostgreSQL).

The data: the Lai Châu demo (org tree, accounts, the four traceability enterprises with their
products, batches, serials, links and the EPCIS events of their supply-chain steps), loaded
through the services into a throw-away test database. The batch with the most events is the one
asked for. The site is served by gunicorn as in production (``DEBUG=false``, a ``SECRET_KEY``,
``ALLOWED_HOSTS``, the hashed static files of ``collectstatic``, behind a TLS proxy: every request
says ``X-Forwarded-Proto: https``), with ``benchmarks/resolver_settings.py``, whose URLconf is
the project's plus one bare view (``benchmarks/resolver_urls.py``). Three targets, the same
server, the same settings, the same middleware, anonymous clients with no cookies:

- the bare view: a small ``HttpResponse``, no template, no query — the limit;
- the consumer page: ``GET /01/{gtin}/10/{lot}`` with a browser's ``Accept`` header;
- the linkset: the same path with ``Accept: application/linkset+json``.

wrk drives each with CONNECTIONS (32) connections on loopback for DURATION seconds; the three
take turns, ROUNDS times, after a warm-up; the figures are medians over the rounds, and the
share of the bare view's rate is given both as the ratio of the medians and as the median of
each round's ratio (the three runs of a round are seconds apart, so share the machine's load).
Targets (issue 5): the page and the linkset at ≥ 70 % of the bare view's requests per second,
and p99 under 50 ms.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tinhso_bench_resolver \\
        .venv/bin/python benchmarks/resolver.py

wrk must be installed (Debian/Ubuntu: ``sudo apt-get install -y wrk``; macOS: ``brew install
wrk``). Settings by environment: ROUNDS (7), DURATION (6 s), CONNECTIONS (32), WORKERS (gunicorn
sync workers, 2: one per core of the machine measured), WRK_THREADS (2), and MEMO=off to measure
the resolver without its memo of answers.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tinhso_bench_resolver")

from django.db import connection
from harness import run_on_test_db  # sets Django up

ROUNDS = int(os.environ.get("ROUNDS", "7"))
DURATION = int(os.environ.get("DURATION", "6"))
CONNECTIONS = int(os.environ.get("CONNECTIONS", "32"))
WORKERS = int(os.environ.get("WORKERS", "2"))
WRK_THREADS = int(os.environ.get("WRK_THREADS", "2"))
TARGET_SHARE = 0.70
TARGET_P99_MS = 50.0
ROOT = Path(__file__).resolve().parents[1]
STATIC_ROOT = ROOT / "var" / "benchmark-static"
PROXY = {"X-Forwarded-Proto": "https"}
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
INSTALL_WRK = (
    "wrk is not installed. Install it with your package manager, e.g. "
    "`sudo apt-get install -y wrk` (Debian/Ubuntu) or `brew install wrk` (macOS)."
)


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    headers: dict[str, str]


@dataclass(frozen=True)
class Run:
    requests_per_second: float
    p50_ms: float
    p99_ms: float


def main() -> None:
    if shutil.which("wrk") is None:
        sys.exit(INSTALL_WRK)
    if connection.vendor != "postgresql":
        sys.exit("resolver.py measures PostgreSQL: set DATABASE_URL=postgres://…")
    run_on_test_db(report, debug=False)


def report(name: str) -> None:
    lot_path, events = load_demo()
    targets = [
        Target("bare Django view", "/benchmark/bare/", {}),
        Target("consumer page", lot_path, {"Accept": BROWSER_ACCEPT}),
        Target("linkset", lot_path, {"Accept": "application/linkset+json"}),
    ]
    collect_static()
    port = free_port()
    server = start_gunicorn(port, database_url(name))
    try:
        base = f"http://127.0.0.1:{port}"
        check_answers(base, targets)
        for target in targets:  # warm every worker: templates, translations, connections
            wrk(base, target, seconds=2)
        runs: dict[str, list[Run]] = {target.name: [] for target in targets}
        for _round in range(ROUNDS):
            for target in targets:
                runs[target.name].append(wrk(base, target, seconds=DURATION))
    finally:
        stop(server)
    print_report(name, lot_path, events, targets, runs)


def load_demo() -> tuple[str, int]:
    """The Lai Châu demo's org tree, accounts and traceability registry with its steps; returns
    the Digital Link path of the batch with the most events, and their number."""
    from django.core.management import call_command
    from django.utils import translation

    from tinhso.accounts import demo as accounts_demo
    from tinhso.epcis.models import EventIdentifier
    from tinhso.orgunits import demo as orgunits_demo
    from tinhso.traceability import demo as traceability_demo
    from tinhso.traceability.events import lot_class
    from tinhso.traceability.models import Batch

    call_command("createcachetable", verbosity=0)
    with translation.override("vi"):
        for module in (orgunits_demo, accounts_demo, traceability_demo):
            module.load()
    counted = [
        (EventIdentifier.objects.filter(identifier=lot_class(batch)).count(), batch)
        for batch in Batch.objects.select_related("product").exclude(product__gtin="")
    ]
    events, batch = max(counted, key=lambda pair: pair[0])
    return batch.digital_link_path, events


def collect_static() -> None:
    """The hashed static files production serves (the manifest that ``{% static %}`` reads)."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--clear", "-v", "0"],
        cwd=ROOT, env=server_env(""), check=True,
    )  # fmt: skip


def server_env(database: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "benchmarks.resolver_settings", "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1", "BEHIND_PROXY": "true", "STATIC_ROOT": str(STATIC_ROOT),
        "LOG_LEVEL": "WARNING",
    })  # fmt: skip
    if database:
        env["DATABASE_URL"] = database
    return env


def database_url(name: str) -> str:
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    host, port = settings.get("HOST") or "127.0.0.1", settings.get("PORT") or "5432"
    return f"postgres://{settings['USER']}{password}@{host}:{port}/{name}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_gunicorn(port: int, database: str) -> subprocess.Popen[bytes]:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(WORKERS), "--log-level", "warning"],
        cwd=ROOT, env=server_env(database), start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            fetch(f"http://127.0.0.1:{port}/benchmark/bare/", {})
            return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise RuntimeError("gunicorn did not answer within 30 s")


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def fetch(url: str, headers: dict[str, str]) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={**PROXY, **headers})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read()


def check_answers(base: str, targets: list[Target]) -> None:
    """Each target answers 200 with what it should, or its figures would be another page's."""
    for target in targets:
        status, _body = fetch(base + target.path, target.headers)
        assert status == 200, (target.name, status)
    page = fetch(base + targets[1].path, targets[1].headers)[1].decode()
    assert page.count('data-testid="timeline-step"') > 1, "the page shows no journey"
    linkset = fetch(base + targets[2].path, targets[2].headers)[1].decode()
    assert linkset.startswith('{"linkset"'), linkset[:80]


_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
_PERCENTILE = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(base: str, target: Target, *, seconds: int) -> Run:
    headers = [arg for name, value in {**PROXY, **target.headers}.items()
               for arg in ("-H", f"{name}: {value}")]  # fmt: skip
    command = ["wrk", f"-t{WRK_THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency",
               *headers, base + target.path]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx or 3xx responses" in output or "Socket errors" in output:
        raise RuntimeError(f"{target.name}: errors under load\n{output}")
    rate = _RATE.search(output)
    assert rate is not None, output
    percentiles = {p: float(v) * _UNIT_MS[unit] for p, v, unit in _PERCENTILE.findall(output)}
    return Run(float(rate.group(1)), percentiles["50"], percentiles["99"])


def print_report(
    name: str, lot_path: str, events: int, targets: list[Target], runs: dict[str, list[Run]]
) -> None:
    medians = {
        target.name: Run(
            statistics.median(run.requests_per_second for run in runs[target.name]),
            statistics.median(run.p50_ms for run in runs[target.name]),
            statistics.median(run.p99_ms for run in runs[target.name]),
        )
        for target in targets
    }
    bare = medians[targets[0].name]
    print(f"database: postgresql ({name}); the batch {lot_path} with {events} events")
    memo = "off" if os.environ.get("MEMO") == "off" else "on"
    print(f"resolver memo {memo}; gunicorn: {WORKERS} sync workers; wrk: {WRK_THREADS} threads, "
          f"{CONNECTIONS} connections, {DURATION} s × {ROUNDS} rounds; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}; medians over the rounds")  # fmt: skip
    print(f"{'target':<18} {'req/s':>8} {'vs bare':>8} {'per round':>10} {'p50':>9} {'p99':>9}"
          "  limits")  # fmt: skip
    for target in targets:
        run = medians[target.name]
        share = run.requests_per_second / bare.requests_per_second
        paired = statistics.median(
            mine.requests_per_second / limit.requests_per_second
            for mine, limit in zip(runs[target.name], runs[targets[0].name], strict=True)
        )
        verdict = "" if target is targets[0] else (
            f"≥ {TARGET_SHARE:.0%} {'ok' if min(share, paired) >= TARGET_SHARE else 'MISSED'}; "
            f"p99 < {TARGET_P99_MS:.0f} ms {'ok' if run.p99_ms < TARGET_P99_MS else 'MISSED'}"
        )  # fmt: skip
        print(f"{target.name:<18} {run.requests_per_second:>8,.0f} {share:>8.0%} {paired:>10.0%} "
              f"{run.p50_ms:>6.1f} ms {run.p99_ms:>6.1f} ms  {verdict}")  # fmt: skip
    for target in targets:
        rounds = ", ".join(
            f"{run.requests_per_second:,.0f} ({run.p99_ms:.0f} ms)" for run in runs[target.name]
        )
        print(f"  {target.name}, each round: req/s (p99): {rounds}")


if __name__ == "__main__":
    main()
