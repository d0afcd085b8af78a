"""What an export file is: its path, its columns with their gold entities, and its writer."""
from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

PERSON = "PERSON"
EMAIL = "EMAIL_ADDRESS"
PHONE = "PHONE_NUMBER"
IBAN = "IBAN_CODE"
CARD = "CREDIT_CARD"
BE_NN = "BE_NATIONAL_NUMBER"
BSN = "NL_BSN"
NIR = "FR_NIR"
LOCATION = "LOCATION"
DOB = "DATE_OF_BIRTH"
IP = "IP_ADDRESS"
ENTITIES = (PERSON, EMAIL, PHONE, IBAN, CARD, BE_NN, BSN, NIR, LOCATION, DOB, IP)

#: A column and the entities it holds (empty: no personal data).
Col = tuple[str, tuple[str, ...]]


@dataclass(frozen=True)
class ExportFile:
    """One file under ``exports/``.

    ``sheets`` maps a sheet name ("" outside Excel) to its columns in file order and the
    number of rows at scale 1; an unreadable file has no sheets and a ``reason``.
    ``write(path, scale, seed)`` writes the file and returns its row count per sheet.
    """

    key: str
    source: str
    write: Callable[[Path, int, int], dict[str, int]]
    sheets: dict[str, tuple[int, list[Col]]]
    reason: str | None = None


def col(name: str, *entities: str) -> Col:
    """A gold column; ``entities`` are checked against :data:`ENTITIES`."""
    unknown = set(entities) - set(ENTITIES)
    if unknown:
        raise ValueError(f"unknown entity names {sorted(unknown)}")
    return name, tuple(sorted(entities))


def file_rng(seed: int, source: str) -> np.random.Generator:
    """The random generator of one file: depends only on the seed and the file's path,
    so a file's content does not change when other files are (or are not) generated."""
    return np.random.default_rng([seed, zlib.crc32(source.encode())])


def header(columns: list[Col]) -> list[str]:
    return [name for name, _ in columns]
