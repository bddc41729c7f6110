"""Every URL name, filled from a real object of the demo data, with the status a permitted user should get.

The access walk (test_access_rules.py) requests each URL for each demo user. This table says, per
URL name, which demo object fills its arguments (per user where the object rules differ: an
agency contributor gets an object of their own agency), what a user holding the permission gets on
GET (200, or 302 for views that redirect by design, or 405 for POST-only views) and with what
content type, which demo users legitimately get 404 (and why), and a plausible POST body.
A URL name missing here fails the walk, so a new view cannot go unchecked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

HTML = "text/html"
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

Args = Callable[[SimpleNamespace, Any], dict[str, Any]]


@dataclass(frozen=True)
class Case:
    """How to request one URL name with real demo arguments, and what a permitted user gets."""

    args: Args = lambda d, u: {}  # noqa: E731 (demo, user or None for anonymous) -> URL kwargs
    get: int = 200  # status on GET for a user who holds the permission and may see the object
    content_type: str = HTML
    # demo username -> why that user, although holding the permission, gets 404 for every such object
    hidden: dict[str, str] = field(default_factory=dict)
    body: Callable[[SimpleNamespace], dict[str, Any]] = lambda d: {}  # noqa: E731 extra POST fields


def oliver(d, u):
    return {"pk": d.oliver.pk}


def oliver_review(d, u):
    return {"review_pk": d.oliver.pk}


def own_agency(d, u, objects):
    """The object of the user's own agency when they are an agency contributor, else the first one."""
    if u is not None and u.agency_id:
        for obj in objects:
            if obj.agency_id == u.agency_id:
                return obj
    return objects[0]


def action(d, u):
    return {"pk": own_agency(d, u, d.actions).pk}


def evidence(d, u):
    return {"pk": own_agency(d, u, d.evidence).pk}


def agency_request(d, u):
    return {"request_pk": own_agency(d, u, d.requests).pk}


def document(d, u):
    return {"document_pk": d.document.pk}


def entry(d, u):
    return {"review_pk": d.oliver.pk, "entry_pk": d.entry.pk}


POLICE_ONLY_DOCUMENT = "the demo document is Police's report for Leo's review; contributors see their own agency's only"
NO_HEALTH_FILE = "no action of Health visiting has file evidence in the demo"
TEAM = {"admin", "manager", "reviewer", "panel"}  # Oliver's review team in the demo
CONTRIBUTOR_NO_DECISIONS = "decisions are for the review's team and those who see partnership figures"
NOT_TEAM_OR_AGENCY = "agencies and submissions are for the review's team and the agencies taking part"
NO_CHRONOLOGY = "board members and auditors neither read nor submit chronologies"
TEAM_ONLY = "learning events and family involvement are for the review's team only"
TEAM_AND_AUDITORS = "the review's history is for its team and auditors"


def _draft(d, u):
    return {"pk": d.draft.pk}


