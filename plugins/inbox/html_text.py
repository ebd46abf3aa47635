"""HTML to plain text with the standard library only.

Many applicant tracking systems send HTML-only mail. The classifier needs the
words, not the layout, so this keeps text, turns block elements into line
breaks, drops ``<style>``, ``<script>`` and ``<head>`` content, and keeps link
targets (a Calendly or scheduling link is evidence of an invitation even when
the visible text only says "Book a time").
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SPACE = re.compile(r"\s+")
_SKIP = frozenset({"style", "script", "head", "title", "noscript", "template", "svg"})
_BLOCK = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "table",
        "tr",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "hr",
        "center",
        "address",
        "main",
        "nav",
        "aside",
        "form",
    }
)


class _TextExtractor(HTMLParser):
    """Collects text chunks; state is a skip depth and the current link target."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skip_depth = 0
        self._href: str | None = None
        self._link_text: list[str] = []
        self._pre_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip_depth += 1
            return
        if tag == "pre":
            self._pre_depth += 1
        if tag == "br":
            self.chunks.append("\n")
        elif tag in _BLOCK:
            self.chunks.append("\n\n")
        elif tag == "li":
            self.chunks.append("\n- ")
        elif tag in ("td", "th"):
            self.chunks.append(" ")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self._href = href if href.startswith(("http://", "https://")) else None
            self._link_text = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/> and <hr/> must break lines, but a self-closed <script/> must not
        # leave the parser skipping the rest of the document.
        if tag in _SKIP:
            return
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        if tag == "pre":
            self._pre_depth = max(0, self._pre_depth - 1)
        if tag in _BLOCK or tag == "li":
            self.chunks.append("\n")
        elif tag == "a" and self._href is not None:
            text = "".join(self._link_text).strip()
            if self._href.rstrip("/") not in text:
                self.chunks.append(f" <{self._href}>")
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        if not self._pre_depth:
            # Source line breaks in HTML are just spaces; only markup breaks lines.
            data = _SPACE.sub(" ", data)
        self.chunks.append(data)
        if self._href is not None:
            self._link_text.append(data)


def html_to_text(html: str) -> str:
    """Visible text of ``html`` with line structure; whitespace is not yet normalised."""
    parser = _TextExtractor()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):
        # html.parser is lenient, but some malformed markup still trips an
        # internal assertion; what was collected so far is the best answer.
        pass
    return "".join(parser.chunks)
