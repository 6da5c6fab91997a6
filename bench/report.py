"""Markdown tables and a one-line description of the machine."""

from __future__ import annotations

import os
import platform
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Fixed:
    """A number shown with `digits` decimals (plain floats get one)."""

    value: float
    digits: int = 2


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table; numbers right-aligned."""
    number = int | float | Fixed
    align = ["---:" if rows and isinstance(value, number) else "---" for value in rows[0]] if rows else []
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(align or ["---"] * len(headers)) + " |"]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def cell(value: object) -> str:
    if isinstance(value, Fixed):
        return f"{value.value:,.{value.digits}f}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def machine() -> str:
    """CPU model, `nproc`, RAM and Python version."""
    cpuinfo = _read("/proc/cpuinfo")
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    memory = re.search(r"^MemTotal:\s*(\d+) kB", _read("/proc/meminfo"), re.MULTILINE)
    ram = f"{int(memory.group(1)) / 1024**2:.1f} GiB RAM" if memory else "RAM unknown"
    cpu = model.group(1).strip() if model else platform.processor() or "CPU unknown"
    nproc = len(os.sched_getaffinity(0))
    return f"Machine: {cpu}, nproc {nproc}, {ram}, Python {platform.python_version()} ({platform.system()})"


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""
