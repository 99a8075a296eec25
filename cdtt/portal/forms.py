"""Forms of the portal: length limits and a honeypot on every public one."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cdtt.teams.names import member_person, told_apart
from cdtt.text import LineField, TextField
from cdtt.vietnamese import normalize_phone

from .images import resize_image
from .models import Article, Topic

STARS = [(n, str(n)) for n in range(5, 0, -1)]


class PublicForm(forms.Form):
    """A public form with a honeypot: a field hidden from people that robots fill in."""

    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class CommentForm(PublicForm):
    text = TextField(
        label=_("Your comment"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
        help_text=_(
            "Comments appear after a moderator has read them. "
            "Do not write phone numbers or addresses."
        ),
    )


class RatingForm(PublicForm):
    stars = forms.TypedChoiceField(
        label=_("Your rating"), choices=STARS, coerce=int, widget=forms.RadioSelect
    )


class HelpRequestForm(PublicForm):
    name = LineField(label=_("Your name"), max_length=80)
    phone = LineField(
        label=_("Phone number"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("The team calls you back on this number."),
    )
    topic = forms.ChoiceField(label=_("What is it about?"), choices=Topic.choices)
    need = TextField(
        label=_("What do you need?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
        help_text=_("For example: “I want to activate VNeID level 2 for my mother.”"),
    )

    def clean_phone(self) -> str:
        try:
            return normalize_phone(self.cleaned_data["phone"])
        except ValueError as error:
            raise ValidationError(str(error)) from error


class CodeForm(forms.Form):
    code = LineField(
        label=_("Your code"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class HelpRatingForm(PublicForm):
    stars = forms.TypedChoiceField(
        label=_("How was the help?"), choices=STARS, coerce=int, widget=forms.RadioSelect
    )
    comment = TextField(
        label=_("A few words (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
    )


class AssignForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member who helps"), queryset=None)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        field.queryset = members
        # Two members of the same name are told apart (birth year, phone's last digits).
        labels = told_apart((member_person(m) for m in members), phones=True)
        field.label_from_instance = lambda member: labels.get(member.pk, member.full_name)


class DoneForm(forms.Form):
    note = TextField(
        label=_("What was done"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
    )
    activity = forms.ChoiceField(label=_("The activity it became"), required=False)

    def __init__(self, *args, activities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].choices = [("", "—")] + [
            (str(a.pk), f"{a.date:%d/%m/%Y} · {a.type} · {a.people_helped}") for a in activities
        ]


class ResizedImageMixin:
    """Shrinks the uploaded picture before the model stores it."""

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and hasattr(image, "content_type"):  # a new upload, not the stored file
            return resize_image(image)
        return image


class ArticleForm(ResizedImageMixin, forms.ModelForm):
    body = TextField(
        label=_("text"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Plain text, or simple HTML: paragraphs, bold, italics, lists, headings, "
            "links and tables. Anything else is removed."
        ),
    )

    class Meta:
        model = Article
        fields = ["unit", "kind", "title", "summary", "body", "image", "image_alt", "is_published"]
        field_classes = {"title": LineField, "summary": LineField, "image_alt": LineField}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
