"""The portal's tables, one module per idea: news, visits, guides, help requests."""

from .guides import Guide, GuideStep
from .help import HelpRequest, HelpStatus, Topic
from .news import Article, ArticleKind, ArticleRating, Comment, CommentStatus
from .visits import DailyVisits, VisitorDay, VisitSalt

__all__ = [
    "Article",
    "ArticleKind",
    "ArticleRating",
    "Comment",
    "CommentStatus",
    "DailyVisits",
    "Guide",
    "GuideStep",
    "HelpRequest",
    "HelpStatus",
    "Topic",
    "VisitSalt",
    "VisitorDay",
]
