"""The monthly meeting and the polls: meetings with their agenda, who comes and who holds
whose proxy, polls (at a meeting or online between meetings) and their ballots.

A ballot of a secret poll names no voter: it carries a keyed hash of the poll and the
voter (`voter_key`), enough to replace a person's vote and to know they voted, never
who chose what (see `programming.votes`)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = [
    "AgendaItem",
    "Attendance",
    "Ballot",
    "Meeting",
    "Poll",
    "PollChoice",
    "Proxy",
]


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", pgettext_lazy("meeting", "Scheduled")
        OPEN = "open", pgettext_lazy("meeting", "In progress")
        HELD = "held", pgettext_lazy("meeting", "Held")
        CANCELLED = "cancelled", pgettext_lazy("meeting", "Cancelled")

    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=200)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings_facilitated",
        verbose_name=_("facilitator"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SCHEDULED
    )
    # The minutes, written on the spot: free text beside the decisions and attendance
    # clef records itself.
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_published_at = models.DateTimeField(_("minutes published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d} {self.place}"

    def get_absolute_url(self):
        return reverse("programming:meeting", args=[self.pk])


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("meeting")
    )
    proposal = models.ForeignKey(
        "programming.Proposal",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("proposal"),
    )
    # An item without a proposal: a ranking of several proposals, or another subject.
    title = models.CharField(_("title"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    minutes_planned = models.PositiveIntegerField(_("minutes planned"), default=10)
    decision = models.TextField(_("decision"), blank=True)

    class Meta:
        ordering = ["meeting", "position", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.title or str(self.proposal)


class Attendance(models.Model):
    """Whether a person said they come, and whether the facilitator saw them there."""

    class Answer(models.TextChoices):
        COMING = "coming", _("Coming")
        NOT_COMING = "not_coming", _("Not coming")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_attendances",
        verbose_name=_("user"),
    )
    answer = models.CharField(_("answer"), max_length=16, choices=Answer.choices, blank=True)
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_attendance_per_person")
        ]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")

    def __str__(self):
        return f"{self.meeting}: {self.user}"


class Proxy(models.Model):
    """A member who cannot come gives their voice to one who does."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="proxies", verbose_name=_("meeting")
    )
    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="proxies_given",
        verbose_name=_("given by"),
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="proxies_held",
        verbose_name=_("held by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "giver"], name="one_proxy_per_giver")
        ]
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")

    def __str__(self):
        return f"{self.giver} → {self.holder}"


class Poll(models.Model):
    class Kind(models.TextChoices):
        CONSENT = "consent", pgettext_lazy("poll", "Consent")
        MAJORITY = "majority", pgettext_lazy("poll", "Majority")
        RANKING = "ranking", pgettext_lazy("poll", "Ranking")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("poll", "Open")
        CLOSED = "closed", pgettext_lazy("poll", "Closed")

    class Outcome(models.TextChoices):
        NONE = "", pgettext_lazy("poll", "Not counted yet")
        ADOPTED = "adopted", pgettext_lazy("poll", "Adopted")
        REJECTED = "rejected", pgettext_lazy("poll", "Rejected")
        OBJECTED = "objected", pgettext_lazy("poll", "Objection: stays open")
        NO_QUORUM = "no_quorum", pgettext_lazy("poll", "Quorum not met")
        RANKED = "ranked", pgettext_lazy("poll", "Ranked")

    # At a meeting, the item it decides; online between meetings, none.
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="polls",
        verbose_name=_("meeting"),
    )
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="polls",
        verbose_name=_("agenda item"),
    )
    question = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    secret = models.BooleanField(_("secret"), default=False)
    # Results shown once one has voted, or only once the poll is closed.
    results_after_vote = models.BooleanField(_("results shown after voting"), default=False)
    # A ranking: how many are chosen (the free slots).
    winners = models.PositiveIntegerField(_("number chosen"), default=1)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, blank=True, default=""
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("poll")
        verbose_name_plural = _("polls")

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("programming:poll", args=[self.pk])


class PollChoice(models.Model):
    """A ranking's candidates (each usually a proposal)."""

    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, related_name="choices", verbose_name=_("poll")
    )
    proposal = models.ForeignKey(
        "programming.Proposal",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="poll_choices",
        verbose_name=_("proposal"),
    )
    label = models.CharField(_("label"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0)
    # Its place in the result, once counted (1 is first).
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)

    class Meta:
        ordering = ["poll", "position", "id"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self):
        return self.label


class Ballot(models.Model):
    """One person's vote in a poll. A second vote replaces the first: the first stays,
    with `replaced_at` set. A secret poll's ballots keep `voter` and `cast_by` empty."""

    class Answer(models.TextChoices):
        FOR = "for", pgettext_lazy("vote", "For")
        AGAINST = "against", pgettext_lazy("vote", "Against")
        ABSTAIN = "abstain", pgettext_lazy("vote", "Abstain")
        CONSENT = "consent", pgettext_lazy("vote", "Consent")
        OBJECT = "object", pgettext_lazy("vote", "Objection")
        RANKED = "ranked", pgettext_lazy("vote", "Ranking")

    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("poll")
    )
    voter_key = models.CharField(_("voter key"), max_length=64, db_index=True)
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ballots",
        verbose_name=_("voter"),
    )
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cast by"),
    )
    by_proxy = models.BooleanField(_("by proxy"), default=False)
    answer = models.CharField(_("answer"), max_length=16, choices=Answer.choices)
    reason = models.TextField(_("reason"), blank=True)
    # A ranking: the choices' ids, best first; choices left out come last, tied.
    ranking = models.JSONField(_("ranking"), default=list, blank=True)
    replaced_at = models.DateTimeField(_("replaced at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), null=True, blank=True)

    class Meta:
        ordering = ["poll", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "voter_key"],
                condition=models.Q(replaced_at__isnull=True),
                name="one_current_ballot_per_voter",
            )
        ]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self):
        return f"{self.poll}: {self.get_answer_display()}"
