"""A PostgreSQL server of our own, in a temporary folder, for tests and soaks that fault it.

Freezing, crashing or restarting a server that other test runs share would fail them, so the
tests that do it start their own: `initdb` into a fresh folder, `postgres` on a free loopback
port, trust authentication for the user postgres. As root the server runs as the postgres
user, since PostgreSQL refuses to run as root.
"""

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

SEARCH = "/usr/lib/postgresql/*/bin"  # Debian's layout, one folder per major version
NEEDED = ("initdb", "postgres", "pg_isready")
WAIT = 60  # seconds a start or stop may take


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_bin() -> Path | None:
    """The folder of initdb, postgres and pg_isready: initdb's on the PATH, else Debian's newest."""
    found = shutil.which("initdb")
    folders = [Path(found).resolve().parent] if found else []
    folders += sorted(Path("/").glob(SEARCH.lstrip("/")), reverse=True,
                      key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    return next((f for f in folders if all((f / name).exists() for name in NEEDED)), None)


def _run_as() -> dict:
    """Popen arguments that drop root to the postgres user (PostgreSQL will not run as root)."""
    if os.geteuid() != 0:
        return {}
    user = pwd.getpwnam("postgres")
    return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}


def _children(pid: int) -> list[int]:
    """Process ids of pid's children (PostgreSQL's backends and helpers)."""
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


@dataclass
class PostgresServer:
    """One PostgreSQL cluster in a temporary folder, served on a free port of 127.0.0.1."""

    bin: Path
    port: int = field(default_factory=free_port)
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="planner-pg-")))
    process: subprocess.Popen | None = None
    frozen: list[int] = field(default_factory=list)

    @property
    def data(self) -> Path:
        """The cluster's data folder."""
        return self.folder / "data"

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the postgres database, as the app takes it."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def init(self) -> "PostgresServer":
        """Make the cluster (initdb), owned by the user the server runs as."""
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.folder, user.pw_uid, user.pw_gid)
        subprocess.run([str(self.bin / "initdb"), "--pgdata", str(self.data), "--username",
                        "postgres", "--auth", "trust", "--no-sync", "--encoding", "UTF8"],
                       check=True, capture_output=True, timeout=WAIT, **_run_as())
        return self

    def start(self) -> "PostgresServer":
        """Start the server and wait until it accepts connections."""
        log = self.folder / "server.log"
        command = [str(self.bin / "postgres"), "-D", str(self.data), "-p", str(self.port),
                   "-c", "listen_addresses=127.0.0.1",
                   "-c", f"unix_socket_directories={self.folder}",
                   "-c", "max_connections=60", "-c", "shared_buffers=16MB"]
        with open(log, "ab") as output:
            self.process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT,
                                            start_new_session=True, **_run_as())
        deadline = time.monotonic() + WAIT
        while not self.ready():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"PostgreSQL did not start: see {log}")
            time.sleep(0.1)
        return self

    def ready(self) -> bool:
        """True when the server accepts connections."""
        done = subprocess.run([str(self.bin / "pg_isready"), "-q", "-h", "127.0.0.1", "-p",
                               str(self.port), "-t", "2"], check=False)
        return done.returncode == 0

    def freeze(self) -> None:
        """SIGSTOP the server and every process of it: connections stay open, nothing answers.

        The kernel still accepts connections and acknowledges what clients send, so neither
        TCP keepalives nor the server's own statement timeout notice anything.
        """
        os.kill(self.process.pid, signal.SIGSTOP)  # first, so that it forks no new child
        self.frozen = [self.process.pid, *_children(self.process.pid)]
        for pid in self.frozen[1:]:
            os.kill(pid, signal.SIGSTOP)

    def thaw(self) -> None:
        """SIGCONT every process freeze() stopped."""
        for pid in reversed(self.frozen):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)
        self.frozen = []

    def crash(self) -> None:
        """Stop the server in immediate mode: no checkpoint, recovery at the next start."""
        self.thaw()
        self.process.send_signal(signal.SIGQUIT)
        self.process.wait(timeout=WAIT)

    def restart_immediate(self) -> None:
        """A crash and a start, as `pg_ctl restart -m immediate` does."""
        self.crash()
        self.start()

    def stop(self) -> None:
        """Stop the server (fast shutdown) and remove its folder."""
        if self.process and self.process.poll() is None:
            self.thaw()
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=WAIT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> "PostgresServer":
        try:
            return self.init().start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()
