"""The review page: one self-contained HTML file (CSS and JS inline, nothing fetched) from Jinja2
templates with autoescaping on — every article word, title and field is escaped where it is printed.
"""
from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from markupsafe import Markup, escape

from .. import __version__
from ..models import ArticleFacts
from .view import build_review


@lru_cache(maxsize=1)
def environment():
    """The Jinja2 environment, built on first use (never at import)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(loader=PackageLoader("extractor.review", "templates"), autoescape=True,
                      undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters["text"] = article_text
    return env


def article_text(value: str) -> Markup:
    """VALUE escaped for the page, a carriage return kept as &#13; (HTML reads a raw one as a line feed).

    >>> article_text('a <b>\\r\\n"c"')
    Markup('a &lt;b&gt;&#13;\\n&#34;c&#34;')
    """
    return Markup(str(escape(value)).replace("\r", "&#13;"))


def render_review(result: ArticleFacts, text: str | None = None) -> str:
    """The review page of RESULT over TEXT, the article text its spans index (default: article.text)."""
    return render_page(environment(), "review.html", build_review(result, text))


def render_page(env, template: str, review, **extra) -> str:
    """TEMPLATE (review.html, or one that extends it) of REVIEW in ENV, with the page's script, style and
    the script's hash for the Content-Security-Policy; EXTRA goes to the template as it is."""
    script = env.loader.get_source(env, "review.js")[0]
    style = env.loader.get_source(env, "review.css")[0]
    # the page allows its own inline script only (by hash), inline styles, and no fetch of anything
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return env.get_template(template).render(
        review=review, script=Markup(script), style=Markup(style), script_hash=f"sha256-{digest}",
        version=__version__, **extra)
