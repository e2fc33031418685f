"""Rows to CSV for the embedded engine's ``COPY ... FROM`` bulk path.

COPY into a table runs at ~130,000 nodes/s and ~470,000 relationships/s here
against ~9,000-18,000 nodes/s for ``UNWIND ... CREATE`` (docs/benchmarks.md).
A value CSV cannot carry faithfully (a list element with a comma, bracket or
quote; a line break) makes its row take the ordinary path instead.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

_UNSAFE_IN_LIST = set(",[]\"'{}")


def cell(value: Any) -> str | None:
    """One CSV cell, or None when the value cannot travel through CSV."""
    if value is None:
        return ""  # an unquoted empty cell is NULL to the engine
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(value)
    if isinstance(value, list):
        parts = [str(v) for v in value]
        if any(p != p.strip() or not p or _UNSAFE_IN_LIST & set(p) or "\n" in p for p in parts):
            return None
        return '"[' + ",".join(parts) + ']"'
    text = str(value)
    if "\n" in text or "\r" in text:
        return None
    return '"' + text.replace('"', '""') + '"'  # a quoted "" stays an empty string


def split_rows(
    rows: Iterable[Sequence[Any]],
) -> tuple[list[str], list[int]]:
    """CSV lines for the rows that CSV can carry, and the indexes of those it cannot."""
    lines: list[str] = []
    slow: list[int] = []
    for i, values in enumerate(rows):
        cells = [cell(v) for v in values]
        if any(c is None for c in cells):
            slow.append(i)
        else:
            lines.append(",".join(c for c in cells if c is not None))
    return lines, slow


def write_csv(path: Path, lines: Iterable[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        for line in lines:
            fh.write(line)
            fh.write("\n")
    return path
