"""The review workflow in one place: which stage may follow which, and what each move needs.

`TRANSITIONS` is the whole state machine. `guard_problems` lists, as sentences
that say what to do, why a move the table allows cannot happen yet. Services
call both; templates show the allowed moves from `TRANSITIONS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from casereview.reviews import hooks
from casereview.reviews.models import DecisionOutcome, Review, Stage

# Branches: "converted" (the case moves into another process, e.g. a national review
# or a joint review) is open until the analysis starts; "no further review" follows a
# decision not to review. Back-steps exist only where a report is sent back for work.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Stage.NOTIFIED: (Stage.RAPID_REVIEW, Stage.CONVERTED),
    Stage.RAPID_REVIEW: (Stage.DECIDED, Stage.CONVERTED),
    Stage.DECIDED: (Stage.TERMS_OF_REFERENCE, Stage.NO_FURTHER_REVIEW, Stage.CONVERTED),
    Stage.TERMS_OF_REFERENCE: (Stage.INFORMATION_GATHERING, Stage.CONVERTED),
    Stage.INFORMATION_GATHERING: (Stage.ANALYSIS, Stage.CONVERTED),
    Stage.ANALYSIS: (Stage.DRAFT_REPORT, Stage.INFORMATION_GATHERING),
    Stage.DRAFT_REPORT: (Stage.SIGNED_OFF, Stage.ANALYSIS),
    Stage.SIGNED_OFF: (Stage.PUBLISHED, Stage.DRAFT_REPORT),
    Stage.PUBLISHED: (Stage.ACTION_MONITORING,),
    Stage.ACTION_MONITORING: (Stage.CLOSED,),
    Stage.CLOSED: (),
    Stage.NO_FURTHER_REVIEW: (),
    Stage.CONVERTED: (),
}


def allowed_from(stage: str) -> tuple[str, ...]:
    return TRANSITIONS.get(stage, ())


def describe_allowed(stage: str) -> str:
    """'Rapid review or Converted', or a sentence saying the stage is final."""
    allowed = [Stage(s).label for s in allowed_from(stage)]
    if not allowed:
        return f"{Stage(stage).label} is a final stage: nothing can follow it."
    return "From " + Stage(stage).label + " the review can move to " + " or ".join(allowed) + "."


def _latest_decision(review: Review):
    return review.decisions.order_by("-decided_on", "-pk").first()


@dataclass(frozen=True)
class Check:
    """One condition a move needs: the task list shows `label` (done or not) linking to `where`;
    a refused move says `problem`. Both come from the same guard, so they never disagree."""

    label: str
    done: bool
    problem: str
    where: str  # URL name taking the review's pk (the page where it is done)


def _needs_notification(review: Review) -> list[Check]:
    return [Check("Record the date the national panel was notified", review.notified_date is not None,
                  "Record the date the national panel was notified before starting the rapid review.", "reviews:edit")]


def _needs_decision(review: Review) -> list[Check]:
    return [Check("Record the decision against the statutory criteria", _latest_decision(review) is not None,
                  "Record the decision against the statutory criteria before marking the review as decided.",
                  "reviews:decide")]


def _needs_decision_to_review(review: Review) -> list[Check]:
    decision = _latest_decision(review)
    return [Check("Record a decision to undertake a review",
                  decision is not None and decision.outcome == DecisionOutcome.REVIEW,
                  "The latest decision is not to review: record a decision to undertake a review first.",
                  "reviews:decide")]


def _needs_decision_not_to_review(review: Review) -> list[Check]:
    decision = _latest_decision(review)
    return [Check("Record a decision of no further review",
                  decision is not None and decision.outcome == DecisionOutcome.NO_FURTHER_REVIEW,
                  "The latest decision is to undertake a review: record a decision of no further review first.",
                  "reviews:decide")]


def _needs_terms_and_agencies(review: Review) -> list[Check]:
    return [
        Check("Record the terms of reference", hasattr(review, "terms_of_reference"),
              "Record the terms of reference (period under review and key lines of enquiry).", "reviews:terms"),
        Check("Add a participating agency", review.participating_agencies.exists(),
              "Add at least one participating agency.", "reviews:agency_add"),
    ]


def _needs_submissions(review: Review) -> list[Check]:
    from casereview.reviews.models import OUTSTANDING_STATUSES, AgencyRequest

    requests = AgencyRequest.objects.filter(participating_agency__review=review)
    outstanding = requests.filter(status__in=OUTSTANDING_STATUSES).select_related("participating_agency__agency")
    names = sorted({f"{r.get_item_display()} from {r.participating_agency.agency}" for r in outstanding})
    return [
        Check("Request an item from a participating agency", requests.exists(),
              "Request at least one item (agency report, chronology or summary) from a participating agency.",
              "reviews:agencies"),
        Check("Receive every item requested" + (f" (still outstanding: {'; '.join(names)})" if names else ""),
              not names,
              "Still outstanding: " + "; ".join(names) + ". Receive them or mark them no longer needed.",
              "reviews:agencies"),
    ]


def _needs_findings(review: Review) -> list[Check]:
    return [
        Check("Record at least one learning point", review.learning_points.exists(),
              "Record at least one learning point.", "reviews:findings"),
        Check("Record at least one recommendation", review.recommendations.exists(),
              "Record at least one recommendation.", "reviews:findings"),
    ]


def _needs_publishing_gate(review: Review) -> list[Check]:
    problems = hooks.publish_problems(review)
    return [Check(p, False, p, "reviews:briefings") for p in problems] or [
        Check("Pass the anonymisation gate with a practitioner briefing", True, "", "reviews:briefings")]


GUARDS: dict[str, Callable[[Review], list[Check]]] = {
    Stage.RAPID_REVIEW: _needs_notification,
    Stage.DECIDED: _needs_decision,
    Stage.TERMS_OF_REFERENCE: _needs_decision_to_review,
    Stage.NO_FURTHER_REVIEW: _needs_decision_not_to_review,
    Stage.INFORMATION_GATHERING: _needs_terms_and_agencies,
    Stage.ANALYSIS: _needs_submissions,
    Stage.SIGNED_OFF: _needs_findings,
    Stage.PUBLISHED: _needs_publishing_gate,
}


def transition_problems(review: Review, to_stage: str) -> list[str]:
    """Everything that stops `review` moving to `to_stage`; empty when it may."""
    if to_stage not in Stage.values:
        return [f"'{to_stage}' is not a stage. {describe_allowed(review.stage)}"]
    if to_stage not in allowed_from(review.stage):
        return [f"A review cannot move from {Stage(review.stage).label} to {Stage(to_stage).label}. "
                + describe_allowed(review.stage)]
    # Going back a step never needs the forward guard (sending a report back is always possible).
    if _is_back_step(review.stage, to_stage):
        return []
    return [c.problem for c in checks_for(review, to_stage) if not c.done]


def checks_for(review: Review, to_stage: str) -> list[Check]:
    """What moving `review` to `to_stage` needs, done or not (empty when nothing is needed)."""
    guard = GUARDS.get(to_stage)
    return guard(review) if guard else []


_ORDER = [Stage.NOTIFIED, Stage.RAPID_REVIEW, Stage.DECIDED, Stage.TERMS_OF_REFERENCE, Stage.INFORMATION_GATHERING,
          Stage.ANALYSIS, Stage.DRAFT_REPORT, Stage.SIGNED_OFF, Stage.PUBLISHED, Stage.ACTION_MONITORING, Stage.CLOSED]


def _is_back_step(from_stage: str, to_stage: str) -> bool:
    if from_stage in _ORDER and to_stage in _ORDER:
        return _ORDER.index(to_stage) < _ORDER.index(from_stage)
    return False


def main_path() -> list[str]:
    return list(_ORDER)


def next_stage(review: Review) -> str | None:
    """The stage the review is working towards: the next one on the main path, or, once
    decided not to review, "no further review". None at a final stage."""
    if review.stage == Stage.DECIDED:
        decision = _latest_decision(review)
        if decision is not None and decision.outcome == DecisionOutcome.NO_FURTHER_REVIEW:
            return Stage.NO_FURTHER_REVIEW
    if review.stage in _ORDER:
        later = _ORDER[_ORDER.index(review.stage) + 1:]
        return next((s for s in later if s in allowed_from(review.stage)), None)
    return None


@dataclass(frozen=True)
class NextSteps:
    """The overview's "what happens next": the stage worked towards and the checks it needs."""

    stage: str | None
    checks: list[Check]

    @property
    def ready(self) -> bool:
        return self.stage is not None and all(c.done for c in self.checks)

    @property
    def label(self) -> str:
        return Stage(self.stage).label if self.stage else ""


