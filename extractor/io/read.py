"""Read an article file into clean text: decode its bytes, normalise line ends, refuse binaries.

>>> decode_bytes("café\\r\\n".encode("utf-8-sig"))
'café\\n'
"""
from __future__ import annotations

import codecs
import re
import sys
from pathlib import Path
from typing import BinaryIO

from charset_normalizer import from_bytes

from ..errors import InputError

# Byte-order marks, longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Leading bytes of common non-text formats someone might pass by mistake.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x7fELF", "executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (b"RIFF", "RIFF media file"),
    (b"\x00\x00\x01\x00", "icon file"),
)

# Text may carry a stray escape or form feed; binaries are full of control bytes.
# NUL is not counted because BOM-less UTF-16 text is half NULs and decodes fine.
_CONTROL = re.compile(rb"[\x01-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.10
# The same test on the decoded text, where BOM-less UTF-16 no longer counts (its code units'
# bytes are not characters) but NUL does. Texts shorter than _MIN_DECODED_SAMPLE are left to
# the raw test: one stray byte is a big share of a few words.
_DECODED_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_MAX_DECODED_CONTROL_SHARE = 0.05
_MIN_DECODED_SAMPLE = 100
_SNIFF_BYTES = 64 * 1024
# English news in a legacy encoding is almost always Windows-1252: accented letters and
# typographic marks standing alone between ASCII bytes. Multi-byte encodings (GBK, Shift-JIS)
# and Cyrillic/Greek code pages put high bytes in runs instead. charset-normalizer guesses
# badly on short, mostly-ASCII inputs, so we decide this case ourselves first.
_MAX_PAIRED_HIGH_BYTES_FOR_CP1252 = 0.25
# A UTF-8 file with a few corrupted bytes stays UTF-8 (decoded with U+FFFD for the bad bytes).
_MAX_BAD_UTF8_SHARE = 0.01

# Encoding detection looks at this much of the file (cut at an ASCII byte), so that its time
# does not grow with a 20 MB page; the whole file is then decoded with the encoding found.
_DETECT_BYTES = 256 * 1024
_HIGH = re.compile(rb"[\x80-\xff]")
_PAIRED_HIGH = re.compile(rb"[\x80-\xff]{2,}")

# The largest character is 4 bytes (UTF-8 and UTF-32): more bytes than 4 * max_chars are too many
# characters whatever the encoding.
_MAX_BYTES_PER_CHAR = 4

_NEWLINES = re.compile(r"\r\n?")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def decode_bytes(data: bytes) -> str:
    """Decode an article's bytes to text with "\\n" line ends and no NUL characters.

    Raises InputError("not a text file: ...") for images, archives, PDFs and other binaries.
    """
    if not data:
        return ""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _clean(data[len(bom):].decode(encoding, errors="replace"))
    refuse_binary(data)
    text = _decode_without_bom(data)
    _refuse_decoded_binary(text)
    return _clean(text)


def read_article_file(path: str, max_chars: int | None = None) -> str:
    """The decoded text of the file at `path`, or of stdin when `path` is "-".

    With `max_chars`, a longer text raises InputError("too large: ..."), and a file of more bytes
    than any encoding needs for that many characters is refused before it is read.
    """
    if path == "-":
        return decode_limited(read_limited(sys.stdin.buffer, max_chars), max_chars)
    p = Path(path)
    if p.is_dir():
        raise InputError(f"is a directory, not an article file: {path}")
    try:
        size = p.stat().st_size
        if max_chars is not None and size > max_chars * _MAX_BYTES_PER_CHAR:
            raise _too_large(f"{size} bytes", max_chars)
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except PermissionError:
        raise InputError(f"permission denied: {path}") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return decode_limited(data, max_chars)
    except InputError as exc:
        raise InputError(f"{exc} ({path})") from None


def read_limited(stream: BinaryIO, max_chars: int | None, head: bytes = b"") -> bytes:
    """`head` and the rest of `stream`, but no more than one byte past what `max_chars` characters
    can take (so that an endless stdin is refused by decode_limited, not read into memory)."""
    if max_chars is None:
        return head + stream.read()
    return head + stream.read(max(0, max_chars * _MAX_BYTES_PER_CHAR + 1 - len(head)))


def decode_limited(data: bytes, max_chars: int | None) -> str:
    """decode_bytes(data), or InputError("too large: ...") when it holds over `max_chars` characters."""
    if max_chars is not None and len(data) > max_chars * _MAX_BYTES_PER_CHAR:
        raise _too_large(f"over {max_chars * _MAX_BYTES_PER_CHAR} bytes", max_chars)
    text = decode_bytes(data)
    if max_chars is not None and len(text) > max_chars:
        raise _too_large(f"{len(text)} characters", max_chars)
    return text


def _too_large(size: str, max_chars: int) -> InputError:
    return InputError(f"too large: {size} (limit {max_chars} characters)")


def has_bom(data: bytes) -> bool:
    """Does `data` start with a Unicode byte-order mark (which then decides its encoding)?"""
    return data.startswith(tuple(bom for bom, _ in _BOMS))


def refuse_binary(data: bytes) -> None:
    """InputError("not a text file: ...") for images, archives and other binaries."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"not a text file: looks like a {kind}")
    head = data[:_SNIFF_BYTES]
    if len(_CONTROL.findall(head)) / len(head) > _MAX_CONTROL_SHARE:
        raise InputError("not a text file: too many control bytes")


def _refuse_decoded_binary(text: str) -> None:
    """Random bytes hold ~10% control bytes, right at the raw threshold, so about half of them
    passed it; through any codec but UTF-16/32 those bytes stay control characters, which
    decoded text of any language almost never holds."""
    head = text[:_SNIFF_BYTES]
    if len(head) < _MIN_DECODED_SAMPLE:
        return
    if len(_DECODED_CONTROL.findall(head)) / len(head) > _MAX_DECODED_CONTROL_SHARE:
        raise InputError("not a text file: too many control characters once decoded")


def _decode_without_bom(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd")
    if _UTF8_MULTIBYTE.search(data) and bad <= max(1, len(data) * _MAX_BAD_UTF8_SHARE):
        return replaced
    if _looks_western(_sample(data)):
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")
    best = from_bytes(_sample(data)).best()
    if best is not None:
        return data.decode(best.encoding, errors="replace")
    return replaced


def _sample(data: bytes) -> bytes:
    """The first ~_DETECT_BYTES of `data`, ending before an ASCII byte so no character is cut."""
    if len(data) <= _DETECT_BYTES:
        return data
    end = _DETECT_BYTES
    while end > _DETECT_BYTES // 2 and data[end] >= 0x80:
        end -= 1
    return data[:end]


def _looks_western(data: bytes) -> bool:
    high = len(_HIGH.findall(data))
    paired = sum(len(m) for m in _PAIRED_HIGH.findall(data))
    return paired <= high * _MAX_PAIRED_HIGH_BYTES_FOR_CP1252


def _clean(text: str) -> str:
    return _NEWLINES.sub("\n", text).replace("\x00", "")
