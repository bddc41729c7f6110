"""The one way a service says no.

Every service that turns a request down raises `Refused` with a message written for
the person who asked (what is wrong and what to do), and, when the message is about
one form field, that field's name. An import that finds many problems raises one
`Refused` carrying every problem (`problems`), one line each, naming file, row and
reason. Views turn it into a GOV.UK error with `casereview.core.web`; the CLI prints
`problems` on stderr and exits 2.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404


class Refused(Exception):
    """A request a service turned down. `errors` is [(field or None, message), ...], first one the headline."""

    def __init__(self, message: str, field: str | None = None, *, problems: Iterable[str] = (),
                 errors: Iterable[tuple[str | None, str]] = ()):
        self.errors: list[tuple[str | None, str]] = list(errors) or [(field, message)]
        self.message = message
        self.field = field
        self.problems: list[str] = list(problems) or [m for _f, m in self.errors]
        super().__init__(message)

    def __str__(self) -> str:
        return self.message

    @classmethod
    def many(cls, problems: dict[str, str | list[str]] | Iterable[str]) -> Refused:
        """Several problems at once: {"field": "message" or [messages], ...} or ["message", ...].

        The first is the headline; the field "__all__" (or None) means the request as a whole.
        """
        errors: list[tuple[str | None, str]] = []
        if isinstance(problems, dict):
            for field, messages in problems.items():
                for message in [messages] if isinstance(messages, str) else messages:
                    errors.append((None if field in (NON_FIELD_ERRORS, None) else field, message))
        else:
            errors = [(None, m) for m in problems]
        return cls(errors[0][1], errors[0][0], errors=errors)

    @classmethod
    def from_validation_error(cls, exc: ValidationError) -> Refused:
        """A model's full_clean() errors as a refusal, field by field."""
        if hasattr(exc, "error_dict"):
            errors = [(None if f == NON_FIELD_ERRORS else f, m) for f, ms in exc.message_dict.items() for m in ms]
        else:
            errors = [(None, m) for m in exc.messages]
        errors = errors or [(None, "The request could not be saved.")]
        return cls(errors[0][1], errors[0][0], errors=errors)


@contextmanager
def refusing_invalid() -> Iterator[None]:
    """Turn Django's ValidationError (from full_clean or a form-level check) into `Refused`."""
    try:
        yield
    except ValidationError as exc:
        raise Refused.from_validation_error(exc) from None


class Gone(Http404):
    """The thing existed and was taken away on purpose (a withdrawn briefing): a GOV.UK 410 page, with this message."""
