"""Is this input a web page? Markup is sniffed wherever the input was not named as HTML — a page
saved as .txt, piped on stdin, a JSONL record's text — so that it goes to the HTML reader (main
text only: no <script> body, no tags, no "most read" box) instead of being read as plain text.

Settings in rules/web.yaml `sniff`.

>>> looks_like_html(b"<!DOCTYPE html><html><body><p>Exports rose.</p></body></html>")
True
>>> looks_like_html(b"NEW YORK, March 2 - <AMERICAN EXPRESS CO> said exports rose.")
False
"""
from __future__ import annotations

import functools
import re

from ..rules import load_rules

_LEADING = b"\xef\xbb\xbf \t\r\n"


def looks_like_html(data: bytes | str) -> bool:
    """Does `data` (bytes, or decoded text) start like a page, or hold enough HTML tags to be one?"""
    settings = load_rules("web")["sniff"]
    head = data[: int(settings["head_bytes"])]
    if isinstance(head, str):
        head = head.encode("utf-8", "replace")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: look at its ASCII letters
        head = head.replace(b"\x00", b"")
    head = head.lstrip(_LEADING)
    if not head:
        return False
    lowered = head[:64].lower()
    if lowered.startswith(tuple(s.encode() for s in settings["starts"])):
        return True
    text = head.decode("latin-1")
    tags = _tag_regex().findall(text)
    return len(tags) >= int(settings["min_tags"]) and \
        sum(map(len, tags)) >= float(settings["min_tag_share"]) * len(text)


@functools.cache
def _tag_regex() -> re.Pattern[str]:
    settings = load_rules("web")["sniff"]
    return re.compile(settings["tag_pattern"].replace("{elements}", "|".join(map(re.escape, settings["elements"]))))
