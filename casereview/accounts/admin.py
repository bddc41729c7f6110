from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from casereview.accounts.models import Agency, Partnership, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "partnership", "agency", "is_active")
    list_filter = ("partnership", "role", "agency", "is_active")
    fieldsets = BaseUserAdmin.fieldsets + (("CaseReview", {"fields": ("role", "partnership", "agency", "job_title")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + (("CaseReview", {"fields": ("role", "partnership", "agency")}),)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "partnership")
    list_filter = ("kind",)


admin.site.register(Partnership)
