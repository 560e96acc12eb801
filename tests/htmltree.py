"""A page parsed into elements with the standard library's html.parser, for tests that assert on
elements and attributes rather than on fragments of the markup."""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    children: list = field(default_factory=list)  # Elements and str
    parent: Element | None = field(default=None, repr=False)

    def iter(self):
        """This element and every one inside it, in document order (no recursion: pages nest deep)."""
        todo = [self]
        while todo:
            e = todo.pop()
            yield e
            todo.extend(reversed([c for c in e.children if isinstance(c, Element)]))

    def find_all(self, tag: str | None = None, **attrs) -> list[Element]:
        return [e for e in self.iter() if (tag is None or e.tag == tag)
                and all(e.attrs.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())]

    def find(self, tag: str | None = None, **attrs) -> Element:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag}> with {attrs}"
        return found[0]

    def by_id(self, id: str) -> Element:
        return self.find(id=id)

    @property
    def text(self) -> str:
        out, todo = [], list(reversed(self.children))
        while todo:
            c = todo.pop()
            if isinstance(c, str):
                out.append(c)
            else:
                todo.extend(reversed(c.children))
        return "".join(out)

    def ancestors(self):
        e = self.parent
        while e is not None:
            yield e
            e = e.parent


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        el = Element(tag, dict(attrs), parent=self.open[-1])
        self.open[-1].children.append(el)
        if tag not in VOID:
            self.open.append(el)

    def handle_startendtag(self, tag, attrs):
        self.open[-1].children.append(Element(tag, dict(attrs), parent=self.open[-1]))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        # the page under test must close what it opens: a stray end tag is a bug, not something to recover from
        assert self.open[-1].tag == tag, f"</{tag}> closes <{self.open[-1].tag}>"
        self.open.pop()

    def handle_data(self, data):
        self.open[-1].children.append(data)


def parse(html: str) -> Element:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    assert builder.open == [builder.root], f"unclosed: {[e.tag for e in builder.open[1:]]}"
    return builder.root
