"""What the benchmarks share: the context of their timings (CPU, Python, OS, load and the
code measured) and how their figures are written."""
from __future__ import annotations

import json
import os
import platform
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def machine() -> dict:
    """CPU count and model, Python version, OS, load average and git commit."""
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True,
                                capture_output=True).stdout.strip()
        dirty = bool(subprocess.run(["git", "status", "--porcelain", "ccaudit"], cwd=ROOT,
                                    text=True, capture_output=True).stdout.strip())
    except OSError:
        commit, dirty = "", False
    return {"nproc": os.cpu_count(), "cpu": model, "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}",
            "git": f"{commit}{' + uncommitted changes to ccaudit/' if dirty else ''}",
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


def write_json(figures: dict, path: Path) -> None:
    """The figures as indented JSON (dates and paths as text)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(figures, indent=2, ensure_ascii=False, default=str) + "\n")


# Linux carries a process's peak resident size across fork and exec: a command started by a
# benchmark that has loaded models itself would report the benchmark's peak as its own. A
# small Python process in between starts the command and reports the command's own peak.
_PEAK_MARK = "bench-peak-kib "
_LAUNCHER = ("import os, subprocess, sys\n"
             "child = subprocess.Popen(sys.argv[1:])\n"
             "_, status, usage = os.wait4(child.pid, 0)\n"
             f"sys.stderr.write('\\n{_PEAK_MARK}%d\\n' % usage.ru_maxrss)\n"
             "sys.exit(os.waitstatus_to_exitcode(status))\n")


def measured(command: list[str]) -> list[str]:
    """``command`` run through the launcher: its peak comes out on stderr (:func:`peak_mb`)."""
    import sys

    return [sys.executable, "-c", _LAUNCHER, *command]


def peak_mb(stderr: str) -> tuple[float, str]:
    """The command's peak RSS in MB (Linux: KiB) and its stderr without the launcher's line."""
    lines = stderr.splitlines()
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].startswith(_PEAK_MARK):
            kib = int(lines[i][len(_PEAK_MARK):])
            return kib / 1024, "\n".join(lines[:i]).rstrip("\n")
    return float("nan"), stderr
