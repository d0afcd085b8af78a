"""Parquet files, read batch by batch with pyarrow.

Typed values are rendered as text the same way as elsewhere (see ``to_text``); struct
columns are flattened to dotted names like nested JSON objects. Row index: the row number in
the file.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ccaudit.errors import ReaderError
from ccaudit.sources.common import TableChunk, dedupe_names, drop_empty_records, make_chunk, to_text


def read_parquet(path: Path, source: str, chunk_rows: int) -> Iterator[TableChunk]:
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        if isinstance(exc, (FileNotFoundError, PermissionError, IsADirectoryError)):
            raise
        raise ReaderError("not a valid Parquet file") from exc
    with parquet:
        offset = 0
        for batch in _batches(parquet, chunk_rows):
            frame = _batch_frame(batch, offset)
            offset += batch.num_rows
            frame = drop_empty_records(frame)
            if len(frame):
                yield make_chunk(source, frame, "parquet")


def _batches(parquet: pq.ParquetFile, chunk_rows: int) -> Iterator[pa.RecordBatch]:
    batches = parquet.iter_batches(batch_size=chunk_rows)
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            return
        except (pa.ArrowException, OSError) as exc:
            raise ReaderError("damaged Parquet data") from exc
        yield batch


def _batch_frame(batch: pa.RecordBatch, offset: int) -> pd.DataFrame:
    table = pa.Table.from_batches([batch])
    # flatten() opens one level of structs ("a.b"); repeat for structs inside structs.
    while any(pa.types.is_struct(field.type) for field in table.schema):
        table = table.flatten()
    names = dedupe_names(table.column_names)
    columns = {name: column_text(table.column(i)) for i, name in enumerate(names)}
    index = pd.RangeIndex(offset, offset + batch.num_rows)
    return pd.DataFrame(columns, index=index, dtype=object)


# Types whose Arrow cast to string is exactly what to_text gives, and much faster.
_CAST_KINDS = (pa.types.is_string, pa.types.is_large_string, pa.types.is_string_view, pa.types.is_integer,
               pa.types.is_boolean, pa.types.is_date, pa.types.is_decimal)


def column_text(column: pa.ChunkedArray) -> np.ndarray:
    """A typed column as an object array of str/None."""
    array = column.combine_chunks()
    if pa.types.is_dictionary(array.type):  # pandas categoricals
        array = array.dictionary_decode()
    kind = array.type
    if any(is_kind(kind) for is_kind in _CAST_KINDS):
        text = pc.cast(array, pa.string())
        blank = pc.equal(pc.utf8_trim_whitespace(text), "")
        return pc.if_else(blank, pa.scalar(None, pa.string()), text).to_numpy(zero_copy_only=False)
    if pa.types.is_map(kind):
        values = [None if v is None else to_text({str(k): x for k, x in v}) for v in array.to_pylist()]
    else:
        values = [to_text(v) for v in array.to_pylist()]
    return np.array(values, dtype=object)
