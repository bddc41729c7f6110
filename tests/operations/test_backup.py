"""`casereview backup` and `casereview restore`: a real round trip, on whichever database the suite runs on."""

from __future__ import annotations

import json
import shutil

from tests.operations.conftest import must, summary


def test_a_backup_restored_into_a_new_installation_gives_back_every_row_and_every_file(demo_site, empty_site, tmp_path):
    before_rows, before_files = demo_site.counts(), demo_site.files()
    made = summary(must(demo_site.cli("backup", str(tmp_path / "nightly"), "--json")))
    assert made["rows"] == sum(before_rows.values()) and made["files"] == len(before_files) >= 2

    done = summary(must(empty_site.cli("restore", str(tmp_path / "nightly"), "--json")))

    assert done["restored"] and done["rows"] == made["rows"]
    assert empty_site.counts() == before_rows
    assert empty_site.files() == before_files
    assert must(empty_site.cli("migrate", "--check")).returncode == 0  # the schema is exactly this version's


def test_the_manifest_lists_rows_per_table_migrations_and_a_checksum_for_every_file(demo_site, tmp_path):
    must(demo_site.cli("backup", str(tmp_path / "b")))
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())

    assert manifest["database"]["vendor"] == demo_site.vendor
    assert manifest["database"]["integrity_check"] == "ok"
    assert manifest["tables"]["reviews_review"] == demo_site.counts()["reviews_review"] > 0
    assert manifest["migrations"]["audit"] == "0003_auditevent_partnership"
    paths = {f["path"] for f in manifest["files"]}
    assert {"uploads/agency-documents/demo-report.txt", "private/pending/0123abcd.csv"} <= paths
    assert all(len(f["sha256"]) == 64 and f["size"] > 0 for f in manifest["files"])
    assert (tmp_path / "b" / "files" / "uploads" / "agency-documents" / "demo-report.txt").stat().st_mode & 0o077 == 0


def test_restore_refuses_a_database_in_use_without_force_and_changes_nothing(demo_site, tmp_path):
    must(demo_site.cli("backup", str(tmp_path / "b")))
    (demo_site.uploads / "later.txt").write_text("uploaded after the backup")
    before_rows, before_files = demo_site.counts(), demo_site.files()

    refused = demo_site.cli("restore", str(tmp_path / "b"))

    assert refused.returncode == 2 and "not empty" in refused.stderr and "--force" in refused.stderr
    assert refused.stdout == ""
    assert demo_site.counts() == before_rows and demo_site.files() == before_files


def test_restore_with_force_puts_the_backup_back_over_later_changes(demo_site, tmp_path):
    must(demo_site.cli("backup", str(tmp_path / "b")))
    backed_up_rows, backed_up_files = demo_site.counts(), demo_site.files()
    demo_site.query("DELETE FROM chronology_analysis")
    (demo_site.uploads / "later.txt").write_text("uploaded after the backup")
    (demo_site.uploads / "agency-documents" / "demo-report.txt").write_text("overwritten")

    must(demo_site.cli("restore", str(tmp_path / "b"), "--force"))

    assert demo_site.counts() == backed_up_rows
    assert demo_site.files() == backed_up_files
    assert not list(demo_site.data.glob(".*restoring*")) and not list(demo_site.data.glob(".*replaced*"))


def test_audit_events_are_still_append_only_after_a_restore(demo_site, empty_site, tmp_path):
    must(demo_site.cli("backup", str(tmp_path / "b")))
    must(empty_site.cli("restore", str(tmp_path / "b")))
    first = empty_site.query("SELECT MIN(id) FROM audit_auditevent")[0][0]

    for statement in ("UPDATE audit_auditevent SET summary = 'rewritten' WHERE id = %s",
                      "DELETE FROM audit_auditevent WHERE id = %s"):
        try:
            empty_site.query(statement, (first,))
        except Exception as exc:  # sqlite3.IntegrityError or psycopg's RaiseException
            assert "append-only" in str(exc)
        else:
            raise AssertionError(f"{statement} was allowed after restore")
    assert empty_site.query("SELECT summary FROM audit_auditevent WHERE id = %s", (first,))[0][0] != "rewritten"


def test_a_damaged_backup_is_refused_listing_every_problem_before_anything_changes(demo_site, empty_site, tmp_path):
    backup = tmp_path / "b"
    must(demo_site.cli("backup", str(backup)))
    (backup / "files" / "uploads" / "agency-documents" / "demo-report.txt").write_text("tampered")
    (backup / "files" / "private" / "pending" / "0123abcd.csv").unlink()
    (backup / "files" / "uploads" / "smuggled.txt").write_text("not in the manifest")
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["files"].append({"path": "uploads/../../etc/passwd", "size": 1, "sha256": "0" * 64})
    (backup / "manifest.json").write_text(json.dumps(manifest))

    refused = empty_site.cli("restore", str(backup))

    assert refused.returncode == 2
    lines = refused.stderr.splitlines()
    assert any("demo-report.txt: checksum does not match" in line for line in lines)
    assert any("0123abcd.csv: missing from the backup" in line for line in lines)
    assert any("smuggled.txt: not in the manifest" in line for line in lines)
    assert any("is not a safe path" in line for line in lines)
    assert empty_site.counts() == {} or sum(empty_site.counts().values()) == 0
    assert empty_site.files() == {}


def test_a_damaged_database_file_is_refused(demo_site, empty_site, tmp_path):
    backup = tmp_path / "b"
    must(demo_site.cli("backup", str(backup)))
    db_file = next(p for p in backup.iterdir() if p.name.startswith("database."))
    data = bytearray(db_file.read_bytes())
    data[len(data) // 2] ^= 0xFF
    db_file.write_bytes(bytes(data))

    refused = empty_site.cli("restore", str(backup))

    assert refused.returncode == 2 and f"{db_file.name}: checksum does not match" in refused.stderr


def test_restore_check_verifies_a_backup_without_restoring_it(demo_site, empty_site, tmp_path):
    must(demo_site.cli("backup", str(tmp_path / "b")))

    checked = must(empty_site.cli("restore", str(tmp_path / "b"), "--check"))

    assert "is intact" in checked.stdout
    assert empty_site.files() == {}


def test_backup_never_overwrites_and_leaves_nothing_behind_when_refused(demo_site, tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "keep.txt").write_text("an earlier backup")

    refused = demo_site.cli("backup", str(tmp_path / "b"))
    missing_parent = demo_site.cli("backup", str(tmp_path / "no" / "such" / "folder"))

    assert refused.returncode == 2 and "already exists" in refused.stderr
    assert missing_parent.returncode == 2 and "does not exist" in missing_parent.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "site" and not p.name.startswith("site-")) == ["b"]
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["keep.txt"]


def test_a_folder_left_by_a_killed_backup_is_not_taken_for_a_backup(demo_site, tmp_path):
    must(demo_site.cli("backup", str(tmp_path / "b")))
    partial = tmp_path / ".c.partial-dead"
    shutil.copytree(tmp_path / "b", partial)
    (partial / "manifest.json").unlink()

    refused = demo_site.cli("restore", str(partial), "--force")

    assert refused.returncode == 2 and "not a complete CaseReview backup" in refused.stderr