def next_steps(review: Review) -> NextSteps:
    """The task list for the current stage, from the same guards the move is refused by."""
    stage = next_stage(review)
    return NextSteps(stage, checks_for(review, stage) if stage else [])


def stage_after_decision(stage: str, outcome: str) -> str | None:
    """Where recording a decision can move the review in the same step (the decision form's checkbox)."""
    if stage == Stage.RAPID_REVIEW:
        return Stage.DECIDED
    if stage == Stage.DECIDED:
        return Stage.TERMS_OF_REFERENCE if outcome == DecisionOutcome.REVIEW else Stage.NO_FURTHER_REVIEW
    return None


# What may be done at each stage (offered on the pages, and refused by the services otherwise).
DECISION_STAGES = frozenset({Stage.NOTIFIED, Stage.RAPID_REVIEW, Stage.DECIDED})
TERMS_STAGES = frozenset({Stage.DECIDED, Stage.TERMS_OF_REFERENCE, Stage.INFORMATION_GATHERING})
FINDINGS_LOCKED_STAGES = frozenset({Stage.SIGNED_OFF, Stage.PUBLISHED, Stage.ACTION_MONITORING, Stage.CLOSED,
                                    Stage.NO_FURTHER_REVIEW, Stage.CONVERTED})


def findings_editable(review: Review) -> bool:
    """Findings can be added, changed, reordered and withdrawn until the review is signed off."""
    return review.stage not in FINDINGS_LOCKED_STAGES
