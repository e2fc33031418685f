"""Columns to a pyarrow Table for the embedded engine's ``COPY ... FROM $table``.

The engine scans the table's buffers directly: nothing is formatted or parsed, so
every value the schema allows travels as it is — quotes, commas, line breaks,
unicode, empty strings, empty lists and list elements with any characters
(checked in tests/graph/test_bulk_write.py). The CSV path (csv_copy) could not
carry list elements with commas, brackets, quotes or outer spaces, nor empty
ones, and needed ``PARALLEL=FALSE`` for line breaks. Each column gets its
declared type, so an all-null column is still typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from backend.graph.schema import PropType

_ARROW: dict[PropType, pa.DataType] = {
    "STRING": pa.string(),
    "INT64": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "STRING[]": pa.list_(pa.string()),
}


def table(columns: Sequence[tuple[PropType, list[Any]]]) -> pa.Table:
    """The rows that ``columns`` (each a declared type and its values, all the same
    length, in the table's column order) make. The engine matches columns by
    position, so the names are only placeholders."""
    arrays = [
        # from_pandas: NaN becomes null, as the CSV path stored it (it has no spelling)
        pa.array(values, type=_ARROW[kind], from_pandas=kind == "DOUBLE")
        for kind, values in columns
    ]
    return pa.Table.from_arrays(arrays, names=[f"c{i}" for i in range(len(arrays))])
