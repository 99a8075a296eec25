"""Reading pages as a browser would: which tags and attributes would run code."""

import re
from html.parser import HTMLParser

DANGEROUS_TAGS = {"svg", "math", "iframe", "frame", "object", "embed", "base", "applet"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"}
_INVISIBLE = re.compile(r"[\x00-\x20]+")


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.inline_scripts = 0
        self.style_attributes = 0
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name == "style":
                self.style_attributes += 1
            if name in URL_ATTRIBUTES:
                plain = _INVISIBLE.sub("", value).lower()
                if plain.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.problems.append(f"<{tag} {name}={value!r}>")
        if tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}>")
        if tag == "script":
            src = dict(attrs).get("src") or ""
            if not src.startswith("/static/"):
                self.problems.append(f"<script src={src!r}>")
            self._in_script = True
        if tag == "style":
            self.problems.append("<style>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_scripts += 1
            self.problems.append("inline <script> content")


def scan(page: str) -> _Scanner:
    scanner = _Scanner()
    scanner.feed(page)
    scanner.close()
    return scanner


def assert_inert(page: str) -> None:
    """Nothing on the page would run code: no handlers, no script URLs, no foreign scripts."""
    problems = scan(page).problems
    assert problems == [], problems


def assert_no_inline_code(page: str) -> None:
    """No inline <script> and no style= attribute: the coming CSP forbids both."""
    scanner = scan(page)
    assert scanner.inline_scripts == 0
    assert scanner.style_attributes == 0
