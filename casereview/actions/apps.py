from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "casereview.actions"
    label = "actions"
    verbose_name = "Action plans"

    def ready(self) -> None:
        from casereview.core.registry import DashboardPanel, NavItem, register_nav, register_panel

        register_nav(NavItem("Action plans", "actions:index", "actions.view", order=40))
        register_nav(NavItem("Assurance", "actions:board_report", "actions.report", order=45))
        register_panel(DashboardPanel("actions.drift", "actions.view", _drift_panel, order=40))

        from casereview.actions.report_files import remove_old
        from casereview.core.registry import Cleanup, register_cleanup

        register_cleanup(Cleanup("actions.report_files", lambda now: {"report_files": remove_old(now=now)}))
        register_cleanup(Cleanup("actions.evidence_orphans", _evidence_orphans))


def _drift_panel(request):
    """The actions drifting that this user can see (their own agency's, for agency contributors)."""
    from django.utils import timezone

    from casereview.actions.access import actions_visible_to
    from casereview.actions.selectors import drifting_first

    visible = actions_visible_to(request.user).exclude(status="no_longer_required").filter(verified_at__isnull=True)
    items, count = drifting_first(visible, today=timezone.localdate(), limit=10)
    if not count:
        return None
    return "actions/panel.html", {"items": items, "count": count}


def _evidence_orphans(now) -> dict[str, int]:
    from casereview.actions.services import remove_orphan_evidence_files

    return {"evidence_orphans": remove_orphan_evidence_files(now=now)}
