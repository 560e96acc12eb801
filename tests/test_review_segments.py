"""Spans onto text as marks (extractor.review.segments): no text lost or repeated, every span whole."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.review.segments import Close, Labelled, Open, flatten, segment, texts_of


def shape(tokens):
    """Tokens as nested tuples, for readable expectations: ('a', ['x', ('b', ['y'])]); fails unless
    every mark is closed, innermost first, and no span is opened inside itself."""
    root: list = []
    stack = [("", root)]
    for t in tokens:
        if isinstance(t, str):
            assert t, "an empty text piece"
            stack[-1][1].append(t)
        elif isinstance(t, Open):
            assert t.key not in [key for key, _ in stack], f"{t.key} opened inside itself"
            children: list = []
            stack[-1][1].append((t.key, children))
            stack.append((t.key, children))
        else:
            assert stack[-1][0] == t.key, f"{t.key} closed while {stack[-1][0]} is open"
            stack.pop()
    assert len(stack) == 1, f"left open: {[key for key, _ in stack[1:]]}"
    return root


def test_no_spans_is_the_text():
    assert segment("Exports rose.", []) == ["Exports rose."]
    assert segment("", []) == []


def test_nested_span_stays_one_mark_inside_the_other():
    text = "a yearly rise of 30.9 percent"
    nodes = segment(text, [Labelled(0, 29, "s1"), Labelled(17, 21, "s2")])
    assert shape(nodes) == [("s1", ["a yearly rise of ", ("s2", ["30.9"]), " percent"])]


def test_crossing_spans_are_split_at_the_first_ones_end():
    text = "exports rose 5%"
    nodes = segment(text, [Labelled(8, 15, "b"), Labelled(0, 12, "a")])  # order given does not matter
    assert shape(nodes) == [("a", ["exports ", ("b", ["rose"])]), ("b", [" 5%"])]
    assert [(t.key, t.first) for t in nodes if isinstance(t, Open)] == [("a", True), ("b", True), ("b", False)]
    assert texts_of(nodes) == {"a": "exports rose", "b": "rose 5%"}


def test_adjacent_spans_are_siblings():
    nodes = segment("abcdef", [Labelled(0, 3, "x"), Labelled(3, 6, "y")])
    assert shape(nodes) == [("x", ["abc"]), ("y", ["def"])]


def test_spans_at_the_start_and_end_of_the_text():
    nodes = segment("Trade rose 5%", [Labelled(0, 5, "x"), Labelled(11, 13, "y")])
    assert shape(nodes) == [("x", ["Trade"]), " rose ", ("y", ["5%"])]
    assert shape(segment("abc", [Labelled(0, 3, "all")])) == [("all", ["abc"])]


def test_equal_spans_nest_in_the_order_given():
    nodes = segment("xy", [Labelled(0, 2, "fact"), Labelled(0, 2, "partner")])
    assert shape(nodes) == [("fact", [("partner", ["xy"])])]


def test_longer_span_from_the_same_start_holds_the_shorter():
    nodes = segment("Kazakhstan trade", [Labelled(0, 10, "p1"), Labelled(0, 16, "s1")])
    assert shape(nodes) == [("s1", [("p1", ["Kazakhstan"]), " trade"])]


def test_empty_span_is_an_empty_mark_losing_nothing():
    nodes = segment("ab", [Labelled(1, 1, "e")])
    assert shape(nodes) == ["a", ("e", []), "b"]


def test_one_span_crossing_several_is_split_at_each():
    text = "0123456789"
    spans = [Labelled(0, 3, "a"), Labelled(4, 7, "b"), Labelled(2, 9, "long")]
    nodes = segment(text, spans)
    assert shape(nodes) == [("a", ["01", ("long", ["2"])]), ("long", ["3", ("b", ["456"]), "78"]), "9"]
    assert texts_of(nodes) == {"a": "012", "b": "456", "long": "2345678"}


def test_crlf_offsets_are_python_str_offsets():
    text = "Line one.\r\nExports rose 5%.\r\n"
    start = text.index("Exports")
    nodes = segment(text, [Labelled(start, start + 12, "s")])
    assert flatten(nodes) == text
    assert texts_of(nodes) == {"s": "Exports rose"}
    assert nodes[0] == "Line one.\r\n" and nodes[1] == Open("s")


def test_non_bmp_characters_count_as_one_offset():
    text = "🚢 Exports 𝟓% up"  # a ship and a mathematical digit: two UTF-16 units each, one str offset
    start = text.index("𝟓")
    nodes = segment(text, [Labelled(0, 1, "ship"), Labelled(start, start + 2, "pct")])
    assert texts_of(nodes) == {"ship": "🚢", "pct": "𝟓%"}
    assert flatten(nodes) == text


@pytest.mark.parametrize("start,end", [(-1, 2), (2, 1), (0, 4)], ids=["negative", "reversed", "past-the-end"])
def test_span_outside_the_text_is_refused(start, end):
    with pytest.raises(ValueError, match="outside the text"):
        segment("abc", [Labelled(start, end, "bad")])


@st.composite
def text_and_spans(draw):
    text = draw(st.text(alphabet="ab \r\n🚢é", max_size=30))
    n = len(text)
    bounds = st.tuples(st.integers(0, n), st.integers(0, n)).map(sorted)
    spans = [Labelled(a, b, f"s{i}") for i, (a, b) in enumerate(draw(st.lists(bounds, max_size=8)))]
    return text, spans


@given(text_and_spans())
def test_every_span_reads_its_text_and_no_text_is_lost_or_repeated(case):
    text, spans = case
    nodes = segment(text, spans)
    assert flatten(nodes) == text
    texts = texts_of(nodes)
    assert all(texts.get(s.key, "") == text[s.start:s.end] for s in spans)
    shape(nodes)  # well nested, no span inside itself
    firsts = [t.key for t in nodes if isinstance(t, Open) and t.first]
    assert sorted(firsts) == sorted(s.key for s in spans)  # one anchor per span
    assert len([t for t in nodes if isinstance(t, Close)]) == len([t for t in nodes if isinstance(t, Open)])


def test_deeply_overlapping_spans_need_no_recursion():
    """Thousands of spans each crossing the next: flat tokens, nothing recurses (a tree would overflow)."""
    text = "x" * 1200
    spans = [Labelled(i, i + 1000, f"s{i}") for i in range(150)] + [Labelled(0, 1200, "all")]
    spans += [Labelled(i, i + 1, f"t{i}") for i in range(1200)]
    nodes = segment(text, spans)
    assert flatten(nodes) == text
    assert texts_of(nodes) == {s.key: text[s.start:s.end] for s in spans}
    nested = segment("y" * 3000, [Labelled(i, 3000 - i, f"n{i}") for i in range(1500)])  # 1,500 deep
    assert texts_of(nested)["n1499"] == "yy" and len([t for t in nested if isinstance(t, Open)]) == 1500  # none split
