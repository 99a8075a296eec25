from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "role", "orgunit", "phone", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("username", "first_name", "last_name", "phone")
    autocomplete_fields = ("orgunit",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Role and unit"), {"fields": ("role", "orgunit", "phone")}),
    )
