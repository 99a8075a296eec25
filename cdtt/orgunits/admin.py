from django.contrib import admin

from .models import OrgUnit


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "kind", "parent")
    list_filter = ("level", "kind")
    search_fields = ("name", "name_folded", "code")
    readonly_fields = ("path",)
    raw_id_fields = ("parent", "successor")
