from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("unit/<int:pk>/", views.unit_page, name="unit"),
    path("unit/<int:pk>/<str:table>.<str:fmt>", views.unit_table, name="unit_table"),
    path("team/<int:pk>/", views.team_page, name="team"),
    path("team/<int:pk>/<str:table>.<str:fmt>", views.team_table, name="team_table"),
    path("team/<int:pk>/inspections/new/", views.inspection_new, name="inspection_new"),
    path("follow-ups/<int:pk>/done/", views.follow_up_done, name="follow_up_done"),
    path("member/<int:pk>/", views.member_page, name="member"),
    path("member/<int:pk>/<str:table>.<str:fmt>", views.member_table, name="member_table"),
    path("directives/", views.directive_list, name="directives"),
    path("directives/new/", views.directive_new, name="directive_new"),
    path("directives/<int:pk>/", views.directive_detail, name="directive"),
    path("directives/<int:pk>/attachment/", views.directive_attachment, name="attachment"),
]
