"""How ``sepakat serve`` runs: gunicorn for the pages, the task worker beside it, one parent.

Why gunicorn (and not granian): it is pure Python (no compiled wheel to trust or to lack on
an unusual platform), it is what most Indonesian government data centres and their Ansible
roles already know, and its threaded worker (``gthread``) suits a Django site whose requests
wait on SQLite/PostgreSQL and DuckDB more than on Python. See docs/deploy.md.

The parent process does nothing but supervise: it starts gunicorn (which forks its own web
workers) and django-tasks-db's ``db_worker``, restarts the task worker if it dies (a crashed
import job must not leave the queue unattended), and on SIGTERM, SIGINT (Ctrl-C) or SIGHUP
stops both and waits for them. On Linux each child also asks the kernel to send it SIGTERM
if the parent dies without cleaning up (``kill -9``), so no worker is ever orphaned.

Sizing (both overridable): web workers = 2 x CPUs + 1, at most 8, at least 2, and never
more than the memory allows at about 300 MB each; 4 threads per worker.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from sepakat.env import EnvironmentError_, env_int

WORKER_MEMORY_MB = 300
MAX_WEB_WORKERS = 8
THREADS_PER_WORKER = 4
# A task worker that dies again within this many seconds is restarted after a pause, so a
# broken configuration does not spin the CPU.
RESTART_PAUSE_SECONDS = 5.0
STOP_TIMEOUT_SECONDS = 25.0


def cpu_count() -> int:
    """CPUs this process may run on (a container's or systemd's limit, not the host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def available_memory_mb() -> int | None:
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return None


def web_workers(cpus: int, memory_mb: int | None) -> int:
    workers = max(2, min(2 * cpus + 1, MAX_WEB_WORKERS))
    if memory_mb is not None:
        workers = max(1, min(workers, memory_mb // WORKER_MEMORY_MB))
    return workers


@dataclass(frozen=True)
class ServePlan:
    bind: str
    workers: int
    threads: int
    access_log: bool


def parse_addrport(addrport: str) -> str:
    """``8000``, ``0.0.0.0:8000`` or ``[::1]:8000`` as gunicorn's ``--bind`` value."""
    if addrport.isdigit():
        port, host = addrport, "127.0.0.1"
    else:
        host, sep, port = addrport.rpartition(":")
        if not sep or not host or not port.isdigit():
            raise ValueError(addrport)
    if not 0 < int(port) < 65536:
        raise ValueError(addrport)
    return f"{host}:{port}"


def plan(addrport: str, *, production: bool) -> ServePlan:
    try:
        bind = parse_addrport(addrport)
    except ValueError as exc:
        raise EnvironmentError_(
            _(
                "Alamat server tidak dikenali: %(addrport)s. Tulis PORT, ALAMAT:PORT atau "
                "[IPv6]:PORT, misalnya 127.0.0.1:8000."
            )
            % {"addrport": addrport}
        ) from exc
    default_workers = web_workers(cpu_count(), available_memory_mb())
    return ServePlan(
        bind=bind,
        workers=max(1, env_int("SEPAKAT_WEB_WORKERS", default_workers)),
        threads=max(1, env_int("SEPAKAT_WEB_THREADS", THREADS_PER_WORKER)),
        access_log=production,
    )


def gunicorn_command(serve: ServePlan) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "sepakat.wsgi:application",
        "--bind",
        serve.bind,
        "--worker-class",
        "gthread",
        "--workers",
        str(serve.workers),
        "--threads",
        str(serve.threads),
        # Long enough for a PDF report or a large upload, short enough to free a stuck worker.
        "--timeout",
        "120",
        "--graceful-timeout",
        "20",
        # Recycle workers now and then: DuckDB and pandas hold memory between requests.
        "--max-requests",
        "2000",
        "--max-requests-jitter",
        "200",
        "--error-logfile",
        "-",
        # gunicorn 27's control socket lives in the user's home folder and would be shared
        # by every instance on the machine; the parent process is the control here.
        "--no-control-socket",
    ]
    if serve.access_log:
        command += ["--access-logfile", "-"]
    return command


def worker_command() -> list[str]:
    return [sys.executable, "-m", "sepakat", "worker", "--no-reload", "--interval", "1"]


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the parent dies, whatever kills it."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: the signal handlers below still apply
        pass


def _start(command: Sequence[str]) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    # Served, a thread keeps its database connection for a minute instead of opening one
    # per request: on PostgreSQL every new connection forks a server process and
    # authenticates, about as much CPU as the page itself under load (bench/README.md,
    # "Speed under load"). The development server and the tests keep Django's default.
    env.setdefault("SEPAKAT_DB_CONN_MAX_AGE", "60")
    return subprocess.Popen(list(command), preexec_fn=_die_with_parent, env=env)


def _stop(processes: Sequence[subprocess.Popen[bytes]], sig: int) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(sig)
    deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def supervise(
    web: Sequence[str], worker: Sequence[str] | None, *, say: Callable[[str], None]
) -> int:
    """Run the web server and (if given) the task worker until a signal or the server ends.

    Returns the web server's exit code (0 after a requested stop)."""
    stop_signal: list[int] = []

    def request_stop(signum: int, _frame: object) -> None:
        stop_signal.append(signum)

    previous = {
        sig: signal.signal(sig, request_stop)
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
    }
    server = _start(web)
    task_worker = _start(worker) if worker else None
    started = time.monotonic()
    try:
        while not stop_signal:
            if server.poll() is not None:
                say(
                    _("Server web berhenti (kode %(code)s); pekerja tugas ikut dihentikan.")
                    % {"code": server.returncode}
                )
                break
            if task_worker is not None and worker and task_worker.poll() is not None:
                say(
                    _("Pekerja tugas berhenti (kode %(code)s); dijalankan lagi.")
                    % {"code": task_worker.returncode}
                )
                if time.monotonic() - started < RESTART_PAUSE_SECONDS:
                    time.sleep(RESTART_PAUSE_SECONDS)
                task_worker = _start(worker)
                started = time.monotonic()
            time.sleep(0.2)
    finally:
        # gunicorn stops gracefully on SIGTERM (finishes running requests); the task worker
        # finishes its current task on SIGTERM too.
        children = [server] + ([task_worker] if task_worker is not None else [])
        _stop(children, signal.SIGTERM)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0 if stop_signal else (server.returncode or 0)
