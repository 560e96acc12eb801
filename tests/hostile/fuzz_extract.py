"""Fuzzing entry point for atheris (run by hand, not by pytest):

    pip install atheris && python tests/hostile/fuzz_extract.py -max_total_time=300

Feeds arbitrary bytes through decoding and extraction; anything but the declared InputError,
or a span that does not quote the text, is a crash for the fuzzer to report.
"""
import sys

import atheris

with atheris.instrument_imports():
    from extractor import extract
    from extractor.errors import InputError
    from extractor.io.read import decode_bytes


def test_one_input(data: bytes) -> None:
    try:
        text = decode_bytes(data)
    except InputError:
        return
    result = extract(text, published="2024-01-15")
    for fact in result.facts:
        for span in fact.evidence:
            assert text[span.start:span.end] == span.text


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
