"""Dissemination: agencies record how teams used a published briefing; training events carry a review's
learning; silent agencies are reminded once; the board report shows reach by agency, naming the silent."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from casereview.audit.models import AuditEvent
from casereview.core.refusals import Refused
from casereview.publishing import services
from casereview.publishing.models import DisseminationRecord, DisseminationReminder
from casereview.reviews.models import ParticipatingAgency
from tests.jobs import run_jobs

USED = dt.date(2026, 11, 20)  # the day the fixtures publish the briefing (conftest `now`)


@pytest.fixture
def taking_part(review, police, health_visiting, social_care):
    for agency in (police, health_visiting, social_care):
        ParticipatingAgency.objects.create(review=review, agency=agency)
    return [police, health_visiting, social_care]


@pytest.fixture
def later(now):
    return now + dt.timedelta(days=30)


def _use(briefing, agency, by, when, **extra):
    values = {"team": "Child abuse investigation unit", "used_on": USED, "method": "team_meeting", "practitioners": 8,
              "reflections": "We talked about dogs.", "changes": "Officers now note dogs at every visit."}
    return services.record_dissemination(briefing=briefing, agency=agency, by=by, now=when, **{**values, **extra})


def test_claire_records_her_teams_use_and_the_audit_keeps_no_words(published, police, police_claire, later):
    record = _use(published, police, police_claire, later)
    assert (record.agency, record.practitioners, record.method) == (police, 8, "team_meeting")
    event = AuditEvent.objects.get(action="publishing.dissemination_recorded")
    assert "dogs" not in str(event.changes) and "dogs" not in event.summary


def test_a_contributor_cannot_record_for_another_agency(published, health_visiting, police_claire, later):
    with pytest.raises(Refused, match="your own agency only"):
        _use(published, health_visiting, police_claire, later)
    assert not DisseminationRecord.objects.exists()


def test_uses_of_a_draft_or_in_the_future_are_refused(briefing, published, police, police_claire, later):
    with pytest.raises(Refused, match="future"):
        _use(published, police, police_claire, later, used_on=later.date() + dt.timedelta(days=1))
    with pytest.raises(Refused, match="1 or more"):
        _use(published, police, police_claire, later, practitioners=0)


def test_claire_records_a_use_from_the_briefing_page_in_one_short_form(client_for, police_claire, published, taking_part):
    client = client_for(police_claire)
    detail = client.get(reverse("publishing:detail", args=[published.pk])).content.decode()
    url = reverse("publishing:record_use", args=[published.pk])
    assert url in detail
    form = client.get(url).content.decode()
    assert "You are recording for Northshire Police" in form and 'name="agency"' not in form
    response = client.post(url, {"team": "CAIU", "used_on": USED.isoformat(), "method": "supervision",
                                 "practitioners": "4"})
    assert response.status_code == 302
    assert DisseminationRecord.objects.get().agency.name == "Northshire Police"


def test_a_contributor_sees_only_their_own_agencys_uses_on_the_briefing(
        client_for, published, police, health_visiting, police_claire, health_tom, later, taking_part):
    _use(published, police, police_claire, later, team="Police team A")
    _use(published, health_visiting, health_tom, later, team="Health team B")
    page = client_for(health_tom).get(reverse("publishing:detail", args=[published.pk])).content.decode()
    assert "Health team B" in page and "Police team A" not in page


def test_a_bad_form_names_the_field(client_for, police_claire, published, taking_part):
    response = client_for(police_claire).post(reverse("publishing:record_use", args=[published.pk]),
                                              {"team": "", "used_on": USED.isoformat(), "method": "team_meeting",
                                               "practitioners": "3"})
    assert response.status_code == 400 and "Enter the team that used the briefing" in response.content.decode()


def test_board_members_cannot_record_uses(client_for, board_margaret, published):
    assert client_for(board_margaret).get(reverse("publishing:record_use", args=[published.pk])).status_code == 403


def test_a_silent_agency_is_reminded_once_after_the_configured_weeks(
        published, taking_part, police, police_claire, health_tom, settings, later, now):
    settings.CASEREVIEW_DISSEMINATION_REMINDER_WEEKS = 6
    _use(published, police, police_claire, later)
    too_soon = (now + dt.timedelta(weeks=5)).date().isoformat()
    call_command("remind_dissemination", "--today", too_soon, stdout=io.StringIO(), stderr=io.StringIO())
    run_jobs()
    assert not mail.outbox
    due = (now + dt.timedelta(weeks=6)).date().isoformat()
    call_command("remind_dissemination", "--today", due, stdout=io.StringIO(), stderr=io.StringIO())
    run_jobs()
    call_command("remind_dissemination", "--today", due, stdout=io.StringIO(), stderr=io.StringIO())
    run_jobs()
    assert {r.agency.short_name for r in DisseminationReminder.objects.all()} == {"Health visiting", "CSC"}
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [health_tom.email]  # CSC has no contributor to e-mail
    assert reverse("publishing:record_use", args=[published.pk]) in mail.outbox[0].body


def test_training_attendance_counts_towards_the_reach(published, taking_part, social_care, admin_asha, later):
    services.record_training_event(review=published.review, by=admin_asha, now=later, title="Dogs and babies",
                                   held_on=USED, audience="Social workers", attendance={social_care: 12})
    from casereview.publishing.selectors import reach

    rows = {a.name: a for a in reach([published.review_id], today=later.date()).agencies}
    assert rows["Northshire Children's Social Care"].trained == 12
    assert not rows["Northshire Children's Social Care"].has_no_record


def test_a_training_event_needs_someone_to_have_attended(published, admin_asha, later):
    with pytest.raises(Refused, match="at least one agency"):
        services.record_training_event(review=published.review, by=admin_asha, now=later, title="Dogs",
                                       held_on=USED, audience="All", attendance={})


def test_the_board_report_shows_reach_by_agency_and_names_the_silent_agency(
        client_for, board_margaret, published, taking_part, police, health_visiting, police_claire, health_tom, later):
    _use(published, police, police_claire, later, practitioners=8)
    _use(published, health_visiting, health_tom, later, team="Health visiting north", practitioners=5, changes="")
    client = client_for(board_margaret)
    page = client.get(reverse("actions:board_report")).content.decode()
    assert "Reach of the learning" in page
    assert 'id="silent-agencies">Northshire Children&#x27;s Social Care<' in page
    assert "Practitioners reached by agency" in page  # the chart
    rows = list(csv.reader(io.StringIO(client.get(reverse("actions:board_report_export", args=["csv"]))
                                       .content.decode("utf-8-sig"))))
    by_agency = rows[rows.index(["Reach by agency"]) + 2:]
    police_row = next(r for r in by_agency if r and r[0] == "Northshire Police")
    assert police_row[1:6] == ["1", "8", "0", "1", "1"]
    book = load_workbook(io.BytesIO(client.get(reverse("actions:board_report_export", args=["xlsx"])).content))
    assert "Reach by agency" in book.sheetnames
    silent = [r for r in book["Reach by briefing"].iter_rows(min_row=2, values_only=True)][0][-1]
    assert silent == "Northshire Children's Social Care"


def test_the_board_report_pdf_carries_the_reach_section(client_for, board_margaret, published, taking_part,
                                                        police, police_claire, later):
    import pypdfium2

    _use(published, police, police_claire, later)
    client = client_for(board_margaret)
    location = client.post(reverse("actions:board_report_export", args=["pdf"]))["Location"]
    run_jobs()  # a background job makes the PDF
    pdf = pypdfium2.PdfDocument(b"".join(client.get(location).streaming_content))
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Reach of the learning" in text and "Northshire Community Health" in text


def test_auditors_read_reach_but_contributors_do_not_get_the_board_report(client_for, auditor_ian, police_claire,
                                                                           published, taking_part):
    assert "Reach of the learning" in client_for(auditor_ian).get(reverse("actions:board_report")).content.decode()
    assert client_for(police_claire).get(reverse("actions:board_report")).status_code == 403


def test_a_reminder_is_never_recorded_without_its_email_queued(
        published, taking_part, police, police_claire, health_tom, settings, later, now, monkeypatch):
    """If queuing Tom's reminder e-mail fails (the process dies there), no reminder is recorded, so the
    next run reminds his agency and sends it."""
    from casereview.core import outbox

    settings.CASEREVIEW_DISSEMINATION_REMINDER_WEEKS = 6
    _use(published, police, police_claire, later)
    due = (now + dt.timedelta(weeks=6)).date().isoformat()
    real_queue = outbox.queue_email

    def dies(**kwargs):
        raise RuntimeError("the process died while queuing")

    monkeypatch.setattr(outbox, "queue_email", dies)
    with pytest.raises(RuntimeError):
        call_command("remind_dissemination", "--today", due, stdout=io.StringIO(), stderr=io.StringIO())
    assert not DisseminationReminder.objects.filter(agency__short_name="Health visiting").exists()

    monkeypatch.setattr(outbox, "queue_email", real_queue)
    call_command("remind_dissemination", "--today", due, stdout=io.StringIO(), stderr=io.StringIO())
    run_jobs()
    assert [m.to for m in mail.outbox] == [[health_tom.email]]
