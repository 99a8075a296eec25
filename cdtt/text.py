"""Rules for the text people type, checked at the edge: forms, API serializers, import parsers.

One written rule for every free-text field of cdtt, so that a page, the API and an Excel
import refuse the same things with the same message:

- NUL and the other control characters (U+0000–U+001F, U+007F–U+009F) are refused, with
  the field and the position in the message; where text is multi-line, newline and tab are
  kept (a CR or CRLF from a browser becomes a newline). In a one-line field (a name, a
  title, a note) tabs and line breaks are whitespace: folded into single spaces.
- Invisible format characters (Unicode category Cf: bidi overrides such as U+202E, zero-width
  spaces and joiners, the BOM, soft hyphens) are stripped: they can make a name read
  backwards or two names look alike, and Vietnamese text never needs them.
- Lone surrogates and the non-characters U+FFFE / U+FFFF cannot be stored or written to a
  file: refused.
- Text is NFC-normalised, trimmed, and then held to the length that fits the field's use.

`line` and `lines` are the rules; `LineField` / `TextField` apply them in Django forms,
`ApiLine` / `ApiText` in DRF serializers; parsers (`cdtt.teams.rules`, the activity rules)
and writers call `line` / `lines` directly. Exports never fail on text stored before these
rules (defence in depth): `cdtt.safe_files` drops what XML cannot hold.
"""

import unicodedata
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from rest_framework import serializers

from cdtt.vietnamese import format_number


class TextError(ValueError):
    """Text a field cannot take; the message says why, for the person who typed it."""


def _refused(char: str) -> bool:
    code = ord(char)
    return (
        code < 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF)
    )


def _visible(text: str, *, keep: str) -> str:
    """Text without invisible format characters; TextError at the first refused one."""
    if text.isprintable():
        # Nothing to drop or refuse: printable text holds no control (Cc), format (Cf),
        # surrogate (Cs) or unassigned (Cn) character. Most text takes this way, at C speed.
        return text
    kept = []
    for position, char in enumerate(text, start=1):
        if char in keep:
            kept.append(char)
        elif _refused(char):
            raise TextError(
                _("the text holds a character that is not allowed (U+%(code)04X, position %(n)s)")
                % {"code": ord(char), "n": position}
            )
        elif unicodedata.category(char) != "Cf":
            kept.append(char)
    return "".join(kept)


def _length(text: str, max_length: int | None) -> str:
    if max_length is not None and len(text) > max_length:
        raise TextError(
            _("the text is too long: %(length)s characters, at most %(limit)s")
            % {"length": format_number(len(text)), "limit": format_number(max_length)}
        )
    return text


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise TextError(_("text is expected here"))
    return str(value)


def line(value: object, max_length: int | None = None) -> str:
    """One line of text as stored (a name, a title, a short note): see the module's rules.

    Numbers are taken as their text (Excel keeps "Thôn 3" as text but 1975 as a number);
    other types raise TextError.
    """
    text = _visible(unicodedata.normalize("NFC", _as_text(value)), keep="\t\n\r")
    return _length(" ".join(text.split()), max_length)


def lines(value: object, max_length: int | None = None) -> str:
    """Multi-line text as stored (difficulties, comments, findings): newlines and tabs kept."""
    text = _as_text(value).replace("\r\n", "\n").replace("\r", "\n")
    text = _visible(unicodedata.normalize("NFC", text), keep="\t\n")
    text = "\n".join(part.rstrip() for part in text.split("\n")).strip()
    return _length(text, max_length)


class _RuledField(forms.CharField):
    """A form field that applies one of the text rules; its errors name no field (the form
    shows them beside it)."""

    rule = staticmethod(line)

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        try:
            return self.rule(value, self.max_length)
        except TextError as error:
            raise forms.ValidationError(sentence(error), code="text") from error


class LineField(_RuledField):
    """One line of text, under the rules of `line`."""

    rule = staticmethod(line)


class TextField(_RuledField):
    """Multi-line text (a Textarea), under the rules of `lines`."""

    rule = staticmethod(lines)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Textarea)
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.setdefault("rows", 4)
        return attrs


class _ApiRuled(serializers.CharField):
    rule = staticmethod(line)

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):  # JSON text only: 123 or ["x"] is not a comment
            self.fail("invalid")
        value = super().to_internal_value(data)
        try:
            value = self.rule(value, self.max_length)
        except TextError as error:
            raise serializers.ValidationError(sentence(error), code="text") from error
        if not value and not self.allow_blank:
            self.fail("blank")
        return value


class ApiLine(_ApiRuled):
    """One line of text in an API body, under the rules of `line`."""

    rule = staticmethod(line)


class ApiText(_ApiRuled):
    """Multi-line text in an API body, under the rules of `lines`."""

    rule = staticmethod(lines)


def sentence(error: ValueError) -> str:
    """A rule's message as shown beside its field: capitalised, with a full stop."""
    message = str(error)
    return f"{message[:1].upper()}{message[1:]}."
