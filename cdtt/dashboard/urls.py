from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("unit/<int:pk>/", views.unit_page, name="unit"),
    path("unit/<int:pk>/<str:table>.<str:fmt>", views.unit_table, name="unit_table"),
    path("team/<int:pk>/", views.team_page, name="team"),
    path("team/<int:pk>/<str:table>.<str:fmt>", views.team_table, name="team_table"),
    path("member/<int:pk>/", views.member_page, name="member"),
    path("member/<int:pk>/<str:table>.<str:fmt>", views.member_table, name="member_table"),
]