CASES: dict[str, Case] = {
    # top level, dashboard, core, accounts, audit
    "home": Case(),
    "dashboard:dashboard": Case(),
    "core:healthz": Case(content_type="application/json"),
    "core:bank_holidays": Case(),
    "accounts:login": Case(get=302),  # signed-in users are sent on (redirect_authenticated_user)
    "accounts:logout": Case(get=405),  # sign-out is POST only
    "accounts:password_change": Case(),
    "accounts:agencies": Case(),
    "audit:log": Case(),
    # reviews
    "reviews:list": Case(),
    "reviews:create": Case(),
    "reviews:export_csv": Case(content_type=CSV),
    "reviews:detail": Case(oliver),
    # The review's sections: each shown to whom the single page showed that part (selectors.section_visible).
    "reviews:decisions": Case(oliver, hidden={u: CONTRIBUTOR_NO_DECISIONS for u in ("police", "health")}),
    "reviews:agencies": Case(oliver, hidden={u: NOT_TEAM_OR_AGENCY for u in ("board", "auditor")}),
    "reviews:chronology": Case(oliver, hidden={u: NO_CHRONOLOGY for u in ("board", "auditor")}),
    "reviews:inquiry": Case(oliver, hidden={u: TEAM_ONLY for u in ("police", "health", "board", "auditor")}),
    "reviews:findings": Case(oliver),  # Oliver's review is published: its findings are for everyone
    "reviews:actions": Case(oliver),
    "reviews:briefings": Case(oliver),
    "reviews:history": Case(oliver, hidden={u: TEAM_AND_AUDITORS for u in ("police", "health", "board")}),
    "reviews:export_json": Case(oliver, content_type="application/json"),
    "reviews:edit": Case(oliver),
    "reviews:transition": Case(oliver),
    "reviews:decide": Case(oliver),
    "reviews:panel_response": Case(lambda d, u: {"pk": d.oliver.pk, "decision_pk": d.decision.pk}),
    "reviews:identifier_add": Case(oliver),
    "reviews:identifier_remove": Case(lambda d, u: {"pk": d.oliver.pk, "identifier_pk": d.identifier.pk}, get=405),
    "reviews:member_add": Case(oliver),
    "reviews:member_remove": Case(lambda d, u: {"pk": d.oliver.pk, "member_pk": d.membership.pk}, get=405),
    "reviews:agency_add": Case(oliver),
    "reviews:request_add": Case(lambda d, u: {"pk": d.oliver.pk, "participation_pk": d.participation.pk}),
    "reviews:sar_add": Case(oliver),
    "reviews:request_status": Case(agency_request),
    "reviews:request_chase": Case(agency_request, get=405),
    "reviews:request_upload": Case(agency_request),
    "reviews:document_download": Case(document, content_type="application/pdf",
                                      hidden={"health": POLICE_ONLY_DOCUMENT}),
    "reviews:chase_list": Case(),
    "reviews:terms": Case(oliver),
    "reviews:event_add": Case(oliver),
    "reviews:family_add": Case(oliver),
    "reviews:learning_point_add": Case(oliver),
    "reviews:recommendation_add": Case(oliver),
    "reviews:recommendation_link": Case(lambda d, u: {"pk": d.oliver.pk, "recommendation_pk": d.recommendation.pk}),
    # Oliver's findings are signed off: the pages open (and say so), the services refuse a change.
    "reviews:learning_point_edit": Case(lambda d, u: {"pk": d.oliver.pk, "item_pk": d.oliver.learning_points.first().pk}),
    "reviews:recommendation_edit": Case(lambda d, u: {"pk": d.oliver.pk, "item_pk": d.recommendation.pk}),
    "reviews:sar_edit": Case(lambda d, u: {"pk": d.oliver.pk, "item_pk": d.oliver.single_agency_recommendations.first().pk}),
    "reviews:finding_move": Case(lambda d, u: {"pk": d.oliver.pk, "kind": "recommendation", "item_pk": d.recommendation.pk},
                                 get=405),
    "reviews:finding_withdraw": Case(lambda d, u: {"pk": d.oliver.pk, "kind": "recommendation",
                                                   "item_pk": d.recommendation.pk}),
    "reviews:deadlines": Case(),
    "reviews:calendar_issue": Case(get=405),
    # Two-factor steps: no demo user has an authenticator yet, so set-up shows a new key and
    # the code page sends them to set-up.
    "accounts:two_factor_setup": Case(),
    "accounts:two_factor_verify": Case(get=302),
    "reviews:calendar_feed": Case(lambda d, u: {"token": d.feed}, content_type="text/calendar"),
    "reviews:calendar_revoke": Case(get=405),
    "reviews:figures": Case(),
    "reviews:figures_csv": Case(content_type=CSV),
    # chronology
    "chronology:integrated": Case(oliver_review),
    "chronology:timeline": Case(oliver_review),
    "chronology:export_csv": Case(oliver_review, content_type=CSV),
    "chronology:export_xlsx": Case(oliver_review, content_type=XLSX),
    "chronology:submission": Case(oliver_review),
    # A column mapping page exists only for an upload waiting in the user's session: the walk uploads one first.
    "chronology:mapping": Case(lambda d, u: {"review_pk": d.oliver.pk, "token": d.pending_token(u)}),
    "chronology:mapping_discard": Case(lambda d, u: {"review_pk": d.oliver.pk, "token": d.pending_token(u)}, get=405),
    "chronology:episode_new": Case(oliver_review),
    "chronology:episode_delete": Case(lambda d, u: {"review_pk": d.oliver.pk, "episode_pk": d.episode.pk}, get=405),
    "chronology:analysis": Case(entry),
    "chronology:duplicate_decide": Case(lambda d, u: {"review_pk": d.oliver.pk, "link_pk": d.duplicate.pk}, get=405),
    # actions
    "actions:index": Case(),
    "actions:drift": Case(),
    "actions:board_report": Case(),
    "actions:board_report_export": Case(lambda d, u: {"fmt": "csv"}, content_type=CSV),
    "actions:report_file": Case(lambda d, u: {"pk": d.report_file(u)}, get=200),
    "actions:agency_report": Case(),
    "actions:agency_report_export": Case(lambda d, u: {"fmt": "xlsx"}, content_type=XLSX),
    "actions:review_plan": Case(oliver_review),
    "actions:import": Case(oliver_review),
    "actions:review_report": Case(oliver_review),
    "actions:review_report_export": Case(lambda d, u: {"review_pk": d.oliver.pk, "fmt": "csv"}, content_type=CSV),
    "actions:add": Case(lambda d, u: {"rec_pk": d.recommendation.pk}),
    "actions:add_single_agency": Case(lambda d, u: {"rec_pk": own_agency(d, u, d.single_agency).pk}),
    "actions:detail": Case(action),
    "actions:edit": Case(action),
    "actions:progress": Case(action, get=405),
    "actions:evidence": Case(action, get=405),
    "actions:complete": Case(action, get=405),
    "actions:request_closure": Case(action, get=405),
    "actions:approve_closure": Case(action, get=405),
    "actions:verify": Case(action, get=405),
    "actions:reopen": Case(action, get=405),
    "actions:download_evidence": Case(evidence, content_type="application/octet-stream",  # never inline: uploads are untrusted
                                       hidden={"health": NO_HEALTH_FILE}),
    # library
    "library:home": Case(),
    "library:upload": Case(),
    "library:batch": Case(lambda d, u: {"pk": d.batch.pk}),
    "library:discard_held": Case(lambda d, u: {"pk": d.batch.pk}, get=405),
    "library:themes": Case(),
    "library:entry": Case(lambda d, u: {"pk": d.library_entry.pk}),
    "library:correct": Case(lambda d, u: {"pk": d.library_entry.pk}),
    "library:correct_item": Case(lambda d, u: {"pk": d.library_item.pk}, get=405),
    "library:item_themes": Case(lambda d, u: {"pk": d.library_item.pk}, get=405),
    # publishing
    "publishing:list": Case(),
    "publishing:start": Case(oliver_review, get=405),
    # The review team opens the draft; everyone else (drafts are hidden from them) the published version.
    "publishing:detail": Case(lambda d, u: {"pk": (d.draft if u is None or u.username in TEAM else d.published).pk}),
    "publishing:edit": Case(_draft),
    "publishing:gate": Case(_draft),
    "publishing:false_positive": Case(_draft, get=405),
    "publishing:publish": Case(_draft),
    "publishing:approve": Case(_draft, get=405),
    "publishing:withdraw": Case(lambda d, u: {"pk": d.published.pk}),
    "publishing:record_use": Case(lambda d, u: {"pk": d.published.pk}),
    "publishing:training_list": Case(),
    "publishing:training_new": Case(oliver_review),
    "publishing:public_list": Case(),
    "publishing:public_detail": Case(lambda d, u: {"pk": d.published.pk}),
    "publishing:public_download": Case(lambda d, u: {"pk": d.published.pk, "fmt": "docx"}, content_type=DOCX),
}


