"""extract(): one article's text in, its contract ArticleFacts out; extract_many(): many at once.

An article's extraction is written as one generator (`_article`): it yields the pieces of text
the statistical NER must read and is sent back the places found in them. `_drive` runs many
such generators side by side, so that the NER of a whole batch of articles goes through one
`nlp.pipe` (spaCy is much faster over a few hundred sentences at a time than one article's
three or four), while each article's code still reads top to bottom.
"""
from __future__ import annotations

import hashlib
from collections.abc import Generator, Iterable, Mapping
from datetime import date
from typing import Literal

from .assemble import Context, SentenceLinker
from .causes import find_causes
from .checks import run_checks
from .cues import find_metric_cues, is_candidate
from .io.boilerplate import boilerplate_spans
from .io.metadata import find_metadata, latest_date
from .language import script_language
from .merge import merge
from .models import Article, ArticleFacts, Cause, Check, Fact, Span
from .normalise.periods import find_periods
from .partners import find_partners
from .pipeline import PlaceMention, PlacesByOffset, places_in_many
from .region import find_region, headline_region, locations, reported_by
from .normalise.places import same_place
from .segments import reports_services
from .text import degenerate_spans, mask, sentences, strip_invisible
from .validate import article_of, as_published, check_errors, check_meta, check_text

# what an article's generator asks the NER to read: (offset in the article, text) pieces
Pieces = list[tuple[int, str]]


def extract(text: str, *, id: str | None = None, title: str | None = None,
            published: date | str | None = None, source: str | None = None,
            model: str | None = None, gating: bool = True) -> ArticleFacts:
    """Every trade statistic in `text` as linked, merged, checked facts.

    `published` is a date, an ISO 8601 date or date-time string, or an RFC 2822 date; it is the
    reference for relative periods. Without it the text's dateline or latest full date is used,
    else today. A value of another form raises ValueError, of another type TypeError.
    """
    check_text(text)
    check_meta({"id": id, "title": title, "source": source})
    published = as_published(published)
    [result] = _drive([_article(text, id=id, title=title, published=published, source=source, gating=gating)],
                      model)
    if isinstance(result, Exception):
        raise result
    return result


def extract_many(articles: Iterable[Mapping], *, model: str | None = None, gating: bool = True,
                 errors: Literal["raise", "return"] = "raise") -> list[ArticleFacts | Exception]:
    """`extract` over several articles at once, each a mapping with "text" and optionally "id",
    "title", "published", "source"; the results are those of `extract`, in order, but the NER of
    all the articles runs batched (over Reuters articles, 1.2x the articles per second).

    An article may also be a plain str (its text alone). With errors="return" an article whose
    extraction raises — or that is not an article: no "text", a text that is not a str, a
    `published` that is not a date (see `extract`) — gets its exception in its place and the others
    go on; with "raise" the first such exception is raised (an invalid article before any work).
    """
    check_errors(errors)
    prepared: list[dict | Exception] = []
    for i, item in enumerate(articles):
        try:
            prepared.append(article_of(item, i))
        except (TypeError, ValueError) as exc:
            if errors == "raise":
                raise
            prepared.append(exc)
    valid = [i for i, p in enumerate(prepared) if not isinstance(p, Exception)]
    driven = _drive([_article(gating=gating, **prepared[i]) for i in valid], model)
    results: list = list(prepared)
    for i, r in zip(valid, driven):
        results[i] = r
    if errors == "raise":
        for r in results:
            if isinstance(r, Exception):
                raise r
    return results


def _drive(articles: list[Generator[Pieces, list[PlaceMention], ArticleFacts]],
           model: str | None) -> list[ArticleFacts | Exception]:
    """Run the article generators to their ends, answering each round of their NER requests
    with one batched NER pass; an article that raises ends with its exception."""
    results: list = [None] * len(articles)
    asking: dict[int, Pieces] = {}

    def advance(i: int, places: list[PlaceMention] | None) -> None:
        try:
            asking[i] = articles[i].send(places)
        except StopIteration as stop:
            results[i] = stop.value
        except Exception as exc:  # noqa: BLE001 - this article fails, the others go on
            results[i] = exc

    for i in range(len(articles)):
        advance(i, None)
    while asking:
        order, requests = list(asking), list(asking.values())
        asking.clear()
        try:
            found = places_in_many(requests, model)
        except Exception:  # noqa: BLE001 - find the article the NER cannot read: each alone
            found = []
            for request in requests:
                try:
                    found.append(places_in_many([request], model)[0])
                except Exception as exc:  # noqa: BLE001
                    found.append(exc)
        for i, places in zip(order, found):
            if isinstance(places, Exception):
                articles[i].close()
                results[i] = places
            else:
                advance(i, places)
    return results


