"""Demo partnerships, agencies and one user per role in each (idempotent).

The second partnership (Northshire) has its own agencies, users (usernames
prefixed "ns-") and reviews, so the isolation between partnerships can be seen
and tested: nothing of one partnership's reviews reaches the other's users.
"""

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


SECOND_PARTNERSHIP = "Northshire Safeguarding Children Partnership"
SECOND_AGENCIES = [
    ("Northshire Police", "NS Police", AgencyKind.POLICE),
    ("Northshire Children's Services", "NS Children", AgencyKind.CHILDRENS_SOCIAL_CARE),
    ("Northshire Health Visiting Service", "NS Health visiting", AgencyKind.HEALTH_COMMUNITY),
    ("Northshire Schools Safeguarding", "NS Schools", AgencyKind.EDUCATION),
]
SECOND_USERS = [
    ("ns-admin", "Nadia", "Quist", Role.PARTNERSHIP_ADMIN, None, "Partnership business manager"),
    ("ns-manager", "Owen", "Pryce", Role.REVIEW_MANAGER, None, "Review manager, business unit"),
    ("ns-reviewer", "Fiona", "Ellery", Role.INDEPENDENT_REVIEWER, None, "Independent reviewer"),
    ("ns-panel", "Gareth", "Lund", Role.PANEL_MEMBER, None, "Designated doctor, case review panel"),
    ("ns-police", "Imogen", "Voss", Role.AGENCY_CONTRIBUTOR, "NS Police", "Detective constable, safeguarding"),
    ("ns-health", "Kwame", "Asante", Role.AGENCY_CONTRIBUTOR, "NS Health visiting", "Named nurse, safeguarding"),
    ("ns-board", "Ruth", "Calder", Role.BOARD_MEMBER, None, "Lead safeguarding partner"),
    ("ns-auditor", "Simon", "Teague", Role.AUDITOR, None, "Internal audit"),
]


def load_demo(*, stdout) -> Partnership:
    first = _load_partnership(DEMO_PARTNERSHIP, "CPSPB", AGENCIES, USERS, stdout=stdout)
    _load_partnership(SECOND_PARTNERSHIP, "NSCP", SECOND_AGENCIES, SECOND_USERS, stdout=stdout)
    return first


def _load_partnership(name, short_name, agencies, users, *, stdout) -> Partnership:
    with transaction.atomic():
        partnership = Partnership.objects.filter(name=name).first()
        if partnership is None:
            partnership = services.create_partnership(name=name, short_name=short_name)
        by_short = {}
        for agency_name, short, kind in agencies:
            agency = Agency.objects.filter(partnership=partnership, name=agency_name).first()
            if agency is None:
                agency = services.create_agency(partnership=partnership, name=agency_name, kind=kind, short_name=short)
            by_short[short] = agency
        created = 0
        for username, first, last, role, agency_short, title in users:
            if User.objects.filter(username=username).exists():
                continue
            services.create_user(
                username=username, password=DEMO_PASSWORD, role=role, partnership=partnership,
                agency=by_short[agency_short] if agency_short else None, first_name=first, last_name=last,
                email=f"{username}@example.org", job_title=title,
            )
            created += 1
    stdout.write(f"Demo partnership: {partnership.name} ({len(agencies)} agencies, {created} users created)")
    return partnership
