"""Load test: simulated users on the Analisis Kemiskinan pages of a served demo.

    .venv/bin/python bench/load_analysis.py [--users 50] [--duration 60]
        [--database-url postgres://postgres@127.0.0.1:5432/postgres] [--keep]

What it does, all on this machine and on the loopback interface only:

1. a temporary data folder; ``sepakat migrate`` and ``sepakat demo`` into it (SQLite by
   default; with ``--database-url`` a PostgreSQL server on 127.0.0.1/localhost, on which
   the script creates a database of its own and drops it at the end);
2. ``sepakat serve 127.0.0.1:<free port>`` as a child process (gunicorn and the task
   worker, as a data centre runs it), stopped with SIGTERM at the end whatever happens;
3. the simulated users log in through the login form, with the demo's planners and
   viewers of three kab/kota (admins need a second factor and are not used);
4. the baseline: one user alone, every page of the mix in turn, after a warm-up;
5. the load: ``--users`` users, each in its own thread, looping for ``--duration``
   seconds over the dashboard, the indicator analysis, the map and the decile profile of
   their own kab/kota, with the query strings those pages' forms send (the options are
   read from the pages themselves), and 1-3 s of think time between two pages.

It prints p50/p95/p99 per page and overall, the number of requests and the errors (any
answer other than 200, and any connection error or timeout). Bounded: every request times
out after ``--timeout`` seconds, the load stops after ``--duration``, and a watchdog ends
the run ``--hard-stop`` seconds after the start whatever is hanging. The exit status is
0 when the goal (p95 under 500 ms, no error) is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import html
import http.client
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# The demo's planners and viewers (README, sepakat/demo/users.py); admins need a TOTP code.
ACCOUNTS = (
    ("contoh.9901.perencana", "contoh-planner-2025"),
    ("contoh.9901.pembaca", "contoh-viewer-2025"),
    ("contoh.9902.perencana", "contoh-planner-2025"),
    ("contoh.9971.ujicoba", "contoh-trial-2025"),
)
GOAL_P95_MS = 500.0
PAGES = ("dasbor", "indikator", "peta", "desil")


# ---------------------------------------------------------------------------- HTTP client


@dataclass
class Session:
    """One simulated browser: its cookies, on a fresh loopback connection per request
    (the server's keep-alive is 2 s, shorter than the think time, as with a browser that
    reconnects after a pause)."""

    port: int
    timeout: float
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, method: str, path: str, body: str | None = None
    ) -> tuple[int, bytes, dict[str, str]]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        headers = {"Host": "127.0.0.1", "Accept-Language": "id"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
            return response.status, content, {k.lower(): v for k, v in response.getheaders()}
        finally:
            conn.close()

    def login(self, username: str, password: str) -> None:
        status, _content, _headers = self.request("GET", "/akun/masuk/")
        token = self.cookies.get("csrftoken")
        if status != 200 or not token:
            raise SystemExit(f"login page answered {status} (no CSRF cookie)")
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": username, "password": password}
        )
        status, _content, headers = self.request("POST", "/akun/masuk/", body)
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"login of {username} failed: {status} {headers.get('location')}")


# ------------------------------------------------------------------ the pages a user clicks


def _options(page: str, name: str) -> list[str]:
    match = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    if match is None:
        return []
    return [html.unescape(v) for v in re.findall(r'<option value="([^"]*)"', match.group(1))]


@dataclass
class Mix:
    """The URLs one account's user visits, built from the options its pages offer."""

    urls: dict[str, list[str]]

    def pick(self, rng: random.Random) -> tuple[str, str]:
        page = rng.choice(PAGES)
        return page, rng.choice(self.urls[page])


def build_mix(session: Session) -> Mix:
    def get(path: str) -> str:
        status, content, _h = session.request("GET", path)
        if status != 200:
            raise SystemExit(f"{path} answered {status} during set-up")
        return content.decode()

    dashboard = get("/analisis/")
    region = re.search(r'name="wilayah" value="([^"]+)"', dashboard)
    if region is None:
        raise SystemExit("the dashboard names no region")
    wilayah = region.group(1)
    years = _options(dashboard, "tahun")[-3:]
    indicator = get("/analisis/indikator/")
    codes = [c for c in _options(indicator, "indikator") if c][:12]
    peta = get("/analisis/peta/")
    map_codes = [c for c in _options(peta, "indikator") if c][:8]
    levels = _options(peta, "tingkat")
    q = urllib.parse.urlencode
    urls = {
        "dasbor": ["/analisis/"]
        + [f"/analisis/?{q({'wilayah': wilayah, 'tahun': y})}" for y in years],
        "indikator": ["/analisis/indikator/"]
        + [
            "/analisis/indikator/?"
            + q({"wilayah": wilayah, "indikator": c, "tahun": years[-1], "pembanding": ""})
            for c in codes
        ],
        "peta": ["/analisis/peta/"]
        + [
            "/analisis/peta/?"
            + q(
                {
                    "wilayah": wilayah,
                    "tingkat": lv,
                    "indikator": c,
                    "klasifikasi": k,
                    "kelas": "5",
                }
            )
            for c in map_codes
            for lv in levels
            for k in _options(peta, "klasifikasi")[:2]
        ],
        "desil": ["/analisis/desil/", f"/analisis/desil/?{q({'wilayah': wilayah})}"],
    }
    return Mix(urls)


