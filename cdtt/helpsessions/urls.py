from django.urls import path

from . import views

app_name = "helpsessions"
urlpatterns = [
    path("", views.mine, name="list"),
    path("plan/", views.plan, name="plan"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/poster/", views.poster, name="poster"),
    path("<int:pk>/sign-up/", views.sign_up, name="sign_up"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/photos/<int:photo_pk>/", views.photo, name="photo"),
    path("<int:pk>/photos/<int:photo_pk>/delete/", views.photo_delete, name="photo_delete"),
]
