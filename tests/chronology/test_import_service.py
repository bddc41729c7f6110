"""import_chronology: atomic, versioned and audited; the reviewer's work survives an agency's correction."""

from __future__ import annotations

import datetime as dt

import pytest

from casereview.audit.models import AuditEvent
from casereview.chronology import services
from casereview.chronology.models import Analysis, DuplicateLink, DuplicateStatus, Entry, Submission
from casereview.core.refusals import Refused

pytestmark = pytest.mark.django_db


def test_police_contributor_imports_the_police_chronology_with_an_audit_event(import_as, police_claire, police, agency_files, review):
    submission = import_as(police_claire, police, agency_files["police"])
    assert (submission.version, submission.is_current, submission.entry_count) == (1, True, 3)
    entries = list(Entry.objects.filter(submission=submission).order_by("sort_key"))
    assert [(e.date, e.time, e.precision, e.row) for e in entries] == [
        (dt.date(2019, 4, 3), "22:40", "day", 2), (dt.date(2019, 4, 5), "09:15", "day", 3), (dt.date(2019, 6, 30), "01:05", "day", 4)
    ]
    assert all(e.agency == police and e.review == review for e in entries)
    event = AuditEvent.objects.get(action="chronology.imported")
    assert event.actor == police_claire and "version 1" in event.summary


def test_a_bad_file_stores_nothing_and_lists_every_problem(import_as, police_claire, police, write_csv):
    bad = write_csv("police.csv", [["Date", "Event"], ["31/02/2019", "Call-out"], ["01/03/2019", ""], ["02/03/2019", "Visit"]])
    with pytest.raises(Refused) as refused:
        import_as(police_claire, police, bad)
    assert "2 problems" in refused.value.message
    assert [line.split(": ")[1:3] for line in refused.value.problems] == [["row 2", "Date"], ["row 3", "Event"]]
    assert not Submission.objects.exists() and not Entry.objects.exists()
    assert not AuditEvent.objects.filter(action="chronology.imported").exists()


def test_unknown_headers_are_refused_naming_them_and_import_once_mapped(import_as, police_claire, police, write_csv):
    path = write_csv("police.csv", [["When", "Notes"], ["03/04/2019", "Call-out"]])
    with pytest.raises(Refused) as refused:
        import_as(police_claire, police, path)
    assert len(refused.value.problems) == 1 and "When" in refused.value.problems[0]
    assert not Submission.objects.exists()
    submission = import_as(police_claire, police, path, mapping={"When": "date", "Notes": "event"})
    assert submission.mapping == {"When": "date", "Notes": "event"} and submission.entry_count == 1


def test_reimporting_replaces_the_agency_version_and_keeps_the_old_one(import_as, police_claire, police, write_csv, review):
    first = import_as(police_claire, police, write_csv("v1.csv", [["Date", "Event"], ["03/04/2019", "Call-out"], ["05/04/2019", "Visit"]]))
    second = import_as(police_claire, police, write_csv("v2.csv", [["Date", "Event"], ["03/04/2019", "Call-out at home"]]))
    first.refresh_from_db()
    assert (first.is_current, first.replaced_at is not None, second.version, second.is_current) == (False, True, 2, True)
    assert Entry.objects.filter(submission=first).count() == 2  # kept
    assert list(Entry.objects.filter(review=review, is_current=True).values_list("event", flat=True)) == ["Call-out at home"]
    assert "replacing version 1" in AuditEvent.objects.filter(action="chronology.imported").latest("id").summary


def test_reviewer_analysis_is_carried_to_unchanged_entries_of_a_corrected_file(
    import_as, police_claire, reviewer_helen, police, write_csv, now
):
    rows = [["Date", "Event"], ["03/04/2019", "Call-out"], ["05/04/2019", "Visit"]]
    import_as(police_claire, police, write_csv("v1.csv", rows))
    callout = Entry.objects.get(event="Call-out")
    services.save_analysis(entry=callout, text="First sign of domestic abuse", by=reviewer_helen, now=now)
    import_as(police_claire, police, write_csv("v2.csv", [*rows, ["09/04/2019", "Follow-up"]]))
    current = Entry.objects.get(event="Call-out", is_current=True)
    assert current.pk != callout.pk and current.analysis.text == "First sign of domestic abuse"
    assert Analysis.objects.count() == 2  # the old version keeps its own copy


def test_the_same_event_from_two_agencies_is_suggested_as_a_possible_duplicate_never_removed(
    import_as, police_claire, health_tom, police, health_visiting, agency_files
):
    import_as(police_claire, police, agency_files["police"])
    import_as(health_tom, health_visiting, agency_files["health"])
    [link] = DuplicateLink.objects.all()
    assert {link.first.agency, link.second.agency} == {police, health_visiting}
    assert "Strategy discussion" in link.first.event and link.status == DuplicateStatus.SUGGESTED
    assert Entry.objects.filter(is_current=True).count() == 6


def test_a_decided_duplicate_keeps_its_decision_when_the_file_is_reimported(
    import_as, police_claire, health_tom, reviewer_helen, police, health_visiting, agency_files, now
):
    import_as(police_claire, police, agency_files["police"])
    import_as(health_tom, health_visiting, agency_files["health"])
    link = DuplicateLink.objects.get()
    services.decide_duplicate(link=link, status=DuplicateStatus.SAME_EVENT, by=reviewer_helen, now=now)
    import_as(police_claire, police, agency_files["police"])
    current = DuplicateLink.objects.filter(first__is_current=True, second__is_current=True).get()
    assert current.pk != link.pk and current.status == DuplicateStatus.SAME_EVENT


def test_episodes_must_end_after_they_start(review, reviewer_helen, now):
    with pytest.raises(Refused) as refused:
        services.create_episode(review=review, name="Birth", start=dt.date(2019, 1, 2), end=dt.date(2019, 1, 1),
                                by=reviewer_helen, now=now)
    assert refused.value.field == "end"
    episode = services.create_episode(review=review, name="Birth", start=dt.date(2018, 12, 30), end=dt.date(2019, 1, 13),
                                      by=reviewer_helen, now=now)
    assert AuditEvent.objects.filter(action="chronology.episode_created", object_id=str(episode.pk)).exists()
