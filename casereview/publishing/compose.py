"""The first draft of a briefing, written from a review's record and findings.

Pure functions over the review's data: the wording follows the seed practitioner
briefing (what the review is, background, key learning points, recommendations,
further information). Nothing here reads restricted identifiers: the draft uses
the child's pseudonym only.
"""

from __future__ import annotations

# What each kind of review is, by review type slug (statutory wording, England unless stated).
REVIEW_EXPLANATIONS = {
    "serious-case-review": (
        "A Serious Case Review (SCR) is undertaken by the Safeguarding Children Partnership when abuse or "
        "neglect of a child is known or suspected, and either the child has died, or the child has been "
        "seriously harmed and there is cause for concern as to the way the authority, their partners or other "
        "relevant persons have worked together to safeguard the child."
    ),
    "local-child-safeguarding-practice-review": (
        "A Local Child Safeguarding Practice Review (LCSPR) is undertaken by the safeguarding partners when abuse "
        "or neglect of a child is known or suspected and the child has died or been seriously harmed, and the "
        "case may highlight improvements needed to safeguard and promote the welfare of children."
    ),
    "rapid-review": (
        "A rapid review is carried out by the safeguarding partners after a serious incident is notified, to "
        "gather the facts quickly, identify any immediate action needed to keep children safe and decide "
        "whether a fuller review would bring further learning."
    ),
    "child-practice-review": (
        "A Child Practice Review is undertaken by a Regional Safeguarding Children Board in Wales to learn from "
        "a case where abuse or neglect of a child is known or suspected and the child has died or been "
        "seriously harmed."
    ),
    "learning-review": (
        "A Learning Review is undertaken by a Child Protection Committee in Scotland when a child has died or "
        "been significantly harmed and the circumstances may offer learning for practice and systems."
    ),
    "national-review": (
        "A national review is undertaken by the Child Safeguarding Practice Review Panel when a case raises "
        "issues that are complex or of national importance."
    ),
}
# How each kind of review is named in a briefing's title (the seed: "Learning lessons from a Serious Case Review").
TITLE_NAMES = {
    "serious-case-review": "Serious Case Review",
    "local-child-safeguarding-practice-review": "Local Child Safeguarding Practice Review",
    "rapid-review": "Rapid Review",
    "child-practice-review": "Child Practice Review",
    "learning-review": "Learning Review",
    "national-review": "National Review",
}
DEFAULT_EXPLANATION = (
    "A case review is undertaken by the safeguarding partnership to learn from a case where a child has died or "
    "been seriously harmed, so that practice can improve and children can be better protected."
)
CONTRIBUTION = (
    "Professionals from a wide range of agencies working with the child and family contribute their experiences "
    "and perspectives in an effort to learn and explore what could have been done differently to improve the "
    "outcomes for the child, and to provide future guidance for professional practice."
)
FURTHER_INFORMATION = [
    "Working Together to Safeguard Children (statutory guidance): "
    "https://www.gov.uk/government/publications/working-together-to-safeguard-children--2",
    "Child Safeguarding Practice Review Panel: "
    "https://www.gov.uk/government/organisations/child-safeguarding-practice-review-panel",
    "NSPCC national case review repository: https://learning.nspcc.org.uk/case-reviews/national-case-review-repository",
]


def title_for(review) -> str:
    return f"Learning lessons from a {TITLE_NAMES.get(review.review_type.slug, 'Case Review')}: {review.pseudonym}"


def what_is_for(review) -> str:
    explanation = REVIEW_EXPLANATIONS.get(review.review_type.slug, DEFAULT_EXPLANATION)
    age = f" of {review.age_at_incident} old" if review.age_at_incident else ""
    harm = "who died" if review.outcome == "died" else "who was seriously harmed"
    about = (
        f"This review was undertaken on a child{age} {harm}, whom we shall call {review.pseudonym}, "
        "to respect the child's anonymity."
    )
    return "\n\n".join([explanation, CONTRIBUTION, about])


def background_for(review) -> str:
    age = f", who was {review.age_at_incident} old when the incident happened" if review.age_at_incident else ""
    outcome = "died" if review.outcome == "died" else "was seriously harmed"
    return f"The subject of this review is {review.pseudonym}{age}. {review.pseudonym} {outcome}."


def learning_points_for(review) -> str:
    return "\n\n".join(lp.text.strip() for lp in review.learning_points.order_by("number"))


def recommendations_for(review) -> str:
    items = []
    for rec in review.recommendations.select_related("addressee_agency").order_by("number"):
        text = rec.text.strip()
        if rec.addressee_agency_id and rec.addressee_agency.name.casefold() not in text.casefold():
            text = f"{rec.addressee_agency.name}: {text}"
        items.append(text)
    return "\n\n".join(items)


def further_information_for(review) -> str:
    return "\n\n".join([f"{review.partnership.name}: contact the partnership business unit.", *FURTHER_INFORMATION])


def draft_sections(review) -> dict[str, str]:
    """Title and every section of a first draft."""
    return {
        "title": title_for(review),
        "what_is": what_is_for(review),
        "background": background_for(review),
        "learning_points": learning_points_for(review),
        "recommendations": recommendations_for(review),
        "further_information": further_information_for(review),
    }


# --- The 7-minute briefing: seven short parts for a team meeting, drafted from the same findings. ---

REFLECTION_QUESTIONS = [
    "Would you recognise this situation in your own caseload? What would you notice first?",
    "When an action is agreed at a meeting, how does your team make sure it is followed through, and who checks?",
    "Who else might hold information about this child and family, and how would you find out?",
    "What will you do differently after reading this briefing?",
]
WHAT_TO_DO_CLOSING = (
    "Discuss this briefing at your next team meeting or in supervision, and record how your team used it in "
    "CaseReview so the partnership board can see that the learning reached practice."
)


def seven_minute_title_for(review) -> str:
    return f"7-minute briefing: {title_for(review)}"


def why_it_matters_for(review) -> str:
    harm = "died" if review.outcome == "died" else "was seriously harmed"
    return (
        f"{review.pseudonym} {harm}. The review found learning for every agency that worked with the family. "
        "Learning from a review only protects children when it changes what practitioners do day to day: this "
        "briefing is seven minutes for a team to take that learning into its own practice."
    )


def information_for(review) -> str:
    explanation = REVIEW_EXPLANATIONS.get(review.review_type.slug, DEFAULT_EXPLANATION)
    count = review.recommendations.count()
    made = f"The review made {count} recommendation{'s' if count != 1 else ''} to the partnership and its agencies." if count else ""
    return "\n\n".join(part for part in [explanation, made] if part)


def what_to_do_for(review) -> str:
    return "\n\n".join([*filter(None, recommendations_for(review).split("\n\n")), WHAT_TO_DO_CLOSING])


def draft_seven_minute_sections(review) -> dict[str, str]:
    """Title and the seven parts of a first-draft 7-minute briefing."""
    return {
        "title": seven_minute_title_for(review),
        "background": background_for(review),
        "why_it_matters": why_it_matters_for(review),
        "information": information_for(review),
        "the_learning": learning_points_for(review),
        "reflection_questions": "\n\n".join(REFLECTION_QUESTIONS),
        "what_to_do": what_to_do_for(review),
        "further_information": further_information_for(review),
    }
