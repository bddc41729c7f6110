import datetime as dt
import json

import pytest
from django.core.management import call_command

from casereview.core.calendar import (
    add_months,
    add_working_days,
    is_working_day,
    statutory_deadlines,
    working_days_between,
)

D = dt.date


@pytest.mark.parametrize(
    ("start", "n", "due", "why"),
    [
        (D(2026, 12, 21), 5, D(2026, 12, 30), "Christmas Day, a weekend and the Boxing Day substitute on 28 Dec are skipped"),
        (D(2027, 12, 22), 5, D(2027, 12, 31), "Christmas and Boxing Day fall on a weekend in 2027, so 27 and 28 Dec are substitute days"),
        (D(2027, 12, 29), 3, D(2028, 1, 4), "New Year's Day 2028 is a Saturday, so Monday 3 January is the substitute"),
        (D(2026, 4, 1), 5, D(2026, 4, 10), "Good Friday 3 April and Easter Monday 6 April 2026 are skipped"),
        (D(2027, 3, 24), 3, D(2027, 3, 31), "Easter 2027 falls in March"),
        (D(2026, 5, 1), 1, D(2026, 5, 5), "early May bank holiday on Monday 4 May"),
        (D(2026, 11, 20), 5, D(2026, 11, 27), "an ordinary week: Friday plus five working days is the next Friday"),
        (D(2026, 11, 21), 1, D(2026, 11, 23), "a Saturday start: the first working day after is Monday"),
        (D(2026, 11, 23), 0, D(2026, 11, 23), "day 0 is the start day itself"),
    ],
)
def test_due_date_is_the_nth_working_day_after_the_start_day(start, n, due, why):
    assert add_working_days(start, n) == due, why


def test_a_notification_aware_on_21_december_2026_is_due_on_30_december():
    assert statutory_deadlines(aware=D(2026, 12, 21)).notification_due == D(2026, 12, 30)


def test_rapid_review_counts_from_the_notification_date_when_known():
    deadlines = statutory_deadlines(aware=D(2026, 12, 21), notified=D(2026, 12, 22))
    assert deadlines.rapid_review_due == D(2027, 1, 15)


def test_rapid_review_counts_from_the_notification_due_date_when_not_yet_notified():
    assert statutory_deadlines(aware=D(2026, 12, 21)).rapid_review_due == D(2027, 1, 21)


def test_lcspr_target_is_six_calendar_months_after_the_decision_clamped_to_month_end():
    assert statutory_deadlines(aware=D(2026, 8, 1), decided=D(2026, 8, 31)).lcspr_due == D(2027, 2, 28)
    assert add_months(D(2027, 8, 31), 6) == D(2028, 2, 29)


def test_lcspr_target_months_are_configurable():
    assert statutory_deadlines(aware=None, decided=D(2026, 1, 15), lcspr_months=9).lcspr_due == D(2026, 10, 15)


def test_scotland_has_its_own_bank_holidays():
    # 2 January is a bank holiday in Scotland, not in England and Wales.
    assert is_working_day(D(2026, 1, 2))
    assert not is_working_day(D(2026, 1, 2), "scotland")
    # St Andrew's Day substitute (30 Nov 2025 is a Sunday -> Monday 1 Dec).
    assert add_working_days(D(2025, 11, 28), 1, "scotland") == D(2025, 12, 2)


def test_northern_ireland_counts_st_patricks_day_as_a_holiday():
    assert not is_working_day(D(2026, 3, 17), "northern-ireland")
    assert is_working_day(D(2026, 3, 17))


def test_working_days_between_counts_days_after_start_up_to_end():
    assert working_days_between(D(2026, 12, 21), D(2026, 12, 30)) == 5
    assert working_days_between(D(2026, 12, 30), D(2026, 12, 21)) == -5


def test_deadlines_command_prints_the_design_json(capsys):
    call_command("deadlines", "--aware", "2026-12-21", "--json")
    assert json.loads(capsys.readouterr().out) == {
        "notification_due": "2026-12-30",
        "rapid_review_due": "2027-01-21",
        "lcspr_due": None,
    }


def test_deadlines_command_uses_notified_and_decided(capsys):
    call_command("deadlines", "--aware", "2026-12-21", "--notified", "2026-12-23", "--decided", "2027-01-20", "--json")
    assert json.loads(capsys.readouterr().out) == {
        "notification_due": "2026-12-30",
        "rapid_review_due": "2027-01-18",
        "lcspr_due": "2027-07-20",
    }


def test_deadlines_command_refuses_a_day_first_date_with_a_hint(run_cli):
    result = run_cli("deadlines", "--aware", "21/12/2026", "--json")
    assert result.returncode == 2
    assert "--aware '21/12/2026'" in result.stderr and "YYYY-MM-DD" in result.stderr
    assert result.stdout == ""
