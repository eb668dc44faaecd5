"""Benchmark (not a test): clean and render each worst shape of comment text, in process.

For each shape of tests/perf/text_shapes.py, the median time to clean (as the reply form does)
and render one comment of the full allowed length, and of a quarter of it (for the name shapes:
the avatar letters and colour of a name that long): in linear time the
full length costs about four times the quarter ("growth" near 4; a quadratic step shows 16).

    .venv/bin/python tests/perf/render_text.py [--runs 5] [--module planner.comments.text]

--module times another implementation with the same functions (an older text.py, say).
"""

import argparse
import importlib
import importlib.util
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from planner.comments.models import BODY_MAX  # noqa: E402
from tests.perf.text_shapes import NAME_SHAPES, SHAPES, shape  # noqa: E402


def load(module: str):
    """The text module to time: a dotted name or a path to a .py file."""
    if module.endswith(".py"):
        spec = importlib.util.spec_from_file_location("text_under_test", module)
        loaded = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(loaded)
        return loaded
    return importlib.import_module(module)


def median_ms(text_module, body: str, runs: int) -> float:
    """Median wall time of cleaning and rendering body, in ms."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        text_module.render_comment(text_module.clean_text(body, multiline=True))
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def name_ms(text_module, name: str, runs: int) -> float:
    """Median wall time of the avatar letters and colour for name, in ms (cache bypassed)."""
    initials = getattr(text_module.initials, "__wrapped__", text_module.initials)
    colour = getattr(text_module.avatar_colour, "__wrapped__", text_module.avatar_colour)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        initials(name)
        colour(name)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def measure(runs: int = 5, module: str = "planner.comments.text") -> dict[str, dict]:
    """Times per shape: full length, a quarter of it, and their ratio."""
    text_module = load(module)
    results = {}
    for name in SHAPES:
        full = median_ms(text_module, shape(name, BODY_MAX), runs)
        quarter = median_ms(text_module, shape(name, BODY_MAX // 4), runs)
        results[name] = {"full_ms": full, "quarter_ms": quarter,
                         "growth": full / quarter if quarter else 0.0}
    for name in NAME_SHAPES:
        full = name_ms(text_module, shape(name, BODY_MAX), runs)
        quarter = name_ms(text_module, shape(name, BODY_MAX // 4), runs)
        results[name] = {"full_ms": full, "quarter_ms": quarter,
                         "growth": full / quarter if quarter else 0.0}
    return results


def print_table(results: dict[str, dict]) -> None:
    """The human-readable table."""
    print(f"\n{'comment text shape':<22}{f'{BODY_MAX:,} chars':>14}{f'{BODY_MAX // 4:,}':>10}"
          f"{'growth':>8}")
    for name, row in results.items():
        print(f"{name:<22}{row['full_ms']:>11.2f} ms{row['quarter_ms']:>7.2f} ms"
              f"{row['growth']:>8.1f}")
    print("clean + render one comment (names: initials + colour), median wall time; "
          "growth 4 is linear, 16 quadratic")


def main() -> None:
    """Parse arguments, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--module", default="planner.comments.text")
    args = parser.parse_args()
    print_table(measure(args.runs, args.module))


if __name__ == "__main__":
    main()
