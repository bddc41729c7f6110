"""Demo chronologies (idempotent): four agencies' records for Oliver's review.

Each agency's file is built the way its system would export it (police a
"Date/Time" XLSX, health visiting "Date of contact" with a month-only date,
children's social care a CSV with "Event date" and "What happened", the
hospital a CSV with an agency column) and imported through the same service an
upload uses. Dates are illustrative, matching the reviews demo.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.utils import timezone

from casereview.accounts.models import Agency, User
from casereview.chronology import services
from casereview.chronology.models import Entry, Submission
from casereview.reviews.models import Review

D, T = dt.date, dt.datetime

POLICE = [
    ["Cambridgeshire Constabulary: chronology for SCR-2019-001"],
    [],
    ["Date/Time", "Source", "Details", "Action taken", "Significance"],
    [T(2018, 7, 14, 23, 10), "STORM 18/4471", "Call from neighbour: argument between mother and partner; mother pregnant",
     "Officers attended; DASH completed, graded standard", "Pregnancy noted; no referral to children's social care"],
    [T(2018, 9, 2, 16, 40), "STORM 18/6120", "Report of two large dogs loose in the street near the address, said to be aggressive",
     "Dog warden informed", "Dogs not linked to the household on police systems"],
    [T(2018, 11, 28, 21, 5), "Niche 18/9032", "Verbal argument between mother and partner; two dogs shut in kitchen; mother 32 weeks pregnant",
     "Notification to MASH sent 30/11/2018", "Dogs in the home not mentioned in the notification"],
    [T(2019, 1, 13, 8, 52), "STORM 19/0311", "999 call: baby Oliver seriously injured by the family's dogs at home",
     "Oliver taken to hospital; dogs seized", ""],
    [T(2019, 1, 13, 14, 0), "Niche 19/0102", "Strategy discussion held with children's social care and health following Oliver's injuries",
     "Joint section 47 enquiry agreed", ""],
]

HEALTH = [
    ["Date of contact", "Time", "Record", "What happened", "Outcome", "Analysis"],
    ["June 2018", None, "GP record", "Pregnancy confirmed at GP surgery", "Booked with community midwife", ""],
    [D(2018, 8, 10), "10:00", "Midwifery record", "Antenatal booking: mother disclosed low mood; two dogs in the household",
     "Referred to perinatal mental health", "Dogs recorded but not risk assessed"],
    [D(2018, 11, 15), "2.30pm", "HV record", "Antenatal health visitor contact at home; dogs barking in the kitchen throughout",
     "Universal service offered", "No advice given about dogs and a new baby"],
    [D(2019, 1, 9), "10:30", "HV record", "New birth visit: Oliver seen, feeding well; two dogs in the living room; parents say the dogs are gentle",
     "Routine universal service", "Risk from the dogs not explored"],
]

SOCIAL_CARE = [
    ["Event date", "Source", "What happened", "Action taken", "Comments"],
    ["30/11/2018", "Mosaic contact", "Police notification received at MASH about the argument on 28/11/2018",
     "Screened by MASH social worker", ""],
    ["03/12/2018", "Mosaic contact", "MASH screening completed: threshold for assessment not met",
     "No further action; letter sent to mother with details of local support", "Health visitor not told of the incident"],
    ["13/01/2019", "Mosaic strategy record", "Strategy discussion held with police and health following Oliver's injuries",
     "Section 47 enquiry started", ""],
]

HOSPITAL = [
    ["Date", "Time", "Agency", "Event", "Action"],
    ["29/12/2018", "04:20", "Maternity unit", "Oliver born at 39 weeks, well", "Discharged home with mother on 30/12/2018"],
    ["13/01/2019", "09:30", "Emergency department", "Oliver admitted with very serious injuries from dog bites",
     "Safeguarding team informed; strategy discussion with police and children's social care"],
]

EPISODES = [
    ("Pregnancy: what was known about the home", D(2018, 6, 1), D(2018, 12, 28)),
    ("Birth to the incident", D(2018, 12, 29), D(2019, 1, 13)),
]


def _xlsx(rows) -> io.BytesIO:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    return out


def _csv(rows) -> io.BytesIO:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return io.BytesIO(text.getvalue().encode("utf-8-sig"))


def load_demo(*, stdout) -> None:
    review = Review.objects.filter(reference="SCR-2019-001").first()
    if review is None:
        stdout.write("Chronology demo skipped: Oliver's review (reviews demo) is not loaded.")
        return
    if Submission.objects.filter(review=review).exists():
        stdout.write("Demo chronologies: already loaded")
        return
    users = {u.username: u for u in User.objects.filter(username__in=["manager", "reviewer", "police", "health"])}
    agencies = {a.short_name: a for a in Agency.objects.filter(partnership=review.partnership)}
    manager = users.get("manager")
    files = [
        ("Police", "police", "police-chronology.xlsx", _xlsx(POLICE)),
        ("Health visiting", "health", "health-chronology.xlsx", _xlsx(HEALTH)),
        ("CSC", "manager", "csc-chronology.csv", _csv(SOCIAL_CARE)),
        ("Hospital", "manager", "hospital-chronology.csv", _csv(HOSPITAL)),
    ]
    now = timezone.now()
    imported = 0
    for short, username, name, content in files:
        agency = agencies.get(short)
        if agency is None or not review.participating_agencies.filter(agency=agency).exists():
            continue
        services.import_chronology(review=review, agency=agency, file=content, name=name,
                                   by=users.get(username, manager), now=now)
        imported += 1
    reviewer = users.get("reviewer", manager)
    for name, start, end in EPISODES:
        services.create_episode(review=review, name=name, start=start, end=end, by=reviewer, now=now)
    visit = (
        Entry.objects.filter(review=review, is_current=True, agency__short_name="Health visiting", date=D(2019, 1, 9)).first()
    )
    if visit is not None:
        services.save_analysis(
            entry=visit, by=reviewer, now=now,
            text="Second time the dogs were seen at home and not discussed: a missed chance to give safety advice "
                 "four days before Oliver was injured.",
        )
    stdout.write(f"Demo chronologies: {imported} agencies for {review.reference}")
