"""Wall time and peak memory (RSS of a process and its children) of a command."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psutil


@dataclass(frozen=True)
class Measurement:
    seconds: float
    peak_rss_bytes: int
    output: str
    # The peak of what the `also` probe of measure() returned (another process's memory, such as a server's).
    peak_also_bytes: int = 0


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            pass
    return total


def measure(command: list[str], cwd: Path, env: dict[str, str], also: Callable[[], int] | None = None) -> Measurement:
    """Run a command to completion, sampling its memory every 20 ms; fail loudly if it fails.

    `also`, if given, is sampled with it (bytes of memory held elsewhere on its behalf) and its peak kept.
    """
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    watched = psutil.Process(child.pid)
    peak = 0
    peak_also = 0
    while child.poll() is None:
        try:
            peak = max(peak, _tree_rss(watched))
        except psutil.Error:
            pass
        if also is not None:
            peak_also = max(peak_also, also())
        time.sleep(0.02)
    output = child.stdout.read() if child.stdout else ""
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({child.returncode}):\n{output[-4000:]}")
    return Measurement(seconds=seconds, peak_rss_bytes=peak, output=output, peak_also_bytes=peak_also)
