"""Wall-clock timings of the CLI on the seeds: cold (no embedding cache), cached, `--help`, `import xref`.

Each command runs in a fresh process, repeated; medians are reported. Not part of CI.

    python benchmarks/timing.py --repeat 5
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted(str(p) for p in (ROOT / "seeds").glob("*.txt"))


def timed(command: list[str], env: dict) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    xref = [sys.executable, "-m", "xref"]
    cases = {
        "import xref": [sys.executable, "-c", "import xref"],
        "xref --help": [*xref, "--help"],
        "xref compare seeds/*.txt (cold: empty cache)": [*xref, "compare", *SEEDS],
        "xref compare seeds/*.txt (embedding cache warm)": [*xref, "compare", *SEEDS],
        "xref compare seeds/*.txt --no-cache": [*xref, "compare", *SEEDS, "--no-cache"],
    }
    print(f"machine: {os.cpu_count()} cores; {args.repeat} runs each; median seconds")
    print("| command | median s | min s |")
    print("|---|---|---|")
    for name, command in cases.items():
        times = []
        for _ in range(args.repeat):
            home = tempfile.mkdtemp(prefix="xref-bench-")
            env = dict(os.environ, XDG_CACHE_HOME=home)
            if "warm" in name:
                subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(timed(command, env))
            shutil.rmtree(home, ignore_errors=True)
        print(f"| `{name}` | {statistics.median(times):.2f} | {min(times):.2f} |")


if __name__ == "__main__":
    main()