# ---------------------------------------------------------------------------- the run


def tree_cpu_seconds(root: int) -> float:
    """User + system CPU of a process and all its descendants (the server's workers), so
    that the server's cost per page can be told apart from the other work on the machine."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        cpu[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += cpu.get(pid, 0.0)
        todo += [child for child, parent in parents.items() if parent == pid]
    return total


@dataclass
class Result:
    page: str
    seconds: float
    ok: bool
    detail: str = ""


def one(session: Session, page: str, url: str) -> Result:
    started = time.perf_counter()
    try:
        status, _content, _h = session.request("GET", url)
    except (OSError, http.client.HTTPException) as exc:
        return Result(page, time.perf_counter() - started, False, type(exc).__name__)
    seconds = time.perf_counter() - started
    return Result(page, seconds, status == 200, "" if status == 200 else f"HTTP {status}")


def baseline(session: Session, mix: Mix, rounds: int) -> list[Result]:
    for page in PAGES:  # warm-up: every worker process imports on its first requests
        for url in mix.urls[page][:2]:
            one(session, page, url)
    results = []
    for _ in range(rounds):
        for page in PAGES:
            for url in mix.urls[page][:3]:
                results.append(one(session, page, url))
    return results


def load(
    sessions: list[tuple[Session, Mix]], duration: float, think: tuple[float, float], seed: int
) -> list[Result]:
    results: list[Result] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def user(index: int, session: Session, mix: Mix) -> None:
        rng = random.Random(seed * 1000 + index)
        time.sleep(rng.uniform(0, think[1]))  # users arrive spread over the first seconds
        while time.monotonic() < stop_at:
            page, url = mix.pick(rng)
            result = one(session, page, url)
            with lock:
                results.append(result)
            pause = rng.uniform(*think)
            time.sleep(max(0.0, min(pause, stop_at - time.monotonic())))

    threads = [
        threading.Thread(target=user, args=(i, s, m), daemon=True)
        for i, (s, m) in enumerate(sessions)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def report(title: str, results: list[Result]) -> dict[str, float]:
    print(f"\n{title}")
    print(f"{'page':<10} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    overall: dict[str, float] = {}
    for page in (*PAGES, "semua"):
        rows = [r for r in results if page == "semua" or r.page == page]
        ms = [r.seconds * 1000 for r in rows]
        errors = sum(1 for r in rows if not r.ok)
        p50, p95, p99 = (percentile(ms, p) for p in (50, 95, 99))
        print(f"{page:<10} {len(rows):>8} {errors:>6} {p50:>8.0f} {p95:>8.0f} {p99:>8.0f}")
        if page == "semua":
            overall = {"requests": len(rows), "errors": errors, "p50": p50, "p95": p95, "p99": p99}
    kinds: dict[str, int] = {}
    for r in results:
        if not r.ok:
            kinds[r.detail] = kinds.get(r.detail, 0) + 1
    if kinds:
        print("errors: " + ", ".join(f"{k} x{v}" for k, v in sorted(kinds.items())))
    return overall


# ------------------------------------------------------------------- set-up and tear-down


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def postgres_database(url: str) -> Iterator[str]:
    """A database of our own on the loopback PostgreSQL server; dropped at the end."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    if parts.hostname not in LOOPBACK:
        raise SystemExit("--database-url must name a server on 127.0.0.1 or localhost")
    name = f"sepakat_load_{os.getpid()}"
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def sepakat(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "sepakat", *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        cwd=env["SEPAKAT_DATA_DIR"],
    )


