"""The review page: an article with its facts, partners and causes marked, the facts table and the checks.

    from extractor.review import render_review
    html = render_review(extractor.extract(text), text)
"""
from .page import render_review

__all__ = ["render_review"]
