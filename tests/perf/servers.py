"""Start and stop gunicorn servers for benchmarks and soak runs (loopback only)."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A gunicorn master with its workers, serving target on a loopback port."""

    target: str
    env: dict = field(default_factory=dict)
    workers: int = 2
    port: int = field(default_factory=free_port)
    log: Path | None = None  # where gunicorn's output goes (default: this terminal)
    options: list[str] = field(default_factory=list)  # more gunicorn command-line options
    config: str | None = "python:planner.serving"  # make run's settings; None for other apps
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """Base URL of the server."""
        return f"http://127.0.0.1:{self.port}"

    def start(self, ready_path: str = "/", timeout: float = 30) -> "Server":
        """Start gunicorn and wait until ready_path answers."""
        command = [
            str(GUNICORN),
            *(["--config", self.config] if self.config else []),
            "--workers", str(self.workers),
            "--bind", f"127.0.0.1:{self.port}",
            "--graceful-timeout", "5",
            "--log-level", "warning",
            *self.options,
            self.target,
        ]
        env = {**os.environ, **self.env, "PYTHONPATH": str(ROOT)}
        if self.log:
            with self.log.open("ab") as output:  # the child keeps its own copy open
                self.process = subprocess.Popen(
                    command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
                )
        else:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code = self.process.returncode
                raise RuntimeError(f"gunicorn for {self.target} exited with {code}")
            try:
                with urllib.request.urlopen(self.url + ready_path, timeout=2):
                    return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn for {self.target} did not answer within {timeout} s")

    def worker_pids(self) -> list[int]:
        """Process ids of the current workers (children of the master)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def kill_one_worker(self) -> int | None:
        """SIGKILL one worker, as a crash would; the master starts a new one."""
        pids = self.worker_pids()
        if not pids:
            return None
        os.kill(pids[0], signal.SIGKILL)
        return pids[0]

    def stop(self) -> None:
        """Stop the master and its workers."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
