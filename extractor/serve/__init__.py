"""`extract serve`: a small read-only web app over the facts database (Starlette, Jinja2, autoescaped).

    from extractor.serve import create_app
    app = create_app(Store.open("facts.db", read_only=True))
"""
from .app import create_app

__all__ = ["create_app"]
