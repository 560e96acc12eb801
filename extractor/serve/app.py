"""The Starlette app of `extract serve`: server-rendered pages over the facts database, each also as JSON.

Routes (each also with a `.json` suffix, or `?format=json`, as Datasette does):

    /                  the articles, with search and filters, a page at a time
    /articles/{id}     one article as `extract review` shows it (its text when the database keeps it)
    /series            a region's series (?region=&metric=&counterpart=) as charts and tables
    /conflicts         the cross-article findings, linking to their articles

The app only reads: the CLI opens the database read-only, and no route writes.
"""
from __future__ import annotations

import base64
import dataclasses
import hashlib
import logging
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from sqlalchemy.exc import SQLAlchemyError
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from .. import __version__
from ..errors import InputError, TradefactsError
from ..store import Store, _first_line
from . import data
from .chart import chart

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def environment():
    """The Jinja2 environment (autoescaped): these templates, and the review page's that article.html extends."""
    from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined

    from ..review.page import article_text
    from ..review.view import money, number

    env = Environment(loader=ChoiceLoader([PackageLoader("extractor.serve", "templates"),
                                           PackageLoader("extractor.review", "templates")]),
                      autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters["text"] = article_text
    env.filters["number"] = lambda d: "" if d is None else number(Decimal(d), grouped=True)
    env.filters["money"] = money
    env.filters["http"] = lambda url: url if isinstance(url, str) and url.lower().startswith(("http://", "https://")) \
        else None
    return env


def _policy() -> str:
    """The Content-Security-Policy of every page: nothing fetched, no script but the review page's own."""
    env = environment()
    script = env.loader.get_source(env, "review.js")[0]
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; img-src data:; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


def create_app(store: Store) -> Starlette:
    """The app over STORE (opened by the caller, read-only where it can be)."""
    policy = _policy()
    headers = {"Content-Security-Policy": policy, "X-Content-Type-Options": "nosniff",
               "Referrer-Policy": "no-referrer"}

    def page(request: Request, template: str, http_status: int = 200, **context) -> HTMLResponse:
        html = environment().get_template(template).render(version=__version__, request=request, **context)
        return HTMLResponse(html, status_code=http_status, headers=headers)

    def as_json(payload: Any, status: int = 200) -> JSONResponse:
        return JSONResponse(jsonable(payload), status_code=status, headers=headers)

    def articles_route(request: Request) -> Response:
        q = request.query_params
        filters = data.ArticleFilters(
            q=q.get("q") or None, region=q.get("region") or None, metric=q.get("metric") or None,
            start=_date(q.get("from"), "from"), end=_date(q.get("to"), "to"),
            has_checks=q.get("has_checks") in ("1", "on", "true", "yes"))
        listing = data.list_articles(store, filters, page=_int(q.get("page"), "page", 1),
                                     size=_int(q.get("size"), "size", data.PAGE_SIZE))
        if wants_json(request):
            return as_json({"filters": filters, "total": listing.total, "page": listing.page, "size": listing.size,
                            "pages": listing.pages, "articles": listing.rows})
        return page(request, "articles.html", filters=filters, listing=listing, metrics=data.METRICS,
                    page_link=lambda n: "/?" + urlencode({**filters.params(), "page": n, "size": listing.size}))

    def article_route(request: Request) -> Response:
        found = data.get_article(store, request.path_params["id"])
        if found is None:
            raise HTTPException(404, f"no article {request.path_params['id']} in the database")
        if wants_json(request):
            return as_json({"id": found.id, "record_id": found.record_id, "url": found.url,
                            "text_stored": found.text is not None, "contract": found.contract,
                            "findings": found.findings})
        from ..models import ArticleFacts
        from ..review.page import render_page
        from ..review.view import build_review

        result = ArticleFacts.model_validate(found.contract)
        review = build_review(result, found.text, text_missing_ok=True)
        html = render_page(environment(), "article.html", review, stored=found)
        return HTMLResponse(html, headers=headers)

    def series_route(request: Request) -> Response:
        q = request.query_params
        region, metric, counterpart = q.get("region") or None, q.get("metric") or None, q.get("counterpart") or None
        lines = data.series_lines(store, region=region, metric=metric, counterpart=counterpart) if region else []
        index = [] if region else data.series_index(store)
        if wants_json(request):
            return as_json({"region": region, "metric": metric, "counterpart": counterpart, "series": lines,
                            "index": index})
        charts = [chart([(p.start, p.end, p.value, point_label(line, p), bool(p.flags))
                         for p in line.points]) for line in lines]
        return page(request, "series.html", region=region, metric=metric, counterpart=counterpart,
                    lines=list(zip(lines, charts)), index=index, metrics=data.METRICS,
                    series_link=series_link)

    def conflicts_route(request: Request) -> Response:
        code = request.query_params.get("code") or None
        findings = data.list_findings(store, code=code)
        if wants_json(request):
            return as_json({"code": code, "findings": findings})
        from ..series_query import CODES

        return page(request, "conflicts.html", code=code, codes=CODES, findings=findings, series_link=series_link)

    def error(request: Request, status: int, message: str) -> Response:
        if wants_json(request):
            return as_json({"error": message, "status": status}, status)
        return page(request, "error.html", status, status=status, message=message)

    async def input_error(request: Request, exc: InputError) -> Response:
        return error(request, 400, str(exc))

    async def http_error(request: Request, exc: HTTPException) -> Response:
        return error(request, exc.status_code, exc.detail)

    async def store_error(request: Request, exc: Exception) -> Response:
        message = _first_line(exc) if isinstance(exc, SQLAlchemyError) else str(exc)
        log.error("database read failed: %s", message)
        return error(request, 500, f"The database cannot be read: {message}")

    routes = []
    for path, endpoint in (("/", articles_route), ("/articles/{id:int}", article_route), ("/series", series_route),
                           ("/conflicts", conflicts_route)):
        routes.append(Route(path, endpoint, methods=["GET"]))
        routes.append(Route("/.json" if path == "/" else path + ".json", endpoint, methods=["GET"]))
    return Starlette(routes=routes, exception_handlers={
        InputError: input_error, HTTPException: http_error, TradefactsError: store_error,
        SQLAlchemyError: store_error})


def wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json") or request.query_params.get("format") == "json"


def series_link(region: str | None, metric: str | None = None, counterpart: str | None = None) -> str:
    params = {k: v for k, v in (("region", region), ("metric", metric), ("counterpart", counterpart)) if v}
    return "/series?" + urlencode(params)


def point_label(line: data.SeriesLine, p: data.Point) -> str:
    """A dot's tooltip: '1986-02-01 to 1986-02-28: 4,710,000,000 USD, 5 sources (conflict)'."""
    from ..review.view import number

    value = "" if p.value is None else number(p.value, grouped=True)
    unit = f"% ({line.unit.split(':', 1)[1]})" if line.unit.startswith("growth:") else f" {line.unit}"
    flags = f" ({' '.join(p.flags)})" if p.flags else ""
    n = len({s.article for s in p.sources})
    return f"{p.start.isoformat()} to {p.end.isoformat()}: {value}{unit}, {n} source{'s' if n != 1 else ''}{flags}"


def jsonable(value: Any) -> Any:
    """Dataclasses, Decimals and dates as JSON values (amounts as `extract query --format jsonl` gives them)."""
    from ..query import _json

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (Decimal, date)):
        return _json(value)
    return value


def _date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{name} {value!r}: not a date (YYYY-MM-DD)") from None


def _int(value: str | None, name: str, default: int) -> int:
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise InputError(f"{name} {value!r}: not a number") from None

