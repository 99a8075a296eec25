"""Admin: administrators edit the catalog; activities and locks are shown, never edited here
(their writes go through recording and locks, which check the rules and audit)."""

from django.contrib import admin

from .models import Activity, ActivityType, MonthLock


@admin.register(ActivityType)
class ActivityTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "counts", "frequent", "active", "order")
    list_editable = ("frequent", "active", "order")
    list_filter = ("active", "frequent", "counts")
    search_fields = ("code", "name", "name_en")

    def get_readonly_fields(self, request, obj=None):
        """The code is on the wire: set once, never renamed."""
        return ("code",) if obj else ()

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ("date", "type", "people_helped", "member", "team", "village", "source")
    list_filter = ("source", "type")
    date_hierarchy = "date"
    list_select_related = ("type", "member", "team__unit", "village")


@admin.register(MonthLock)
class MonthLockAdmin(ReadOnlyAdmin):
    list_display = ("team", "period", "locked_at", "locked_by", "reason")
    list_select_related = ("team__unit", "locked_by")
