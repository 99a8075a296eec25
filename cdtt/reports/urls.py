from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("my/<str:period>/", views.my_month, name="my"),
    path("team/<int:pk>/<str:period>/", views.team_month, name="team"),
    path("team/<int:pk>/<str:period>/remind/", views.remind, name="remind"),
    path("batch/<str:period>/", views.batch, name="batch"),
    path("unit/<int:pk>/<str:period>/", views.unit_month, name="unit"),
    path("unit/<int:pk>/<str:period>/export.<str:fmt>", views.unit_export, name="export"),
]
