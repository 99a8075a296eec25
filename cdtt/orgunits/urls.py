from django.urls import path

from . import views

app_name = "orgunits"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/villages/new/", views.village_create, name="village_create"),
    path("villages/import/", views.village_import, name="village_import"),
]
