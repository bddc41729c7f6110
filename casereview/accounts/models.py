from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models

from casereview.core.roles import Role


class Partnership(models.Model):
    """A local safeguarding children partnership (the tenant of a deployment)."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    calendar = models.CharField(
        max_length=30,
        default="england-and-wales",
        choices=[
            ("england-and-wales", "England and Wales"),
            ("scotland", "Scotland"),
            ("northern-ireland", "Northern Ireland"),
        ],
        help_text="Bank holidays used to count working days.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AgencyKind(models.TextChoices):
    POLICE = "police", "Police"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
    HEALTH_ACUTE = "health_acute", "Health: hospital trust"
    HEALTH_COMMUNITY = "health_community", "Health: community and health visiting"
    HEALTH_MENTAL = "health_mental", "Health: mental health trust"
    HEALTH_PRIMARY = "health_primary", "Health: GP and primary care"
    HEALTH_ICB = "health_icb", "Health: integrated care board"
    AMBULANCE = "ambulance", "Ambulance service"
    EDUCATION = "education", "Education"
    EARLY_YEARS = "early_years", "Early years"
    PROBATION = "probation", "Probation"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    HOUSING = "housing", "Housing"
    ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
    VOLUNTARY = "voluntary", "Voluntary sector"
    CAFCASS = "cafcass", "Cafcass"
    OTHER = "other", "Other"


class Agency(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="agencies")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=40, choices=AgencyKind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="agency_unique_name")]

    def __str__(self) -> str:
        return self.name


class PartnershipUserManager(UserManager):
    """Every user belongs to one partnership, superusers included.

    `createsuperuser` asks for the partnership (partnership is in REQUIRED_FIELDS) and
    passes its primary key, which is accepted here as well as an instance.
    """

    def _create_user(self, username, email, password, **extra_fields):
        partnership = extra_fields.pop("partnership", None)
        if isinstance(partnership, Partnership):
            extra_fields["partnership_id"] = partnership.pk
        elif partnership not in (None, ""):
            extra_fields["partnership_id"] = int(partnership)
        if not extra_fields.get("partnership_id"):
            raise ValueError("Every user belongs to one partnership: give the partnership (its id) for this user.")
        return super()._create_user(username, email, password, **extra_fields)

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.PARTNERSHIP_ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in. Their role decides what they may see (core/access.py), their
    partnership which records (every access function filters by it)."""

    role = models.CharField(max_length=40, choices=Role.choices, default=Role.BOARD_MEMBER)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="users",
        help_text="The one partnership whose reviews, actions and audit events this user works with.",
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="Required for agency contributors: the one agency they act for.",
    )
    job_title = models.CharField(max_length=120, blank=True)

    objects = PartnershipUserManager()

    REQUIRED_FIELDS = ["email", "partnership"]

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="agency_contributor") | models.Q(agency__isnull=False),
                name="agency_contributor_has_agency",
            )
        ]

    def clean(self) -> None:
        super().clean()
        if self.role == Role.AGENCY_CONTRIBUTOR and not self.agency_id:
            raise ValidationError({"agency": "An agency contributor must be bound to one agency."})
        if self.agency_id and self.partnership_id and self.agency.partnership_id != self.partnership_id:
            raise ValidationError({"agency": "The agency belongs to a different partnership."})

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_label(self) -> str:
        return Role(self.role).label

    def __str__(self) -> str:
        return self.display_name
