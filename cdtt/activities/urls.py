from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("", views.entry, name="entry"),
    path("month/", views.month, name="month"),
    path("<uuid:pk>/edit/", views.edit, name="edit"),
    path("<uuid:pk>/delete/", views.delete, name="delete"),
]
