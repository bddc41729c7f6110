from django.contrib import admin

from casereview.actions.models import AgencyLead


@admin.register(AgencyLead)
class AgencyLeadAdmin(admin.ModelAdmin):
    """Partnership admins name each agency's lead (the second rung of the escalation ladder) here."""

    list_display = ("agency", "user")
