"""The committee's pages keep the paths they had under /dashboard/ (cdtt/urls.py mounts them
there, beside the dashboard's own)."""

from django.urls import path

from . import views

app_name = "steering"
urlpatterns = [
    path("team/<int:pk>/inspections/new/", views.inspection_new, name="inspection_new"),
    path("follow-ups/<int:pk>/done/", views.follow_up_done, name="follow_up_done"),
    path("directives/", views.directive_list, name="directives"),
    path("directives/new/", views.directive_new, name="directive_new"),
    path("directives/<int:pk>/", views.directive_detail, name="directive"),
    path("directives/<int:pk>/attachment/", views.directive_attachment, name="attachment"),
]
