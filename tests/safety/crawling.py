"""The crawler the safety tests share: every page and download reachable from the dashboard."""

from __future__ import annotations

import html
import re
from collections import deque
from urllib.parse import urldefrag, urljoin, urlparse

HREF = re.compile(r'href="([^"#][^"]*)"')
SKIP = re.compile(r"^/(static|admin)/|logout")
# Query-string permutations of the same page (library facets, calendar years) add
# nothing but time: the pages behind them are the same templates over the same data.
SKIP_QUERY_UNDER = ("/library/", "/calendar/")
MAX_PAGES = 600


def crawl(client, start="/dashboard/", broken=None, extra=()):
    """Every page and download reachable from `start` (and `extra` URLs), by URL, as unescaped text.

    Refused or missing links go to `broken`. Binary downloads (PDF, XLSX) are read as
    bytes decoded leniently; the tests that need their text check the CSV/JSON siblings too.
    """
    seen, queue, bodies = {start, *extra}, deque([start, *extra]), {}
    while queue and len(seen) <= MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code in (403, 404, 500) and broken is not None:
            broken.append((response.status_code, url))
        if response.status_code != 200 or response.streaming:
            continue
        body = response.content.decode("utf-8", errors="replace")
        is_html = "html" in response.get("Content-Type", "")
        bodies[url] = html.unescape(body) if is_html else body
        if not is_html:
            continue
        for href in HREF.findall(body):
            target = urldefrag(urljoin(url, href.replace("&amp;", "&")))[0]
            parsed = urlparse(target)
            if parsed.netloc or SKIP.search(parsed.path) or target in seen:
                continue
            if parsed.query and parsed.path.startswith(SKIP_QUERY_UNDER):
                continue
            seen.add(target)
            queue.append(target)
    return bodies


def found(bodies: dict[str, str], needles) -> list[tuple[str, str]]:
    """(url, needle) for every needle that occurs in a body; short needles must be whole words."""
    hits = []
    for needle in needles:
        pattern = re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)") if len(needle) < 8 else None
        for url, body in bodies.items():
            if (pattern.search(body) if pattern else needle in body):
                hits.append((url, needle))
    return hits
