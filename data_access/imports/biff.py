"""The cells of an old-format Excel file (.xls, BIFF8) that hold an error value.

calamine reads an .xls error cell (``#DIV/0!``, ``#N/A`` …, typed or the cached result of a
formula) as an empty string, so a cell showing an error in Excel would be imported as blank
and clear a stored value. This module finds those cells in the file itself: it reads the
workbook stream out of the OLE compound file and walks the BIFF records of each worksheet.
Anything it cannot follow (a BIFF5 file, a damaged container) gives no cells: calamine's own
reading then decides, as before.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

__all__ = ["xls_error_cells"]

_FREE, _END_OF_CHAIN = 0xFFFFFFFF, 0xFFFFFFFE
_ERRORS = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
}
_BOF, _EOF, _BOUNDSHEET, _FORMULA, _BOOLERR = 0x0809, 0x000A, 0x0085, 0x0006, 0x0205
_MAX_SECTORS = 1 << 22  # a chain longer than any file we accept is a loop


class _Broken(Exception):
    pass


def xls_error_cells(data: bytes) -> dict[str, dict[tuple[int, int], str]]:
    """Sheet name → {(row, column), 0-based: the error value as Excel shows it}; {} when
    nothing is found or the file cannot be followed."""
    try:
        stream = _workbook_stream(data)
        return _scan(stream) if stream else {}
    except (_Broken, struct.error, IndexError, UnicodeDecodeError):
        return {}


# -- the compound file ------------------------------------------------------------------------


def _workbook_stream(data: bytes) -> bytes | None:
    if len(data) < 512:
        raise _Broken
    shift = struct.unpack_from("<H", data, 0x1E)[0]
    mini_shift = struct.unpack_from("<H", data, 0x20)[0]
    if shift not in (9, 12) or mini_shift != 6:
        raise _Broken
    size = 1 << shift
    n_fat, first_dir = struct.unpack_from("<II", data, 0x2C)
    cutoff, first_minifat, _n_minifat, first_difat, n_difat = struct.unpack_from(
        "<IIIII", data, 0x38
    )

    def sector(n: int) -> bytes:
        start = (n + 1) * size
        if start + size > len(data) + size:  # the last sector may be short
            raise _Broken
        return data[start : start + size]

    fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < _END_OF_CHAIN]
    next_difat = first_difat
    for _ in range(n_difat):
        if next_difat >= _END_OF_CHAIN:
            break
        block = sector(next_difat)
        entries = struct.unpack_from(f"<{size // 4}I", block)
        fat_sectors.extend(s for s in entries[:-1] if s < _END_OF_CHAIN)
        next_difat = entries[-1]
    fat_sectors = fat_sectors[:n_fat]
    fat = b"".join(sector(s) for s in fat_sectors)
    fat_entries = struct.unpack(f"<{len(fat) // 4}I", fat[: len(fat) // 4 * 4])

    def chain(first: int, table: tuple[int, ...]) -> list[int]:
        out: list[int] = []
        n = first
        while n < _END_OF_CHAIN:
            if n >= len(table) or len(out) > _MAX_SECTORS:
                raise _Broken
            out.append(n)
            n = table[n]
        return out

    directory = b"".join(sector(s) for s in chain(first_dir, fat_entries))
    listing: list[tuple[str, int, int, int]] = []
    for off in range(0, len(directory) - 127, 128):
        name_len = struct.unpack_from("<H", directory, off + 64)[0]
        name = directory[off : off + max(0, name_len - 2)].decode("utf-16-le", "replace")
        kind = directory[off + 66]
        start, length = struct.unpack_from("<II", directory, off + 116)
        listing.append((name, kind, start, length))
    if not listing:
        raise _Broken
    root = listing[0]
    found = next(
        (e for e in listing if e[1] == 2 and e[0] in ("Workbook", "WORKBOOK", "workbook")), None
    )
    if found is None:
        return None  # a BIFF5 "Book" stream or something else: not followed
    _, _, start, length = found
    if length >= cutoff:
        return b"".join(sector(s) for s in chain(start, fat_entries))[:length]
    # A small stream lives in the mini stream, which is the root entry's chain.
    mini_stream = b"".join(sector(s) for s in chain(root[2], fat_entries))
    minifat = b"".join(sector(s) for s in chain(first_minifat, fat_entries))
    mini_entries = struct.unpack(f"<{len(minifat) // 4}I", minifat[: len(minifat) // 4 * 4])
    parts = [mini_stream[s * 64 : s * 64 + 64] for s in chain(start, mini_entries)]
    return b"".join(parts)[:length]


# -- the BIFF8 records ------------------------------------------------------------------------


def _records(stream: bytes, pos: int) -> Iterator[tuple[int, bytes]]:
    while pos + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, pos)
        yield kind, stream[pos + 4 : pos + 4 + length]
        pos += 4 + length


def _scan(stream: bytes) -> dict[str, dict[tuple[int, int], str]]:
    first = next(_records(stream, 0), None)
    if first is None or first[0] != _BOF or struct.unpack_from("<H", first[1], 0)[0] != 0x0600:
        return {}  # not BIFF8
    sheets: list[tuple[int, str]] = []
    for kind, body in _records(stream, 0):
        if kind == _BOUNDSHEET and len(body) >= 8 and body[5] == 0:  # a worksheet
            offset = struct.unpack_from("<I", body, 0)[0]
            sheets.append((offset, _short_string(body, 6)))
        elif kind == _EOF:
            break
    out: dict[str, dict[tuple[int, int], str]] = {}
    for offset, name in sheets:
        cells: dict[tuple[int, int], str] = {}
        for kind, body in _records(stream, offset):
            if kind == _EOF:
                break
            if kind == _BOOLERR and len(body) >= 8 and body[7] == 1:
                row, col = struct.unpack_from("<HH", body, 0)
                cells[(row, col)] = _bad(body[6])
            elif kind == _FORMULA and len(body) >= 14 and body[12:14] == b"\xff\xff":
                if body[6] == 2:  # the cached result is an error value
                    row, col = struct.unpack_from("<HH", body, 0)
                    cells[(row, col)] = _bad(body[8])
        if cells:
            out[name] = cells
    return out


def _short_string(body: bytes, pos: int) -> str:
    count, flags = body[pos], body[pos + 1]
    raw = body[pos + 2 :]
    if flags & 1:
        return raw[: 2 * count].decode("utf-16-le")
    return raw[:count].decode("latin-1")


def _bad(code: int) -> str:
    return _ERRORS.get(code, "#VALUE!")
