"""Drive wrk against a URL and read its numbers."""

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

INSTALL_HINT = "wrk is not installed: apt-get install wrk (Debian's package)"

# wrk prints latencies like 1.23ms, 850.00us, 1.02s
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass
class Result:
    """Throughput and latency of one wrk run."""

    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx_3xx: int
    socket_errors: int


def available() -> bool:
    """True when the wrk binary is on PATH."""
    return shutil.which("wrk") is not None


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def parse(output: str) -> Result:
    """Read requests/s, p50, p99 and error counts from wrk --latency output."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _ms(re.search(r"\s50%\s+([\d.]+(?:us|ms|s))", output).group(1))
    p99 = _ms(re.search(r"\s99%\s+([\d.]+(?:us|ms|s))", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    socket_errors = sum(int(n) for n in errors.groups()) if errors else 0
    return Result(rps, p50, p99, total, int(bad.group(1)) if bad else 0, socket_errors)


def run(url: str, *, seconds: int, connections: int, threads: int = 2, script: str | None = None):
    """Run wrk once; script is Lua source setting up the requests, if any."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    with tempfile.TemporaryDirectory() as folder:
        if script:
            path = Path(folder) / "script.lua"
            path.write_text(script)
            command[1:1] = ["-s", str(path)]
        done = subprocess.run(
            command, capture_output=True, text=True, check=True, timeout=seconds + 60
        )
    return parse(done.stdout)
