"""Decoding article bytes and reading article files."""
from __future__ import annotations

import codecs
import io
import sys
from pathlib import Path

import pytest

from extractor.errors import InputError
from extractor.io.read import decode_bytes, read_article_file

CAFE = "café – € 3.5 bln"
RUSSIAN = "Экспорт Китая в августе вырос на 8,7 процента, сообщило таможенное управление. " * 2

# (description, bytes, expected text)
DECODES = [
    ("empty", b"", ""),
    ("ascii", b"Exports rose 5 pct.", "Exports rose 5 pct."),
    ("utf-8", CAFE.encode("utf-8"), CAFE),
    ("utf-8 with BOM", codecs.BOM_UTF8 + CAFE.encode("utf-8"), CAFE),
    ("utf-16 LE with BOM", codecs.BOM_UTF16_LE + CAFE.encode("utf-16-le"), CAFE),
    ("utf-16 BE with BOM", codecs.BOM_UTF16_BE + CAFE.encode("utf-16-be"), CAFE),
    ("utf-32 LE with BOM", codecs.BOM_UTF32_LE + CAFE.encode("utf-32-le"), CAFE),
    ("utf-32 BE with BOM", codecs.BOM_UTF32_BE + CAFE.encode("utf-32-be"), CAFE),
    ("windows-1252 short", "café – €".encode("cp1252"), "café – €"),
    ("windows-1252 sentence", "Exports to the EU hit €3 billion – a record, said José Pérez.".encode("cp1252"),
     "Exports to the EU hit €3 billion – a record, said José Pérez."),
    ("windows-1252 curly quotes", "“Trade is up,” he said.".encode("cp1252"), "“Trade is up,” he said."),
    ("latin-1", "café naïve façade".encode("latin-1"), "café naïve façade"),
    ("latin-1 undefined in cp1252", b"A\x81B caf\xe9", "A\x81B café"),
    ("utf-8 with one bad byte", "Trade in São Paulo \xff rose".encode().replace(b"\xc3\xbf", b"\xff"),
     "Trade in São Paulo \ufffd rose"),
    ("crlf", b"line one\r\nline two\r\n", "line one\nline two\n"),
    ("lone cr", b"line one\rline two\r", "line one\nline two\n"),
    ("mixed line ends", b"a\r\nb\rc\nd", "a\nb\nc\nd"),
    ("nul bytes dropped", b"Ex\x00ports\x00 rose", "Exports rose"),
    ("utf-16 LE without BOM (ascii)", "Hello trade".encode("utf-16-le"), "Hello trade"),
    ("utf-8 BOM and crlf", codecs.BOM_UTF8 + "Título\r\n\r\nCuerpo".encode(), "Título\n\nCuerpo"),
    ("gb18030 chinese", ("中国的出口在八月份增长了百分之五，进口下降。" * 3).encode("gb18030"),
     "中国的出口在八月份增长了百分之五，进口下降。" * 3),
    ("windows-1252 german", "Die Exporte stiegen in Düsseldorf. Größer.".encode("cp1252"),
     "Die Exporte stiegen in Düsseldorf. Größer."),
    ("windows-1251 russian (charset-normalizer)", RUSSIAN.encode("cp1251"), RUSSIAN),
    ("koi8-r russian (charset-normalizer)", RUSSIAN.encode("koi8-r"), RUSSIAN),
    ("form feed and tab kept", b"a\tb\x0cc", "a\tb\x0cc"),
]


@pytest.mark.parametrize("data, expected", [c[1:] for c in DECODES], ids=[c[0] for c in DECODES])
def test_decode_bytes(data: bytes, expected: str) -> None:
    assert decode_bytes(data) == expected


BINARIES = [
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
    ("jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"),
    ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
    ("zip", b"PK\x03\x04\x14\x00\x06\x00"),
    ("gzip", b"\x1f\x8b\x08\x00\x00\x00\x00\x00"),
    ("gif", b"GIF89a\x01\x00\x01\x00"),
    ("elf", b"\x7fELF\x02\x01\x01"),
    ("control bytes", bytes(range(1, 32)) * 20),
]


@pytest.mark.parametrize("data", [c[1] for c in BINARIES], ids=[c[0] for c in BINARIES])
def test_decode_bytes_refuses_binary(data: bytes) -> None:
    with pytest.raises(InputError, match="^not a text file"):
        decode_bytes(data)


def test_decode_bytes_never_raises_on_random_high_bytes() -> None:
    data = bytes(range(128, 256)) * 4
    assert isinstance(decode_bytes(data), str)


def test_read_article_file(tmp_path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(codecs.BOM_UTF8 + b"Title\r\n\r\nBody.\r\n")
    assert read_article_file(str(path)) == "Title\n\nBody.\n"


def test_read_article_file_stdin(monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("caf\xe9 ok".encode("cp1252"))))
    assert read_article_file("-") == "café ok"


def test_read_article_file_empty(tmp_path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert read_article_file(str(path)) == ""


def _one_line(exc: pytest.ExceptionInfo) -> str:
    message = str(exc.value)
    assert "\n" not in message
    return message


def test_read_article_file_missing(tmp_path) -> None:
    with pytest.raises(InputError) as exc:
        read_article_file(str(tmp_path / "nope.txt"))
    assert _one_line(exc) == f"no such file: {tmp_path / 'nope.txt'}"


def test_read_article_file_directory(tmp_path) -> None:
    with pytest.raises(InputError) as exc:
        read_article_file(str(tmp_path))
    assert "directory" in _one_line(exc)


def test_read_article_file_unreadable(tmp_path, monkeypatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("x")

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    # chmod 0 does not stop root, so simulate the refusal instead.
    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(InputError) as exc:
        read_article_file(str(path))
    assert _one_line(exc) == f"permission denied: {path}"


def test_read_article_file_binary_names_the_path(tmp_path) -> None:
    path = tmp_path / "chart.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(InputError) as exc:
        read_article_file(str(path))
    assert _one_line(exc).startswith("not a text file") and "chart.png" in str(exc.value)


def test_encoding_detection_reads_a_bounded_sample_of_a_large_file(monkeypatch):
    """A 5 MB Cyrillic page: the detector sees at most 256 kB, the whole text is still decoded."""
    from extractor.io import read as read_module

    seen = []
    real = read_module.from_bytes

    def spy(data, *a, **kw):
        seen.append(len(data))
        return real(data, *a, **kw)

    monkeypatch.setattr(read_module, "from_bytes", spy)
    sentence = "Экспорт вырос на 5 процентов в январе. "
    data = (sentence * 140_000).encode("cp1251")
    text = read_module.decode_bytes(data)
    assert text == sentence * 140_000
    assert seen and max(seen) <= 256 * 1024
