"""The catalogue of guidable tasks and their check questions, edited by administrators."""

from django.contrib import admin

from .models import CheckQuestion, CourseCompletion, SkillLevel, Task, TrainingSession


class CheckQuestionInline(admin.StackedInline):
    model = CheckQuestion
    extra = 0
    min_num = 3
    max_num = 5
    validate_min = True
    validate_max = True


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "app", "code", "guide", "activity_type", "is_active", "position"]
    list_filter = ["app", "is_active"]
    search_fields = ["title", "code"]
    list_editable = ["position", "is_active"]
    inlines = [CheckQuestionInline]


@admin.register(SkillLevel)
class SkillLevelAdmin(admin.ModelAdmin):
    """Read only: levels change through the member's page and the confirmations (audited)."""

    list_display = ["member", "task", "level", "source", "confirmed_by", "confirmed_at"]
    list_filter = ["level", "source", "task__app"]
    search_fields = ["member__full_name", "task__title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CourseCompletion)
class CourseCompletionAdmin(admin.ModelAdmin):
    list_display = ["member", "course_title", "certificate_number", "completed_on"]
    search_fields = ["member__full_name", "certificate_number"]
    readonly_fields = ["recorded_by"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "place", "unit"]
    date_hierarchy = "date"
    filter_horizontal = ["tasks"]
    raw_id_fields = ["unit"]
    # Attendance is recorded on the session's page (it writes each member's training too).
