"""Rich text from officers, cut down to a safe subset of HTML with nh3 (Ammonia)."""

import nh3
from django.utils.html import escape, linebreaks

TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "h2", "h3", "h4", "ul", "ol", "li",
    "blockquote", "hr", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "th": {"colspan", "rowspan"}, "td": {"colspan", "rowspan"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_html(text: str) -> str:
    """Safe HTML from what an officer typed: tags outside the subset go, their text stays.

    Text without any tag is taken as plain text: blank lines make paragraphs, as people
    expect when they paste from a word processor or type on a phone.
    """
    if "<" not in text:
        text = linebreaks(escape(text))
    return nh3.clean(
        text,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()
