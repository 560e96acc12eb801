"""The `extract` command: thin — parse arguments, call the library, set the exit code.

    extract ARTICLE.txt [--id ID] [--title T] [--published YYYY-MM-DD] [--source S] [--model M]
    extract -              (the article on stdin)
    extract schema         (the JSON Schema of the output)
"""
from __future__ import annotations

import json
import logging
import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import TradefactsError

log = logging.getLogger("extractor")


class Format(str, Enum):
    json = "json"
    jsonl = "jsonl"


def _published(value: Optional[str]) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"not an ISO date (YYYY-MM-DD): {value!r}") from None


def run(
    article: Annotated[str, typer.Argument(help="An article .txt file, or - for stdin.")],
    id: Annotated[Optional[str], typer.Option(help="Article id (default: the file stem).")] = None,
    title: Annotated[Optional[str], typer.Option(help="Title (default: found in the text).")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date, YYYY-MM-DD.")] = None,
    source: Annotated[Optional[str], typer.Option(help="Outlet (default: found in the text).")] = None,
    model: Annotated[Optional[str], typer.Option(help="spaCy model (default: en_core_web_sm if installed).")] = None,
    format: Annotated[Format, typer.Option("--format", help="json (indented) or jsonl (one line).")] = Format.json,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress to stderr.")] = False,
) -> None:
    """Extract the trade facts of one article and print them as contract JSON."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    from .api import extract
    from .io.read import read_article_file

    try:
        text = read_article_file(article)
        doc_id = id or (Path(article).stem if article != "-" else None)
        result = extract(text, id=doc_id, title=title, published=_published(published), source=source, model=model)
    except TradefactsError as exc:
        typer.echo(f"extract: error: {exc}", err=True)
        raise typer.Exit(1) from None
    data = result.model_dump(mode="json")
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2 if format is Format.json else None))


def schema() -> None:
    """Print the JSON Schema of extract's output (the facts contract)."""
    from .models import ArticleFacts

    typer.echo(json.dumps(ArticleFacts.model_json_schema(), indent=2))


def main(argv: list[str] | None = None) -> None:
    """Entry point: `extract schema` prints the schema; anything else extracts one article."""
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] == "schema":
        _app(schema)(args[1:])
    else:
        _app(run)(args)


def _app(fn):
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    app.command()(fn)

    def call(args: list[str]) -> None:
        app(args=args, prog_name="extract" if fn is run else "extract schema")
    return call
