"""Proposals: a film, or a programme of films, a member would carry to the screen.

A proposal names films found among the programme's (`films`) or typed
(`ProposedFilm`), says why, when and where, and answers the venue's rule (films not, or
no longer, shown elsewhere). Its state changes only through
`clef.programming.proposals.change_status`, which keeps each change (`ProposalEvent`).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = [
    "Proposal",
    "ProposalComment",
    "ProposalDigest",
    "ProposalEvent",
    "ProposalFollow",
    "ProposedFilm",
]

# A typed film longer than this is a typing error.
LONGEST_FILM = 999


class Proposal(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("proposal", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("proposal", "Submitted")
        ON_AGENDA = "on_agenda", pgettext_lazy("proposal", "On an agenda")
        ACCEPTED = "accepted", pgettext_lazy("proposal", "Accepted")
        POSTPONED = "postponed", pgettext_lazy("proposal", "Postponed")
        DECLINED = "declined", pgettext_lazy("proposal", "Declined")
        WITHDRAWN = "withdrawn", pgettext_lazy("proposal", "Withdrawn")
        SCREENED = "screened", pgettext_lazy("proposal", "Screened")

    class Kind(models.TextChoices):
        SCREENING = "screening", pgettext_lazy("proposal kind", "Screening")
        DEBATE = "debate", pgettext_lazy("proposal kind", "Debate with a guest")
        CARTE_BLANCHE = "carte_blanche", pgettext_lazy("proposal kind", "Carte blanche")
        CYCLE = "cycle", pgettext_lazy("proposal kind", "Cycle")
        CHILDREN = "children", pgettext_lazy("proposal kind", "For children")

    title = models.CharField(_("title"), max_length=200)
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("proposed by"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.DRAFT, db_index=True
    )
    kind = models.CharField(_("kind of event"), max_length=16, choices=Kind, default=Kind.SCREENING)
    reason = models.TextField(_("why this film"), blank=True)
    wished_from = models.DateField(_("wished from"), null=True, blank=True)
    wished_to = models.DateField(_("wished until"), null=True, blank=True)
    wished_room = models.ForeignKey(
        "venues.Room",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wished room"),
    )
    films = models.ManyToManyField(
        "programme.Film", blank=True, related_name="proposals", verbose_name=_("films")
    )
    # The venue's rule: films not, or no longer, shown elsewhere. Asked, shown to all.
    in_cinemas_now = models.BooleanField(_("in cinemas now"), null=True, blank=True)
    released_when = models.CharField(_("released when"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programming:proposal", args=[self.pk])


class ProposedFilm(models.Model):
    """A film typed in a proposal, when it is not among the programme's films."""

    class Format(models.TextChoices):
        DCP = "dcp", _("DCP")
        FILE = "file", _("File")
        BLURAY = "bluray", _("Blu-ray")
        MM35 = "35mm", _("35 mm")

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="proposed_films",
        verbose_name=_("proposal"),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    directors = models.CharField(_("directed by"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1880), MaxValueValidator(2100)],
    )
    countries = models.CharField(_("countries"), max_length=200, blank=True)
    runtime = models.PositiveSmallIntegerField(
        _("runtime (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(LONGEST_FILM)],
    )
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    versions = models.CharField(_("versions available"), max_length=200, blank=True)
    # The copy's formats available, as a list of `Format` values.
    formats = models.JSONField(_("copy formats"), default=list, blank=True)
    rights_holder = models.ForeignKey(
        "accounting.RightsHolder",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rights holder"),
    )
    rights_contact = models.CharField(_("rights contact"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("proposed film")
        verbose_name_plural = _("proposed films")
        ordering = ["proposal", "position", "pk"]

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title

    def format_labels(self):
        labels = dict(self.Format.choices)
        return [str(labels[value]) for value in self.formats if value in labels]


class ProposalComment(models.Model):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="comments", verbose_name=_("proposal")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="proposal_comments",
        verbose_name=_("author"),
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]


class ProposalEvent(models.Model):
    """What happened to a proposal, in order: its history, and what followers are told."""

    class Kind(models.TextChoices):
        CREATED = "created", pgettext_lazy("proposal event", "Created")
        STATUS = "status", pgettext_lazy("proposal event", "Status changed")
        AMENDED = "amended", pgettext_lazy("proposal event", "Amended")
        COMMENTED = "commented", pgettext_lazy("proposal event", "Commented")

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="events", verbose_name=_("proposal")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    from_status = models.CharField(_("from"), max_length=12, choices=Proposal.Status, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=Proposal.Status, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    comment = models.ForeignKey(
        ProposalComment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("comment"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("proposal event")
        verbose_name_plural = _("proposal events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.proposal_id} {self.kind} {self.to_status}".strip()


class ProposalFollow(models.Model):
    """A person following a proposal, and how they want to hear of it."""

    class Choice(models.TextChoices):
        EACH = "each", _("An email at each change")
        WEEKLY = "weekly", _("A weekly digest")
        NONE = "none", _("No email")

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="follows", verbose_name=_("proposal")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="proposal_follows",
        verbose_name=_("person"),
    )
    choice = models.CharField(_("emails"), max_length=8, choices=Choice, default=Choice.EACH)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="one_follow_per_person")
        ]

    def __str__(self):
        return f"{self.user_id} {self.proposal_id} {self.choice}"


class ProposalDigest(models.Model):
    """A weekly digest sent to one person: one row per person and week, so the command
    run twice sends nothing twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    week = models.DateField(_("week"))
    until = models.DateTimeField(_("events until"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("weekly digest")
        verbose_name_plural = _("weekly digests")
        constraints = [models.UniqueConstraint(fields=["user", "week"], name="one_digest_per_week")]

    def __str__(self):
        return f"{self.user_id} {self.week}"