def plausible_body(d) -> dict[str, Any]:
    """Fields that would make most of the forms valid: a refused POST must fail on the role, not on the form."""
    today = dt.date.today().isoformat()
    return {
        "text": "Plausible text written in the access walk.", "note": "Progress noted in the access walk.",
        "reason": "Recorded by the access walk.", "rationale": "Recorded by the access walk.",
        "description": "Described by the access walk.", "title": "Access walk", "name": "Access walk episode",
        "start": "2019-01-01", "end": "2019-01-10", "on": today, "due_date": today, "decided_on": today,
        "success_measure": "Measured", "url": "https://example.org/evidence", "kind": "learning_point",
        "label": "Child", "value": "Access Walk Name", "role_in_review": "reviewer", "outcome": "review",
        "to_stage": "rapid_review", "status": "received", "item": "chronology", "decision": "keep",
        "response": "agreed", "response_date": today, "publish_until": "2030-01-01", "family_member": "Father",
        "user": d.users["board"].pk, "agency": d.agencies["Probation"].pk, "owner_agency": d.agencies["CSC"].pk,
        "themes": ["domestic-abuse"], "learning_points": [d.learning_point.pk], "version": 1,
        "expected_version": 1, "period_start": "2018-01-01", "period_end": "2019-01-13",
        "lines_of_enquiry": "How agencies worked together", "held_on": today, "facilitator": "Access walk",
    }
