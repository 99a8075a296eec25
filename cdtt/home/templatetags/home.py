"""The member's banner of what is due, shown above the entry page."""

from django import template

from cdtt.home.todo import member_due

register = template.Library()


@register.inclusion_tag("home/_due.html", takes_context=True)
def due_banner(context, user=None) -> dict:
    """What `user` (the page's user by default) has to do, one line each."""
    user = user or context["request"].user
    return {"due": member_due(user) if user.is_authenticated else []}
