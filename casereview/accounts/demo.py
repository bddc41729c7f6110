"""Demo partnership, agencies and one user per role (idempotent)."""

from __future__ import annotations

from django.db import transaction

from casereview.accounts import services
from casereview.accounts.models import Agency, AgencyKind, Partnership, User
from casereview.core.roles import Role

DEMO_PASSWORD = "demo-casereview-2026"  # nosec B105  # the demo accounts' published password, printed by `casereview demo`; no real account uses it
DEMO_PARTNERSHIP = "Cambridgeshire and Peterborough Safeguarding Partnership Board"

AGENCIES = [
    ("Cambridgeshire Constabulary", "Police", AgencyKind.POLICE),
    ("Children's Social Care", "CSC", AgencyKind.CHILDRENS_SOCIAL_CARE),
    ("Acute Hospital Trust", "Hospital", AgencyKind.HEALTH_ACUTE),
    ("Community Health Services (Health Visiting)", "Health visiting", AgencyKind.HEALTH_COMMUNITY),
    ("Mental Health Trust", "Mental health", AgencyKind.HEALTH_MENTAL),
    ("GP Practice", "GP", AgencyKind.HEALTH_PRIMARY),
    ("Integrated Care Board", "ICB", AgencyKind.HEALTH_ICB),
    ("Education Safeguarding Team", "Education", AgencyKind.EDUCATION),
    ("Probation Service", "Probation", AgencyKind.PROBATION),
    ("District Council Housing", "Housing", AgencyKind.HOUSING),
]

# username, first, last, role, agency short name, job title
USERS = [
    ("admin", "Asha", "Patel", Role.PARTNERSHIP_ADMIN, None, "Partnership business manager"),
    ("manager", "Rob", "Hughes", Role.REVIEW_MANAGER, None, "Review manager, business unit"),
    ("reviewer", "Helen", "Marsh", Role.INDEPENDENT_REVIEWER, None, "Independent reviewer"),
    ("panel", "Dev", "Sharma", Role.PANEL_MEMBER, None, "Designated nurse, case review panel"),
    ("police", "Claire", "Dunn", Role.AGENCY_CONTRIBUTOR, "Police", "Detective sergeant, safeguarding"),
    ("health", "Tom", "Reid", Role.AGENCY_CONTRIBUTOR, "Health visiting", "Named nurse, safeguarding"),
    ("board", "Margaret", "Okafor", Role.BOARD_MEMBER, None, "Delegated safeguarding partner"),
    ("auditor", "Ian", "Fox", Role.AUDITOR, None, "Internal audit"),
]


def load_demo(*, stdout) -> Partnership:
    with transaction.atomic():
        partnership = Partnership.objects.filter(name=DEMO_PARTNERSHIP).first()
        if partnership is None:
            partnership = services.create_partnership(name=DEMO_PARTNERSHIP, short_name="CPSPB")
        by_short = {}
        for name, short, kind in AGENCIES:
            agency = Agency.objects.filter(partnership=partnership, name=name).first()
            if agency is None:
                agency = services.create_agency(partnership=partnership, name=name, kind=kind, short_name=short)
            by_short[short] = agency
        created = 0
        for username, first, last, role, agency_short, title in USERS:
            if User.objects.filter(username=username).exists():
                continue
            services.create_user(
                username=username, password=DEMO_PASSWORD, role=role, partnership=partnership,
                agency=by_short[agency_short] if agency_short else None, first_name=first, last_name=last,
                email=f"{username}@example.org", job_title=title,
            )
            created += 1
    stdout.write(f"Demo partnership: {partnership.name} ({len(AGENCIES)} agencies, {created} users created)")
    return partnership
