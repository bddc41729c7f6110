"""Every page is served under a strict Content-Security-Policy and holds nothing it would block.

The policy allows scripts and styles from our own static files only. An inline
<script>, a <style> element or a style="" attribute would be blocked by the browser
(a broken page) and would mean the policy had to be loosened (an open door for
injected script), so none may appear. The crawl, as the demo's partnership admin,
follows every link from the dashboard and must reach the chart pages (library
themes, review figures, the board report, a chronology timeline).
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
from django.core.management import call_command

from casereview.accounts.models import User

HREF = re.compile(r'href="([^"#][^"]*)"')
SKIP = re.compile(r"^/(static|admin)/|logout")
MAX_PAGES = 250
CHART_PAGES = [re.compile(p) for p in (r"^/library/themes/$", r"^/reviews/figures/$", r"^/actions/report/$",
                                          r"^/chronology/\d+/timeline/$")]


class InlineCode(HTMLParser):
    """Collects what a strict CSP blocks: <script> without src, <style>, style= and on*= attributes."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style> element")
        self.found.extend(f"{name}= attribute on <{tag}>" for name in sorted(names, reverse=True) if name == "style" or name.startswith("on"))


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def crawl(client, start="/dashboard/"):
    seen, queue, pages = {start}, deque([start]), {}
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or response.streaming or "html" not in response.get("Content-Type", ""):
            continue
        pages[url] = response
        for href in HREF.findall(response.content.decode()):
            target = urldefrag(urljoin(url, href.replace("&amp;", "&")))[0]
            parsed = urlparse(target)
            if parsed.netloc or parsed.query or SKIP.search(parsed.path) or target in seen:
                continue
            seen.add(target)
            queue.append(target)
    return pages


def test_the_parser_finds_each_kind_of_inline_code():
    html = ('<script>alert(1)</script><script src="/static/a.js"></script><style>p{}</style>'
            '<p style="color:red" onclick="x()">x</p>')
    assert inline_code(html) == ["<script> without src", "<style> element", "style= attribute on <p>",
                                 "onclick= attribute on <p>"]


@pytest.mark.django_db
def test_every_page_has_a_strict_policy_and_no_inline_script_or_style(client):
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client.force_login(User.objects.get(username="admin"))
    pages = crawl(client)
    assert len(pages) > 30
    for pattern in CHART_PAGES:
        assert any(pattern.match(url) for url in pages), f"the crawl never reached {pattern.pattern}"
    problems = []
    for url, response in pages.items():
        policy = response.get("Content-Security-Policy", "")
        for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
                          "object-src 'none'", "base-uri 'none'", "form-action 'self'"):
            if directive not in policy:
                problems.append((url, f"policy lacks {directive}"))
        problems.extend((url, found) for found in inline_code(response.content.decode()))
    assert problems == []


def test_pages_say_no_sniffing_no_framing_and_no_referrer_outside_the_site(client, db):
    response = client.get("/accounts/login/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert inline_code(response.content.decode()) == []


def test_public_briefing_pages_have_the_policy_and_no_inline_code(client, db):
    response = client.get("/publishing/public/")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert inline_code(response.content.decode()) == []
