from django.urls import path

from . import member_accounts_views, views

app_name = "teams"
urlpatterns = [
    path("", views.index, name="index"),
    path("composition/", views.composition, name="composition"),
    path("import/", views.import_view, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/<str:job_id>/", views.import_job, name="import_job"),
    path("unit/<int:pk>/", views.for_unit, name="for_unit"),
    path("<int:pk>/", views.team, name="team"),
    path("<int:pk>/members/new/", views.member_add, name="member_add"),
    path("members/<int:pk>/", views.member, name="member"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/delete/", views.member_delete, name="member_delete"),
    path("members/<int:pk>/trainings/new/", views.training_add, name="training_add"),
    path("memberships/<int:pk>/", views.membership, name="membership"),
    path("accounts/<int:pk>/", member_accounts_views.issue_accounts, name="issue_accounts"),
]
