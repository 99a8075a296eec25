from django.urls import path

from . import views

app_name = "skills"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("level/<slug:code>/", views.set_level, name="set_level"),
    path("courses/new/", views.course_add, name="course_add"),
    # Guides kept for offline reading: the service worker caches pages under LEARN_PREFIX.
    path("learn/<slug:code>/", views.learn, name="learn"),
    path("learn/<slug:code>/check/", views.check, name="check"),
    path("who-can-guide/<slug:code>/", views.who_can_guide, name="who_can_guide"),
    path("members/<int:pk>/", views.member_page, name="member"),
    path("members/<int:pk>/confirm/<slug:code>/", views.confirm, name="confirm"),
    path("teams/<int:pk>/", views.team_members, name="team"),
    path("units/<int:pk>/figures/", views.unit_figures, name="unit_figures"),
    path("trainings/", views.sessions, name="sessions"),
    path("trainings/new/", views.session_new, name="session_new"),
    path("trainings/<int:pk>/", views.session_page, name="session"),
]
