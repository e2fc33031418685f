"""Columns to CSV for the embedded engine's ``COPY ... FROM`` bulk path.

COPY into a table is several times faster than ``UNWIND ... CREATE``
(docs/benchmarks.md), and the file is written by the ``csv`` module a column at a
time, so the Python work per cell is a type check, not a formatting call.

What the engine reads (checked in tests/graph/test_csv_copy.py): a quoted cell is
a string, ``""`` the empty string, an unquoted empty cell NULL; ``""`` inside a
quoted cell is one quote; a quoted line break needs ``PARALLEL=FALSE``; a list is
``[a,b]`` with each element trimmed and no quoting inside it, so a list element
with a comma, bracket, brace, quote, line break or outer spaces, or an empty one,
cannot travel and its row takes the ordinary path instead.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backend.graph.schema import PropType

_UNSAFE_IN_LIST = frozenset(",[]\"'{}\n\r")


class _Null(int):
    """A cell the csv module writes bare and empty, which the engine reads as NULL
    (the module writes ``None`` as ``""``, an empty string, under QUOTE_NONNUMERIC)."""

    def __str__(self) -> str:
        return ""

    __repr__ = __str__


NULL = _Null()


def list_cell(values: Sequence[str]) -> str | None:
    """``[a,b]``, or None when an element cannot travel inside a CSV list."""
    for v in values:
        if not v or v != v.strip() or not _UNSAFE_IN_LIST.isdisjoint(v):
            return None
    return "[" + ",".join(values) + "]"


@dataclass(frozen=True)
class Written:
    rows: int  # rows in the file
    slow: list[int]  # indexes of the rows left out: they take the ordinary path
    multiline: bool  # a value spans lines: read the file with PARALLEL=FALSE


def _cells(kind: PropType, values: list[Any], slow: set[int]) -> tuple[list[Any], bool]:
    """One column ready for the writer, and whether it holds a line break."""
    if kind == "STRING[]":
        out: list[Any] = []
        for i, v in enumerate(values):
            if v is None:
                out.append(NULL)
                continue
            text = list_cell(v)
            if text is None:
                slow.add(i)
            out.append(text)
        return out, False
    if kind == "DOUBLE":  # NaN has no CSV spelling the engine reads; it is stored as NULL
        return [NULL if v is None or v != v else v for v in values], False
    multiline = False
    if kind == "STRING":
        joined = "".join(filter(None, values))
        multiline = "\n" in joined or "\r" in joined
    if None in values:
        values = [NULL if v is None else v for v in values]
    return values, multiline


def write_columns(path: Path, columns: Sequence[tuple[PropType, list[Any]]]) -> Written:
    """Write the rows that ``columns`` (each a declared type and its values, all the
    same length, in the table's column order) make, to ``path``."""
    slow: set[int] = set()
    cells: list[list[Any]] = []
    multiline = False
    for kind, values in columns:
        col, has_break = _cells(kind, values, slow)
        cells.append(col)
        multiline = multiline or has_break
    rows: Any = zip(*cells, strict=True)
    if slow:
        rows = (r for i, r in enumerate(rows) if i not in slow)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n").writerows(rows)
    n = len(columns[0][1]) if columns else 0
    return Written(n - len(slow), sorted(slow), multiline)
