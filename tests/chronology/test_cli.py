"""`casereview chronology merge FILE... --json`: the DESIGN.md contract, run as the real console script."""

from __future__ import annotations

import json


def test_merge_prints_the_integrated_chronology_of_four_agencies_as_json(run_cli, agency_files, tmp_path):
    files = [str(agency_files[k]) for k in ("police", "health", "social_care", "school")]
    result = run_cli("chronology", "merge", *files, "--json", "--gap-days", "40")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert set(document) == {"entries", "possible_duplicates", "gaps"}
    entries = document["entries"]
    assert len(entries) == 11
    assert entries[0]["date"] == "2019-03-18" and entries[0]["agency"] == "health"
    assert [e["date_precision"] for e in entries[:2]] == ["day", "month"]
    # The strategy discussion of 5 April is recorded by police, health and social care.
    strategy = {i for pair in document["possible_duplicates"] for i in pair}
    assert {entries[i]["agency"] for i in strategy} == {"police", "health", "social-care"}
    assert all(set(g) == {"from", "to", "days"} and g["days"] > 40 for g in document["gaps"])
    assert not (tmp_path / "data").exists()  # the database was never touched


def test_agency_and_mappings_are_taken_from_the_command_line(run_cli, write_csv):
    path = write_csv("housing.csv", [["When", "Notes"], ["03/04/2019", "Rent arrears visit"]])
    result = run_cli("chronology", "merge", str(path), "--map", "When=date", "--map", "Notes=event",
                     "--agency", "Northshire Homes", "--json")
    assert result.returncode == 0, result.stderr
    [entry] = json.loads(result.stdout)["entries"]
    assert (entry["agency"], entry["date"], entry["row"]) == ("Northshire Homes", "2019-04-03", 2)


def test_a_bad_file_exits_2_listing_every_problem_with_nothing_on_stdout(run_cli, agency_files, write_csv):
    bad = write_csv("gp.csv", [["Date", "Event"], ["31/02/2019", "Seen"], ["", "Letter"], ["01/03/2019", ""]])
    unknown = write_csv("housing.csv", [["When", "Notes"], ["03/04/2019", "Visit"]])
    result = run_cli("chronology", "merge", str(agency_files["police"]), str(bad), str(unknown), "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"{bad}: row 2: Date: 31 February 2019 is not a real date (February 2019 has 28 days) (value: '31/02/2019')",
        f"{bad}: row 3: Date: date is empty",
        f"{bad}: row 4: Event: event is empty: every entry needs what happened",
        lines[3],
    ]
    assert lines[3].startswith(f"{unknown}: row 1: -: needs mapping") and "'When', 'Notes'" in lines[3]


def test_a_malformed_mapping_exits_2(run_cli, agency_files):
    result = run_cli("chronology", "merge", str(agency_files["police"]), "--map", "When", "--json")
    assert result.returncode == 2 and result.stdout == "" and "--map" in result.stderr


def test_without_json_the_merge_is_printed_for_reading(run_cli, agency_files):
    result = run_cli("chronology", "merge", str(agency_files["social_care"]), "--agency", "CSC")
    assert result.returncode == 0
    assert "04/04/2019" in result.stdout and "CSC: Referral received from police" in result.stdout


def test_help_documents_the_merge_subcommand(run_cli):
    result = run_cli("chronology", "merge", "--help")
    assert result.returncode == 0 and "--gap-days" in result.stdout and "day first" in result.stdout
