"""Wall time and peak memory (RSS of a process and its children) of a command."""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import psutil


@dataclass(frozen=True)
class Measurement:
    seconds: float
    peak_rss_bytes: int
    output: str


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            pass
    return total


def measure(command: list[str], cwd: Path, env: dict[str, str]) -> Measurement:
    """Run a command to completion, sampling its memory every 20 ms; fail loudly if it fails."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    watched = psutil.Process(child.pid)
    peak = 0
    while child.poll() is None:
        try:
            peak = max(peak, _tree_rss(watched))
        except psutil.Error:
            pass
        time.sleep(0.02)
    output = child.stdout.read() if child.stdout else ""
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({child.returncode}):\n{output[-4000:]}")
    return Measurement(seconds=seconds, peak_rss_bytes=peak, output=output)
