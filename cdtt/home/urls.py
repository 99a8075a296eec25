from django.urls import path

from . import views

app_name = "home"
urlpatterns = [
    path("", views.landing, name="landing"),
    path("todo/", views.todo_page, name="todo"),
    path("team-month/", views.team_month, name="team_month"),
]
