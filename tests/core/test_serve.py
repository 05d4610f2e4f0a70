"""`sepakat serve` runs gunicorn and the task worker as one unit: a page is served, static
files come from the application, and SIGTERM stops every process it started."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from sepakat.core import serving


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (Linux /proc)."""
    found: set[int] = set()
    pending = [pid]
    while pending:
        parent = pending.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                if child not in found:
                    found.add(child)
                    pending.append(child)
    return found


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read()


def request(url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as r:
        return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()


def wait_until_served(parent: subprocess.Popen[bytes], url: str, headers: dict[str, str]) -> bytes:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            status, _headers, body = request(url, headers)
            assert status == 200
            return body
        except OSError:  # refused, reset or not answering yet
            assert parent.poll() is None, parent.stdout.read().decode()  # type: ignore[union-attr]
            time.sleep(0.5)
    raise AssertionError(f"{url} not served within 90 s")


def stop_and_check_all_gone(parent: subprocess.Popen[bytes], children: set[int]) -> None:
    parent.send_signal(signal.SIGTERM)
    parent.wait(timeout=30)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(alive(pid) for pid in children):
        time.sleep(0.1)
    assert [command_line(pid) for pid in children if alive(pid)] == []
    assert parent.returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_serve_answers_pages_and_sigterm_stops_server_and_worker(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SEPAKAT_", "DATABASE_URL"))}
    env.update(
        SEPAKAT_DATA_DIR=str(tmp_path / "data"),
        SEPAKAT_WEB_WORKERS="2",
        SEPAKAT_WEB_THREADS="2",
        DJANGO_SETTINGS_MODULE="sepakat.settings",
    )
    parent = subprocess.Popen(
        [sys.executable, "-m", "sepakat", "serve", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        status, body = 0, b""
        while time.monotonic() < deadline:
            try:
                status, body = get(f"http://127.0.0.1:{port}/")
                break
            except OSError:  # refused, reset or not answering yet
                assert parent.poll() is None, parent.stdout.read().decode()  # type: ignore[union-attr]
                time.sleep(0.5)
        assert status == 200
        assert b"SEPAKAT" in body and b'lang="id"' in body
        # Static files are served by WhiteNoise inside the application, not by a proxy.
        status, script = get(f"http://127.0.0.1:{port}/static/analysis/charts.js")
        assert status == 200 and len(script) > 100

        children = descendants(parent.pid)
        commands = [command_line(pid) for pid in children]
        assert any("gunicorn" in c for c in commands), commands
        assert any("sepakat worker" in c for c in commands), commands
        # gunicorn's master and the two web workers it forked, plus the task worker
        assert len(children) >= 4, commands
        # The data folder was made by the command, with its development key file.
        assert (tmp_path / "data" / "secret_key").exists()

        parent.send_signal(signal.SIGTERM)
        parent.wait(timeout=30)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(alive(pid) for pid in children):
            time.sleep(0.1)
        assert [command_line(pid) for pid in children if alive(pid)] == []
        assert parent.returncode == 0
        with pytest.raises((urllib.error.URLError, ConnectionError)):
            get(f"http://127.0.0.1:{port}/")
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()


def test_addrport_accepts_a_port_an_address_and_ipv6():
    assert serving.parse_addrport("8001") == "127.0.0.1:8001"
    assert serving.parse_addrport("0.0.0.0:80") == "0.0.0.0:80"
    assert serving.parse_addrport("[::1]:8000") == "[::1]:8000"
    for wrong in ("localhost", ":80", "host:port", "1.2.3.4:70000"):
        with pytest.raises(ValueError):
            serving.parse_addrport(wrong)


def test_a_wrong_address_is_refused_in_indonesian():
    from sepakat.env import EnvironmentError_

    with pytest.raises(EnvironmentError_, match="Alamat server tidak dikenali: localhost"):
        serving.plan("localhost", production=False)


def test_workers_follow_the_cpus_and_the_memory():
    assert serving.web_workers(1, None) == 3
    assert serving.web_workers(2, 64_000) == 5
    assert serving.web_workers(32, 64_000) == serving.MAX_WEB_WORKERS
    # 1 GB free: three workers of about 300 MB, not five
    assert serving.web_workers(2, 1000) == 3
    assert serving.web_workers(2, 100) == 1


def test_environment_overrides_the_sizing(monkeypatch):
    monkeypatch.setenv("SEPAKAT_WEB_WORKERS", "3")
    monkeypatch.setenv("SEPAKAT_WEB_THREADS", "7")
    plan = serving.plan("127.0.0.1:9000", production=True)
    command = serving.gunicorn_command(plan)
    assert command[command.index("--workers") + 1] == "3"
    assert command[command.index("--threads") + 1] == "7"
    assert command[command.index("--bind") + 1] == "127.0.0.1:9000"
    assert "--access-logfile" in command


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def test_when_the_web_server_ends_the_worker_is_stopped_and_its_code_returned():
    said: list[str] = []
    worker = python("import time, pathlib, os; time.sleep(60)")
    started = time.monotonic()
    code = serving.supervise(
        python("import time; time.sleep(0.5); raise SystemExit(4)"), worker, say=said.append
    )
    assert code == 4
    assert time.monotonic() - started < 15
    assert said == ["Server web berhenti (kode 4); pekerja tugas ikut dihentikan."]


def test_a_dead_task_worker_is_started_again(tmp_path, monkeypatch):
    monkeypatch.setattr(serving, "RESTART_PAUSE_SECONDS", 0.2)
    starts = tmp_path / "starts"
    # each start of the worker leaves a line, then the worker dies at once
    worker = python(f"open({str(starts)!r}, 'a').write('x\\n')")
    said: list[str] = []
    code = serving.supervise(python("import time; time.sleep(3)"), worker, say=said.append)
    assert code == 0
    assert len(starts.read_text().splitlines()) >= 3
    assert "Pekerja tugas berhenti (kode 0); dijalankan lagi." in said


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_the_same_command_serves_production_with_hashed_compressed_static_files(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SEPAKAT_", "DATABASE_URL"))}
    env.update(
        SEPAKAT_DATA_DIR=str(tmp_path / "data"),
        SEPAKAT_PRODUCTION="1",
        SEPAKAT_SECRET_KEY="kunci-uji-produksi-" + "x" * 50,
        SEPAKAT_ALLOWED_HOSTS="sepakat.contoh.go.id",
        SEPAKAT_WEB_WORKERS="1",
        SEPAKAT_WEB_THREADS="2",
        DJANGO_SETTINGS_MODULE="sepakat.settings",
    )
    # as systemd runs it: the task worker is its own unit
    parent = subprocess.Popen(
        [sys.executable, "-m", "sepakat", "serve", "--no-worker", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    # what nginx sends: the host name and the scheme the browser used
    proxy = {"Host": "sepakat.contoh.go.id", "X-Forwarded-Proto": "https"}
    try:
        html = wait_until_served(parent, f"http://127.0.0.1:{port}/", proxy).decode()
        status, headers, _ = request(f"http://127.0.0.1:{port}/", proxy)
        assert "max-age=31536000" in headers["strict-transport-security"]
        # collectstatic ran: pages name the hashed files, served compressed and immutable
        match = re.search(r'src="(/static/django_htmx/htmx[^"]+\.[0-9a-f]{12}\.js)"', html)
        assert match, html[:2000]
        status, headers, _ = request(
            f"http://127.0.0.1:{port}{match.group(1)}", {**proxy, "Accept-Encoding": "gzip"}
        )
        assert status == 200
        assert headers["content-encoding"] == "gzip"
        assert "immutable" in headers["cache-control"]
        assert (tmp_path / "data" / "static" / "staticfiles.json").is_file()
        # production keeps its key in the environment, never in the data folder
        assert not (tmp_path / "data" / "secret_key").exists()

        children = descendants(parent.pid)
        commands = [command_line(pid) for pid in children]
        assert any("gunicorn" in c for c in commands), commands
        assert not any("sepakat worker" in c for c in commands), commands
        stop_and_check_all_gone(parent, children)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_killing_serve_outright_still_leaves_no_orphan(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SEPAKAT_", "DATABASE_URL"))}
    env.update(SEPAKAT_DATA_DIR=str(tmp_path / "data"), SEPAKAT_WEB_WORKERS="1")
    parent = subprocess.Popen(
        [sys.executable, "-m", "sepakat", "serve", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_served(parent, f"http://127.0.0.1:{port}/", {})
        children = descendants(parent.pid)
        assert any("sepakat worker" in command_line(pid) for pid in children)
        # SIGKILL gives the parent no chance to clean up: the kernel tells the children.
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(alive(pid) for pid in children):
            time.sleep(0.2)
        assert [command_line(pid) for pid in children if alive(pid)] == []
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
