"""The words of the monthly cycle as typed on its pages: a member's difficulties and
proposals, a leader's comment and assessment, the reason for unlocking a month.

They hold the text rules of `cdtt.text` and the lengths of the models; the API's bodies
(`reports.api`) hold the same, and the workflow's writers check them once more.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from cdtt.text import TextField

WORDS_LENGTH = 4000  # MonthlyReport.difficulties / proposals, TeamMonth.assessment
COMMENT_LENGTH = 2000  # Transition.comment, MonthEvent.reason


class WordsForm(forms.Form):
    difficulties = TextField(label=_("Difficulties"), required=False, max_length=WORDS_LENGTH)
    proposals = TextField(label=_("Proposals"), required=False, max_length=WORDS_LENGTH)


class CommentForm(forms.Form):
    comment = TextField(label=_("Comment"), required=False, max_length=COMMENT_LENGTH)


class AssessmentForm(forms.Form):
    assessment = TextField(label=_("Leader's assessment"), required=False, max_length=WORDS_LENGTH)


class ReasonForm(forms.Form):
    reason = TextField(label=_("Reason for unlocking"), required=False, max_length=COMMENT_LENGTH)


def first_error(form: forms.Form) -> str:
    """The first field error of a bound form, with the field's label: one line for a message
    above the page ("Difficulties: The text is too long…")."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        return f"{label}: {errors[0]}" if label else errors[0]
    return ""
