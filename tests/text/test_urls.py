"""Which links may become a clickable href: http, https and mailto only, however a scheme is disguised."""

from __future__ import annotations

import pytest

from casereview.text.metadata import find_links
from casereview.text.urls import WEB_SCHEMES, safe_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.gov.uk/guidance", "https://www.gov.uk/guidance"),
        ("http://example.org/a?b=c#d", "http://example.org/a?b=c#d"),
        ("  https://example.org/padded  ", "https://example.org/padded"),
        ("HTTPS://EXAMPLE.ORG/", "HTTPS://EXAMPLE.ORG/"),
        ("mailto:business.unit@example.org", "mailto:business.unit@example.org"),
        ("www.example.org/b", "https://www.example.org/b"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("java\nscript:alert(1)", None),
        ("\x01javascript:alert(1)", None),
        (" javascript:alert(1)", None),
        ("javascript\u200b:alert(1)", None),
        ("https://example.org/\u00a0x", None),
        ("data:text/html;base64,PHNjcmlwdD4=", None),
        ("vbscript:msgbox(1)", None),
        ("file:///etc/passwd", None),
        ("ftp://example.org/file", None),
        ("//evil.example/", None),
        ("/library/1/", None),
        ("https:evil.example", None),
        ("https://", None),
        ("mailto:", None),
        ("http://[::1", None),
        ("", None),
        (None, None),
    ],
)
def test_only_http_https_and_mailto_links_survive(url, expected):
    assert safe_url(url) == expected


def test_mailto_can_be_excluded_for_web_only_links():
    assert safe_url("mailto:a@example.org", WEB_SCHEMES) is None
    assert safe_url("https://example.org", WEB_SCHEMES) == "https://example.org"


def test_a_documents_javascript_hyperlink_is_dropped_from_its_links():
    links = find_links("See https://example.org/a.", ["javascript:alert(document.cookie)", "JaVaScRiPt:x", "https://example.org/b"])
    assert links == ["https://example.org/a", "https://example.org/b"]
