from django.urls import path, re_path

from .views import directory, help, manage, news, pages, queue

app_name = "portal"
urlpatterns = [
    path("", pages.home, name="home"),
    path("text-size/", pages.text_size, name="text_size"),
    path("session/keep-alive/", pages.keep_alive, name="keep_alive"),
    re_path(r"^media/(?P<path>portal/(?:[\w-]+/)*[\w-]+\.jpg)$", pages.media, name="media"),
    # Public: news, directory, guides, asking for help.
    path("news/", news.news_list, name="news"),
    path("news/<int:pk>/", news.article, name="article"),
    path("news/<int:pk>/rate/", news.article_rate, name="article_rate"),
    path("news/<int:pk>/comment/", news.article_comment, name="article_comment"),
    path("directory/", directory.directory, name="directory"),
    path("directory/<int:pk>/", directory.directory_unit, name="directory_unit"),
    path("guides/", directory.guides, name="guides"),
    path("guides/<slug:slug>/", directory.guide, name="guide"),
    path("help/", help.help_ask, name="help_ask"),
    path("help/track/", help.help_track, name="help_track"),
    re_path(r"^help/(?P<code>[A-Za-z0-9]{8})/$", help.help_status, name="help_status"),
    re_path(r"^help/(?P<code>[A-Za-z0-9]{8})/rate/$", help.help_rate, name="help_rate"),
    # Logged in: the team's queue, the officers' news and comments.
    path("help/queue/", queue.help_queue, name="help_queue"),
    path("help/queue/assign/", queue.help_assign, name="help_assign"),
    path("help/queue/done/", queue.help_done, name="help_done"),
    path("news/manage/", manage.news_manage, name="news_manage"),
    path("news/manage/edit/", manage.article_form, name="article_form"),
    path("news/manage/comments/", manage.moderation, name="moderation"),
    path("news/manage/comments/decide/", manage.comment_moderate, name="comment_moderate"),
]