def _article(text: str, *, id: str | None = None, title: str | None = None, published: date | str | None = None,
             source: str | None = None, gating: bool = True) -> Generator[Pieces, list[PlaceMention], ArticleFacts]:
    """One article's extraction; each `yield` hands pieces of text to the NER and gets their places.

    Zero-width characters and soft hyphens read as nothing: the text is read without them and
    every span is put back onto the text as read."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    clean, origin = strip_invisible(text)
    title = strip_invisible(title)[0] if title else title
    result = yield from _read_article(clean, digest, id=id, title=title, published=published, source=source,
                                      gating=gating)
    return result if origin is None else _onto(result, text, origin)


def _onto(result: ArticleFacts, text: str, origin: list[int]) -> ArticleFacts:
    """RESULT with every span moved from the stripped text onto TEXT (ORIGIN maps the positions)."""
    def move(span: Span) -> Span:
        a = origin[span.start]
        b = origin[span.end - 1] + 1 if span.end > span.start else a
        return span.model_copy(update={"start": a, "end": b, "text": text[a:b]})

    def spans_of(items):
        return [i.model_copy(update={"evidence": [move(e) for e in i.evidence]}) for i in items]

    return result.model_copy(update={"facts": spans_of(result.facts), "partners": spans_of(result.partners),
                                     "causes": spans_of(result.causes)})


def _read_article(text: str, digest: str, *, id: str | None, title: str | None, published: date | str | None,
                  source: str | None, gating: bool) -> Generator[Pieces, list[PlaceMention], ArticleFacts]:
    spans = boilerplate_spans(text)
    meta = find_metadata(text, spans)
    pub = as_published(published) or meta.published
    reference, basis = inferred_reference(pub, meta, latest_date(mask(text, spans)))
    article = Article(id=id or digest[:16], sha256=digest, title=title or meta.title, published=pub,
                      source=source or meta.source, language=script_language(text),
                      reference_date=reference, reference_basis=basis)
    if article.language == "zh":  # the Chinese path asks the NER nothing
        from .zh import extract_facts

        def read_zh(ref: date):
            return extract_facts(text, ref)

        (facts, partners, causes), article = _within_reference(read_zh, article)
        return ArticleFacts(article=article, facts=facts, partners=partners, causes=causes,
                            checks=run_checks(facts, article, text))
    if article.language != "en":
        return ArticleFacts(article=article, checks=[Check(
            code="unsupported-language", severity="info",
            message=f"The article is in another language ({article.language}); only English and Chinese are read, "
                    "so no facts were extracted.")])

    masked = mask(text, spans + degenerate_spans(text))
    sents = sentences(masked)
    flat = masked.replace("\n", " ")
    # Gating: the statistical model only sees sentences that can yield or place a fact (a trade
    # cue or a trading-partner phrase); elsewhere places play no part. gating=False runs it over
    # the whole text, to prove the gate loses nothing.
    # the lead sentence always: newswire leads name the reporting economy
    candidates = [s for s in sents if is_candidate(s.text)]
    places = yield ([(s.start, s.text) for s in sents[:1] + [c for c in candidates if c is not sents[0]]]
                    if gating else [(0, flat)])
    located = locations(sents, places)  # "Shenzhen in south China's Guangdong Province": Guangdong only locates
    region, bilateral, weak = find_region(sents, places, located)
    # the lead's figure is the reporter's when the first trade sentence names no place
    lead_unplaced = bool(candidates) and not any(candidates[0].start <= p.start < candidates[0].end for p in places)
    reporter = reported_by(text) if candidates and (region is None or weak or lead_unplaced) else None
    if reporter is not None and not (region is not None and region.code and reporter.code
                                     and region.code.startswith(reporter.code + "-")):
        # "SEOUL, Oct 1 - ... Exports to China rose": the dateline or the agency decides over a
        # place that was only the first one named (a province of the dateline's country stays)
        region = reporter
    headline = (yield [(0, article.title)]) if article.title and candidates else []
    told = headline_region(article.title, headline) if headline else None
    if told is not None and not same_place(told, region) and not _within(region, told):
        # "Norway trade surplus soars ..." over a lead whose first place is a partner: the headline
        # names the economy reported on, unless the body names a part of it (a province of the country)
        region, bilateral = told, None
    if region is None and candidates:  # no trade sentence names a place: the title's, else the lead's country
        lead = list(headline)
        lead += [p for p in places if sents and p.start < sents[0].end]
        region = next((p.place for p in lead if p.place.kind in ("country", "subnational")), None)

    services = reports_services(masked)  # "goods" before a cue is a segment beside a services figure

    def read(ref: date):
        ctx = Context(reference_date=ref, text=text, reference_inferred=basis != "published", region=region,
                      region_code=_region_code(region), bilateral=bilateral,
                      locators=frozenset(located), services_reported=services)
        if title:  # a headline's period ("... SURPLUS RISES IN FEBRUARY") is the context of the lead
            ctx.period = next((m.period for m in find_periods(title.title(), ref, ctx.region_code) if m.period),
                              None)
        drafts, cause_mentions = [], []
        by_offset = PlacesByOffset(places)
        for i, sent in enumerate(sents):
            causes = find_causes(sent.text)
            cause_mentions += [(i, sent, c) for c in causes]
            drafts += SentenceLinker(ctx, sent, by_offset.within(sent.start, sent.end), causes, i).link()
        facts = merge(drafts)
        return facts, find_partners(text, sents, places, facts, region), _causes(text, cause_mentions, facts)

    (facts, partners, causes), article = _within_reference(read, article)
    return ArticleFacts(article=article, facts=facts, partners=partners, causes=causes,
                        checks=run_checks(facts, article, text))


def _within(part, whole) -> bool:
    """A subdivision (CN-XJ) of a country (CN)."""
    return bool(part is not None and part.code and whole.code and part.code.startswith(whole.code + "-"))


def inferred_reference(published: date | None, meta, body_latest: date | None) -> tuple[date, str]:
    """The date relative periods are read against, and its basis: the publication date (given, or
    a "Published:" line or dated dateline of the text), else the latest full date of the body
    (boilerplate such as photo captions masked), else the latest date anywhere in the text, else today."""
    if published is not None:
        return published, "published"
    inferred = body_latest or meta.latest_date
    if inferred is not None:
        return inferred, "inferred-from-text"
    return date.today(), "today"


def _within_reference(read, article: Article):
    """`read(reference_date)`'s facts, partners and causes, with the article. An inferred reference
    date must not precede what the article reports as past: when a fact's period ends after it
    (a caption dated March, "the first eight months of this year"), the reference moves to the
    latest such end (never past today) and the article is read again against it."""
    found = read(article.reference_date)
    if article.reference_basis != "inferred-from-text":
        return found, article
    ends = [f.period.end for f in found[0] if f.period is not None]
    lifted = min(max(ends), date.today()) if ends else None
    if lifted is None or lifted <= article.reference_date:
        return found, article
    article = article.model_copy(update={"reference_date": lifted})
    return read(lifted), article


def _region_code(region) -> str | None:
    if region is None or region.code is None:
        return None
    return region.code.split("-")[0]


def _causes(text: str, mentions, facts: list[Fact]) -> list[Cause]:
    """Causes, each linked to the facts of its sentence, else to the first fact of the metric it names."""
    out: list[Cause] = []
    for i, sent, c in mentions:
        cue_at = sent.start + c.cue_start
        named = [cue.metric for cue in find_metric_cues(sent.text[:c.cue_start]) if cue.metric]
        before = [(max(e.start for e in f.evidence if sent.start <= e.start < cue_at), f) for f in facts
                  if any(sent.start <= e.start < cue_at for e in f.evidence)]
        before.sort(key=lambda x: x[0])
        # a reason explains a change: prefer statistics stated with their rate
        changed = [f for _, f in before if f.growth is not None]
        matching = [f for f in changed or [f for _, f in before] if f.metric in named] or changed
        # the statistic the reason follows: the closest one before the cue (of the metric it names)
        ids = [(matching or [f for _, f in before])[-1].id] if before else []
        if not ids:  # "the improvement came thanks to ...": the lead fact of the metric it names, else the lead fact
            lead = [f for f in facts if f.counterpart is None and f.segment is None]
            ids = [f.id for f in lead if f.metric in named][:1] or [f.id for f in lead][:1]
        a, b = sent.start + c.start, sent.start + c.end
        span = Span(start=a, end=b, text=text[a:b], rule=c.rule)
        if any(o.text == c.text and o.cue == c.cue for o in out):
            continue
        out.append(Cause(text=c.text, cue=c.cue, facts=ids, evidence=[span]))
    return out
