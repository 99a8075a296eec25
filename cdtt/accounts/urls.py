"""Routes of the accounts app: /accounts/…, and at the root the public activation pages
(/kich-hoat/ is printed on the slips; /activate/ is its English alias)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import manage_views, views

app_name = "accounts"
urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/me/", views.me, name="me"),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/tokens/<int:pk>/revoke/", manage_views.token_revoke, name="token_revoke"),
    path("accounts/users/", manage_views.user_list, name="users"),
    path("accounts/users/new/", manage_views.user_new, name="user_new"),
    path("accounts/users/<int:pk>/", manage_views.user_page, name="user"),
    path("accounts/users/<int:pk>/role/", manage_views.user_role, name="user_role"),
    path("accounts/users/<int:pk>/slip/", manage_views.user_slip, name="user_slip"),
    path("accounts/users/<int:pk>/<str:action>/", manage_views.user_action, name="user_action"),
    path("accounts/slips/<str:batch>/", manage_views.batch_slips, name="slips"),
    # Public: the address printed on the slips, in Vietnamese and English.
    path("kich-hoat/", views.activate_code, name="activate"),
    path("activate/", views.activate_code, name="activate_en"),
    path("kich-hoat/mat-khau/", views.activate_password, name="activate_password"),
    path("quen-mat-khau/", views.forgot, name="forgot"),
    path("forgot-password/", views.forgot, name="forgot_en"),
]
