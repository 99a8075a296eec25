from django.contrib import admin

from .models import ReportSettings


@admin.register(ReportSettings)
class ReportSettingsAdmin(admin.ModelAdmin):
    """Each province's deadline day and reminder lead time (administrators only)."""

    list_display = ("province", "deadline_day", "remind_days_before")
    raw_id_fields = ("province",)
