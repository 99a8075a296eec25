"""Administrators write the guides here; articles and comments can be fixed here too."""

from django import forms
from django.contrib import admin

from .forms import ResizedImageMixin
from .models import Article, Comment, Guide, GuideStep
from .sanitize import clean_html


class GuideStepForm(ResizedImageMixin, forms.ModelForm):
    class Meta:
        model = GuideStep
        fields = ["position", "title", "text", "image", "image_alt"]


class GuideStepInline(admin.StackedInline):
    model = GuideStep
    form = GuideStepForm
    extra = 1


@admin.register(Guide)
class GuideAdmin(admin.ModelAdmin):
    list_display = ["title", "position", "is_published", "updated_at"]
    list_editable = ["position", "is_published"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [GuideStepInline]


class ArticleAdminForm(ResizedImageMixin, forms.ModelForm):
    class Meta:
        model = Article
        fields = ["unit", "kind", "title", "summary", "body", "image", "image_alt"]

    def clean_body(self) -> str:
        return clean_html(self.cleaned_data["body"])


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["title", "unit", "kind", "is_published", "published_at"]
    list_filter = ["kind", "is_published"]
    search_fields = ["title"]
    raw_id_fields = ["unit"]
    fields = [*ArticleAdminForm.Meta.fields, "is_published", "published_at"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "article", "status", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["article", "text", "created_at", "moderated_by", "moderated_at"]
