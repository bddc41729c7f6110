"""Demo library: the two renderings of the seed briefing plus briefings from other partnerships.

The seed briefing is Oliver's, which the publishing demo publishes in CaseReview
first: its two files become further sources of that entry, not a second entry
(a library filled before that rule had them as an entry of their own, which
`attach_file_copies` folds in). Idempotent: files already ingested (same bytes) are left alone, so running it
again changes nothing. The files live in demo_data/ so a fresh clone has them.
"""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone

from casereview.library.services import attach_file_copies, ingest_file

DEMO_DATA = Path(__file__).resolve().parent / "demo_data"
SUFFIXES = {".txt", ".md", ".html", ".htm", ".pdf", ".docx"}


def demo_files() -> list[Path]:
    return sorted(p for p in DEMO_DATA.iterdir() if p.suffix.lower() in SUFFIXES)


def load_demo(*, stdout) -> None:
    results = [ingest_file(data=path.read_bytes(), filename=path.name, by=None, now=timezone.now())
               for path in demo_files()]
    failed = [r for r in results if r.failed]
    for result in failed:
        stdout.write(f"Library demo: {result.filename} not added: {result.error}")
    added = sum(r.result in ("created", "added-source") for r in results)
    stdout.write(f"Library: {added} demo documents added, {len(results) - added - len(failed)} already present.")
    attached = attach_file_copies(by=None, now=timezone.now())
    if attached:
        stdout.write(f"Library: files of {attached} reviews published in CaseReview made sources of their entries.")
