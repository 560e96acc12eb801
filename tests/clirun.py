"""Run the `extract` command in-process, as the CLI tests do."""
from __future__ import annotations

import io

from extractor.cli import main


def run_cli(args: list[str], capsys, stdin: bytes | str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `extract ARGS`, with optional stdin bytes or text."""
    if stdin is not None:
        data = stdin.encode() if isinstance(stdin, str) else stdin
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    out = capsys.readouterr()
    return code, out.out, out.err
