"""The secretariat's Markdown as safe HTML: raw HTML is never passed through (it shows as
text), links go only to http(s), mailto or this site, and the result is sanitised once more
with an allow-list (nh3), so no script, event handler or javascript: link survives.

What the renderer would not pass through (raw HTML, a link it drops, an image) is found
beforehand by `problems`, so that the editor refuses it with a message instead of publishing
it as literal text."""

from dataclasses import dataclass
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

SCHEMES = {"http", "https", "mailto"}
TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "h1", "h2", "h3",
        "h4", "h5", "h6", "hr", "code", "pre"}
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}


def safe_link(url: str) -> bool:
    """http(s) and mailto links, or a path on this site; nothing else (javascript:, data:,
    vbscript:, file:, protocol-relative //host)."""
    url = url.strip()
    if url.startswith("//"):
        return False
    scheme = urlsplit(url).scheme.lower()
    if scheme:
        return scheme in SCHEMES
    return ":" not in url.split("/", 1)[0]


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "typographer": False})
    parser.validateLink = safe_link
    return parser


_PARSER = _parser()


def _reader() -> MarkdownIt:
    """A parser that sees everything as what it is (HTML as HTML, every link as a link), to
    find what `render` would not pass through."""
    parser = MarkdownIt("commonmark", {"html": True, "typographer": False})
    parser.validateLink = lambda url: True
    return parser


_READER = _reader()
SHOWN = 60  # characters of the offending piece quoted in the message


@dataclass
class Problem:
    kind: str  # "html", "link" or "image"
    piece: str


def problems(text: str) -> list[Problem]:
    """Raw HTML (blocks, inline tags, comments), links to anything but http(s), mailto or this
    site, and images, in the order they appear."""
    found = []
    for token in _READER.parse(text or ""):
        if token.type == "html_block":
            found.append(Problem("html", token.content.strip()))
        for child in token.children or []:
            if child.type == "html_inline":
                found.append(Problem("html", child.content))
            elif child.type == "link_open" and not safe_link(str(child.attrs.get("href", ""))):
                found.append(Problem("link", str(child.attrs.get("href", ""))))
            elif child.type == "image":
                found.append(Problem("image", str(child.attrs.get("src", ""))))
    for problem in found:
        piece = " ".join(problem.piece.split())
        problem.piece = piece if len(piece) <= SHOWN else piece[:SHOWN - 1] + "…"
    return found


def render(text: str, *, top: int = 2) -> Markup:
    """Markdown to sanitised HTML. The highest heading in the text becomes <h{top}> and the
    others keep their distance below it: the page's own headline sits above them."""
    tokens = _PARSER.parse(text or "")
    levels = [int(token.tag[1]) for token in tokens if token.type == "heading_open"]
    shift = top - min(levels) if levels else 0
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{max(1, min(6, int(token.tag[1]) + shift))}"
    html = _PARSER.renderer.render(tokens, _PARSER.options, {})
    return Markup(nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES,
                            link_rel="noopener noreferrer", strip_comments=True))
