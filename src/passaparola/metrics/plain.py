"""A metric's result as programs read it (``metrics --format csv|json``, the REST API): the raw column
names and values, periods as dates, whole numbers as integers, unknown as null."""

from __future__ import annotations

from typing import TYPE_CHECKING

from passaparola.report import formatting

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pandas as pd


def whole_numbers(result: ir.Table, executed: pd.DataFrame) -> pd.DataFrame:
    """``executed`` (``result`` run) with its integer-typed columns as nullable integers: beside an
    unknown, DuckDB gives a sum as a decimal and Spark a count as a float."""
    plain = executed.copy()
    for column, dtype in result.schema().items():
        if dtype.is_integer() and column in plain.columns:
            plain[column] = plain[column].astype("Int64")
    return plain


def frame(result: ir.Table, executed: pd.DataFrame) -> pd.DataFrame:
    """:func:`whole_numbers`, and timestamps as ``YYYY-MM-DD`` (a period's first day)."""
    plain = whole_numbers(result, executed)
    for column in plain.columns:
        if str(plain[column].dtype).startswith("datetime"):
            plain[column] = plain[column].dt.strftime("%Y-%m-%d")
    return plain


def records(plain: pd.DataFrame) -> list[dict[str, object]]:
    """The rows of a :func:`frame` as JSON objects, unknown values (None, NaN, NA, NaT) as null: strict
    JSON has no NaN."""
    return [
        {column: None if formatting.is_unknown(value) else value for column, value in row.items()}
        for row in plain.to_dict(orient="records")
    ]
