"""Django admin for teams: a read-mostly view for administrators; pages do the writing."""

from django.contrib import admin

from .models import Member, Membership, Team, Training


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["member", "team"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["__str__", "unit", "created_at"]
    search_fields = ["unit__name", "unit__code"]
    raw_id_fields = ["unit"]
    inlines = [MembershipInline]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["full_name", "phone", "birth_year", "gender", "affiliation"]
    list_filter = ["affiliation", "gender"]
    search_fields = ["full_name", "name_folded", "phone"]
    raw_id_fields = ["user"]
    inlines = [MembershipInline]


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ["member", "date", "topic", "organiser"]
    raw_id_fields = ["member"]
