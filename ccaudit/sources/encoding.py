"""Sniffing text files: is it text at all, and which encoding.

Only the head of the file is looked at (``HEAD_BYTES``), so a huge export is never read
whole to guess its encoding; a reader that later meets bytes the guess cannot decode
moves on to the next encoding of ``FALLBACK_ENCODING`` instead of failing.
"""
from __future__ import annotations

import codecs
from pathlib import Path

from ccaudit.errors import ReaderError

HEAD_BYTES = 256 * 1024

# Where to go when bytes do not decode: cp1252 (Windows Western Europe, what Excel writes
# as "CSV") leaves five bytes undefined, which latin-1 maps to something.
FALLBACK_ENCODING = {"utf-8": "cp1252", "utf-8-sig": "cp1252", "cp1252": "latin-1"}

_UTF16_32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# C0 control bytes that do not occur in text (tab, newlines, form feed and the DOS
# end-of-file marker 0x1A are allowed).
_CONTROL_BYTES = bytes(set(range(32)) - {9, 10, 12, 13, 26}) + b"\x7f"
# Binary files may hold a few stray control bytes; text files almost never do.
_MAX_CONTROL_SHARE = 0.01


def read_head(path: Path, size: int = HEAD_BYTES) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(size)


def detect_encoding(head: bytes, complete: bool) -> str:
    """Encoding of a text file from its first bytes (``complete``: the head is the whole file).

    Raises ReaderError for an empty file, a binary file, or UTF-16/32 text.
    """
    if head.startswith(codecs.BOM_UTF8):
        body = head[len(codecs.BOM_UTF8):]
        _check_text(body)
        return "utf-8-sig"
    if head.startswith(_UTF16_32_BOMS):
        raise ReaderError("UTF-16/UTF-32 text is not supported: save the file as UTF-8")
    _check_text(head)
    # An incremental decoder accepts a head that stops in the middle of a character.
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=complete)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        head.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _check_text(head: bytes) -> None:
    if not head.strip():
        raise ReaderError("empty file")
    if b"\x00" in head:
        raise ReaderError("not a text file")
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(head):
        raise ReaderError("not a text file")


def detect_file_encoding(path: Path) -> str:
    head = read_head(path)
    return detect_encoding(head, complete=len(head) < HEAD_BYTES)
