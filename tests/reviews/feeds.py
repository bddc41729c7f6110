"""Issue a calendar address as a user does, and read the token from the page that shows it once."""

import re


def issue_feed(client) -> str:
    page = client.post("/reviews/deadlines/calendar-address/", follow=True).content.decode()
    match = re.search(r"/reviews/calendar/([A-Za-z0-9_-]{32,})\.ics", page)
    assert match, "the deadlines page did not show the new calendar address"
    return match.group(1)
