"""Run the benchmarks in bench/ against the local database with demo data: `make bench`.

Each module bench/<name>.py defines BENCHMARKS = [(label, function, target_seconds), ...]. Every function
runs once to warm up, then five times; the median is compared with its target. Speed targets live here,
never in timed tests.
"""

import importlib
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "union_portal.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

settings.ALLOWED_HOSTS.append("testserver")
RUNS = 5


def main() -> int:
    failures = 0
    modules = sorted(path.stem for path in Path(__file__).parent.glob("*.py") if path.stem not in {"run", "__init__"})
    print(f"{'benchmark':58} {'median':>9} {'target':>9}")
    for name in modules:
        # bigdata.py and pages.py are scripts of their own (make bench-data, make bench-pages)
        for label, function, target in getattr(importlib.import_module(f"bench.{name}"), "BENCHMARKS", []):
            function()
            times = []
            for _ in range(RUNS):
                start = time.perf_counter()
                function()
                times.append(time.perf_counter() - start)
            median = statistics.median(times)
            verdict = "ok" if median <= target else "SLOW"
            failures += verdict != "ok"
            print(f"{name + ': ' + label:58} {median:8.3f}s {target:8.2f}s  {verdict}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
