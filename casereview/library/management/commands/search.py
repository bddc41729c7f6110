"""`casereview search "QUERY"`: search the learning library from the command line."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from casereview.library.models import REVIEW_TYPE_LABELS
from casereview.library.search import SearchFilters, run_search
from casereview.text.themes import is_theme


class Command(BaseCommand):
    help = (
        'Search learning points and recommendations in the library. QUERY takes words, "quoted phrases", '
        "-exclusions and OR; an empty QUERY lists everything that matches the filters. Prints the best hits "
        "first; --json prints a list of {entry, kind, text, snippet, themes, score}."
    )

    def add_arguments(self, parser):
        parser.add_argument("query", metavar="QUERY", help='what to search for, e.g. "safer sleep" or neglect -dogs')
        parser.add_argument("--theme", default="", help="only items with this theme id (see taxonomy.md)")
        parser.add_argument("--type", dest="review_type", default="", choices=sorted(REVIEW_TYPE_LABELS),
                            help="only reviews of this type")
        parser.add_argument("--partnership", default="", help="only reviews by this partnership (exact name)")
        parser.add_argument("--year", type=int, default=None, help="only reviews of this year")
        parser.add_argument("--limit", type=int, default=20, help="how many hits to print (default 20)")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **opts):
        if opts["theme"] and not is_theme(opts["theme"]):
            raise CommandError(f"--theme {opts['theme']!r}: not a theme id; use an id from taxonomy.md, "
                               "e.g. domestic-abuse", returncode=2)
        if opts["limit"] < 1:
            raise CommandError("--limit must be at least 1", returncode=2)
        filters = SearchFilters(theme=opts["theme"], review_type=opts["review_type"],
                                partnership=opts["partnership"], year=opts["year"])
        page = run_search(opts["query"], filters, per_page=opts["limit"], with_facets=False)
        if opts["json"]:
            hits = []
            for hit in page.hits:
                row = hit.as_json()
                row["snippet"] = self._plain(hit)
                hits.append(row)
            self.stdout.write(json.dumps(hits, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{page.total} matching items")
        for hit in page.hits:
            kind = "Learning point" if hit.item.kind == "learning_point" else "Recommendation"
            self.stdout.write(f"\n{hit.item.entry.title} - {kind} {hit.item.number} (score {hit.score:.2f})")
            self.stdout.write(f"  {self._plain(hit)}")
            if hit.themes:
                self.stdout.write(f"  themes: {', '.join(hit.themes)}")

    @staticmethod
    def _plain(hit) -> str:
        """The snippet as text, matches in [brackets] (HTML is for the browser)."""
        from html import unescape

        return unescape(str(hit.snippet).replace("<mark>", "[").replace("</mark>", "]"))
