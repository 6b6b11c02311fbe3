"""Zip archives read within bounds: a workbook ``.zip``, an ``.xlsx`` (itself a zip) and a
Slack export.

Members are inflated here, from their raw compressed bytes, counting what comes out, so a
member that expands past its share (:data:`limits.MAX_ZIP_RATIO` times its compressed size,
or the archive's total) is refused while it is read, whatever sizes its header claims. The
member count is read from the archive's end record before the directory is parsed.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from coxswain.workbook import limits

CHUNK = 1 << 20


class ArchiveLimitError(Exception):
    """A member (or the archive) is over a cap; the message says which, in plain words."""


def member_count(path: Path) -> int | None:
    """The number of entries the archive's end record declares (``None`` if not found).
    Read from the last 64 KB, before :mod:`zipfile` builds an object per entry."""
    with path.open("rb") as fh:
        fh.seek(0, 2)
        end = fh.tell()
        fh.seek(max(0, end - (1 << 16) - 22))
        tail = fh.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return None
    entries: int = struct.unpack("<H", tail[at + 10 : at + 12])[0]
    return entries  # 0xFFFF means a zip64 directory: more than any cap here


def open_zip(path: Path) -> zipfile.ZipFile:
    """The archive, refused (:class:`ArchiveLimitError`) with more than
    :data:`limits.MAX_ZIP_MEMBERS` entries. Raises ``zipfile.BadZipFile``/``OSError``
    for a file that is not a zip."""
    declared = member_count(path)
    if declared is not None and declared > limits.MAX_ZIP_MEMBERS:
        raise ArchiveLimitError(
            f"holds more than {limits.MAX_ZIP_MEMBERS:,} files; refused before reading"
        )
    archive = zipfile.ZipFile(path)
    if len(archive.infolist()) > limits.MAX_ZIP_MEMBERS:
        archive.close()
        raise ArchiveLimitError(
            f"holds more than {limits.MAX_ZIP_MEMBERS:,} files; refused before reading"
        )
    return archive


class Budget:
    """The bytes an archive may still expand to, across its members."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.left = total


def inflate(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, budget: Budget, limit: int | None = None
) -> Iterator[bytes]:
    """The member's bytes in chunks, inflated from its raw compressed bytes.

    Raises :class:`ArchiveLimitError` as soon as the member passes ``limit`` bytes, the
    archive passes its ``budget``, or the member expands more than
    :data:`limits.MAX_ZIP_RATIO` times (once past :data:`limits.ZIP_RATIO_FROM_BYTES`);
    ``zipfile.BadZipFile`` for a damaged, encrypted or unusually compressed member.
    """
    if info.file_size > limits.ZIP_RATIO_FROM_BYTES and info.file_size > limits.MAX_ZIP_RATIO * max(
        1, info.compress_size
    ):  # what the archive itself says, refused before inflating
        raise ArchiveLimitError(
            f"expands more than {limits.MAX_ZIP_RATIO} times its packed size "
            f"({limits.size(info.compress_size)} packed to {limits.size(info.file_size)}); "
            "a zip bomb is refused"
        )
    if info.flag_bits & 0x1:
        raise zipfile.BadZipFile("the file is encrypted")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise zipfile.BadZipFile("the file is compressed in a way other than deflate")
    fp = archive.fp
    if fp is None:
        raise zipfile.BadZipFile("the archive is closed")
    fp.seek(info.header_offset)
    header = fp.read(30)
    if len(header) != 30 or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile("bad local file header")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    fp.seek(info.header_offset + 30 + name_length + extra_length)
    left_in = info.compress_size
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    out = 0
    crc = 0
    cap = limit if limit is not None else budget.total

    def check(n: int) -> None:
        nonlocal out
        out += n
        budget.left -= n
        if out > cap:
            raise ArchiveLimitError(f"expands past the limit of {limits.size(cap)}")
        if budget.left < 0:
            raise ArchiveLimitError(
                f"the archive expands past the limit of {limits.size(budget.total)} in all"
            )
        if out > limits.ZIP_RATIO_FROM_BYTES and out > limits.MAX_ZIP_RATIO * max(
            1, info.compress_size
        ):
            raise ArchiveLimitError(
                f"expands more than {limits.MAX_ZIP_RATIO} times its packed size "
                f"({limits.size(info.compress_size)} packed); a zip bomb is refused"
            )

    while left_in > 0 or (inflater is not None and not inflater.eof):
        raw = fp.read(min(CHUNK, left_in)) if left_in > 0 else b""
        left_in -= len(raw)
        if inflater is None:
            if not raw:
                raise zipfile.BadZipFile("the file is truncated")
            check(len(raw))
            crc = zlib.crc32(raw, crc)
            yield raw
            continue
        data = inflater.decompress(raw, CHUNK) if raw else b""
        while True:
            if data:
                check(len(data))
                crc = zlib.crc32(data, crc)
                yield data
            if not inflater.unconsumed_tail:
                break
            data = inflater.decompress(inflater.unconsumed_tail, CHUNK)
        if not raw and not inflater.eof:
            data = inflater.flush(CHUNK)
            if data:
                check(len(data))
                crc = zlib.crc32(data, crc)
                yield data
            if not inflater.eof:
                raise zipfile.BadZipFile("the file is truncated")
    if crc != info.CRC or out != info.file_size:
        raise zipfile.BadZipFile("the file is damaged (its size or checksum does not match)")


def read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, budget: Budget, limit: int
) -> bytes:
    """The whole member, within ``limit`` bytes (see :func:`inflate`)."""
    return b"".join(inflate(archive, info, budget=budget, limit=limit))