@contextmanager
def served(env: dict[str, str], port: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "sepakat", "serve", f"127.0.0.1:{port}"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=env["SEPAKAT_DATA_DIR"],
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                if server.poll() is not None:
                    raise SystemExit(f"the server stopped:\n{log.read_text()[-3000:]}")
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.5)
            else:
                raise SystemExit("the server did not start within 120 s")
            yield server
        finally:
            if server.poll() is None:
                server.send_signal(signal.SIGTERM)
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(server.pid, signal.SIGKILL)
                    server.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0))
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--hard-stop", type=float, default=900.0)
    parser.add_argument("--baseline-rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--keep", action="store_true", help="keep the data folder and log")
    parser.add_argument(
        "--cache-url",
        default="",
        help="SEPAKAT_CACHE_URL of the served site, e.g. redis://127.0.0.1:6379/5 (default: "
        "the data folder)",
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="start the load with nothing cached (no warm-up pass over the pages)",
    )
    parser.add_argument(
        "--compare-uncached",
        action="store_true",
        help="first run the same load with the analysis cache off (SEPAKAT_CACHE_URL=off)",
    )
    args = parser.parse_args()
    if not 1 <= args.users <= 200 or not 0 < args.duration <= 600:
        parser.error("--users 1-200 and --duration up to 600 s")

    watchdog = threading.Timer(args.hard_stop, lambda: os.kill(os.getpid(), signal.SIGTERM))
    watchdog.daemon = True
    watchdog.start()
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(SystemExit("hard stop")))

    data_dir = Path(tempfile.mkdtemp(prefix="sepakat-load-"))
    env = {
        **os.environ,
        "SEPAKAT_DATA_DIR": str(data_dir),
        "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "DJANGO_SETTINGS_MODULE": "sepakat.settings",
    }
    env.pop("SEPAKAT_PRODUCTION", None)
    try:
        with postgres_database(args.database_url) if args.database_url else _nothing() as db_url:
            if db_url:
                env["DATABASE_URL"] = db_url
            else:
                env.pop("DATABASE_URL", None)
            started = time.perf_counter()
            sepakat(env, "migrate", "--verbosity", "0")
            sepakat(env, "demo")
            print(f"demo built in {time.perf_counter() - started:.0f} s")
            port = free_port()
            database = "PostgreSQL" if db_url else "SQLite"
            met = True
            for cache in ["off", args.cache_url] if args.compare_uncached else [args.cache_url]:
                env["SEPAKAT_CACHE_URL"] = cache
                print(f"\n=== {database}, analysis cache: {cache or 'the data folder'} ===")
                with served(env, port, data_dir / "serve.log") as server:
                    met = run(args, port, database, server.pid)
            return 0 if met else 1
    finally:
        if args.keep:
            print(f"kept: {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


@contextmanager
def _nothing() -> Iterator[str]:
    yield ""


def run(args: argparse.Namespace, port: int, database: str, server_pid: int) -> bool:
    mixes: dict[str, Mix] = {}
    sessions: list[tuple[Session, Mix]] = []
    for i in range(args.users):
        username, password = ACCOUNTS[i % len(ACCOUNTS)]
        session = Session(port, args.timeout)
        session.login(username, password)
        if username not in mixes:
            mixes[username] = build_mix(session)
        sessions.append((session, mixes[username]))
    print(f"{database}: {args.users} users logged in ({len(mixes)} accounts)")
    if not args.cold:
        # A site that has been running has its regions' pages cached; after a verification
        # only that province's pages are computed again. --cold measures from nothing.
        started = time.perf_counter()
        warmed = [
            one(session, page, url)
            for mix in mixes.values()
            for session in [next(s for s, m in sessions if m is mix)]
            for page in PAGES
            for url in mix.urls[page]
        ]
        print(
            f"warm-up: every page of the mix once ({len(warmed)} pages, "
            f"{sum(not r.ok for r in warmed)} errors) in {time.perf_counter() - started:.0f} s"
        )
    first = sessions[0]
    base = report(
        "baseline: one user, no think time, every page in turn",
        baseline(first[0], first[1], args.baseline_rounds),
    )
    print(
        f"\nload: {args.users} users, think time {args.think[0]:g}-{args.think[1]:g} s, "
        f"{args.duration:g} s"
    )
    started, cpu = time.perf_counter(), tree_cpu_seconds(server_pid)
    results = load(sessions, args.duration, tuple(args.think), args.seed)
    elapsed = time.perf_counter() - started
    cpu = tree_cpu_seconds(server_pid) - cpu
    overall = report(f"under load ({len(results) / elapsed:.1f} requests/s)", results)
    print(
        f"server CPU: {cpu:.1f} s in {elapsed:.0f} s, {cpu / max(1, len(results)) * 1000:.0f} ms "
        f"per request; load average at the end {os.getloadavg()[0]:.1f} (2 CPUs: "
        "other work on the machine counts in the times above)"
    )
    met = overall["errors"] == 0 and overall["p95"] < GOAL_P95_MS
    ratio = overall["p95"] / base["p95"] if base["p95"] else float("nan")
    print(
        f"\np95 under load / p95 alone = {ratio:.1f}x; goal (p95 < {GOAL_P95_MS:.0f} ms, "
        f"no error): {'met' if met else 'NOT met'}"
    )
    return met


if __name__ == "__main__":
    raise SystemExit(main())
