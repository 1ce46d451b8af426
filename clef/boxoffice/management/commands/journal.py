"""`clef journal verify` and `clef journal export`: check the inalterable journal, and
archive it for whoever needs to check it without clef.

    clef journal keygen [--if-missing]
    clef journal verify [--venue ID] [--archive PATH]
    clef journal export --from YYYY-MM-DD --to YYYY-MM-DD [--venue ID] [--output PATH] [--force]

``verify`` exits 0 when every chain is whole, 1 at the first break (which it names).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clef.boxoffice import archive, keys, verify
from clef.venues.models import Venue


class Command(BaseCommand):
    help = "Check the journal's chain of hashes, or export days of it to an archive."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="keygen|verify|export"
        )
        keygen = actions.add_parser(
            "keygen", help="Make the journal's signing key in CLEF_JOURNAL_KEY_FILE."
        )
        keygen.add_argument(
            "--if-missing", action="store_true", help="Say nothing is done when it exists."
        )
        check = actions.add_parser(
            "verify",
            help="Recompute the chain: OK, or the first entry where it breaks and why.",
        )
        check.add_argument("--venue", help="The venue's number or short name (default: all).")
        check.add_argument(
            "--archive", metavar="PATH", help="Check an exported archive instead, offline."
        )
        out = actions.add_parser("export", help="Write days of the journal to a zip archive.")
        out.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
        out.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD")
        out.add_argument("--venue", help="The venue's number or short name.")
        out.add_argument("--output", metavar="PATH", help="The zip to write.")
        out.add_argument("--force", action="store_true", help="Replace the file if it exists.")

    def handle(self, *args, action, **options):
        if action == "keygen":
            return self.keygen(options)
        if action == "verify":
            return self.verify(options)
        return self.export(options)

    # --- keygen -----------------------------------------------------------------------------
    def keygen(self, options):
        path = keys.key_path()
        if not str(path):
            raise CommandError(_("Set %(variable)s first.") % {"variable": keys.SETTING})
        if path.exists():
            if options.get("if_missing"):
                public = keys.public_key()
                self.stdout.write(
                    _("The journal's key is already there: %(path)s (fingerprint %(print)s).")
                    % {"path": path, "print": keys.fingerprint(public)}
                )
                return
            raise CommandError(
                _("%(path)s exists: a key is never replaced (the journal it signed needs it).")
                % {"path": path}
            )
        try:
            public = keys.generate(path)
        except OSError as error:
            raise CommandError(
                _("Cannot write %(path)s: %(error)s") % {"path": path, "error": error.strerror}
            ) from None
        self.stdout.write(
            _(
                "Signing key written to %(path)s: keep it safe and back it up apart from the "
                "database.\nPublic key (give it to auditors): %(public)s\nFingerprint: "
                "%(print)s"
            )
            % {"path": path, "public": keys.public_text(public), "print": keys.fingerprint(public)}
        )

    # --- verify -----------------------------------------------------------------------------
    def verify(self, options):
        if options.get("archive"):
            if options.get("venue"):
                raise CommandError(_("--venue and --archive go apart: an archive is one venue's."))
            result = archive.verify_archive(options["archive"])
            results = [result]
        elif options.get("venue"):
            results = [verify.verify(self.venue(options["venue"]))]
        else:
            results = verify.verify_all()
        for result in results:
            self.stdout.write(line(result))
        broken = [result for result in results if not result.ok]
        if broken:
            raise CommandError(
                ngettext(
                    "The journal is broken in %(count)s place: see above.",
                    "The journal is broken in %(count)s places: see above.",
                    len(broken),
                )
                % {"count": len(broken)},
                returncode=1,
            )

    # --- export -----------------------------------------------------------------------------
    def export(self, options):
        venue = self.venue(options.get("venue"))
        try:
            start = archive.parse_day(options["start"], "--from")
            end = archive.parse_day(options["end"], "--to")
            output = options.get("output") or (
                f"journal-{venue.slug}-{start.isoformat()}-{end.isoformat()}.zip"
            )
            exported = archive.export(venue, start, end, output, force=options["force"])
        except archive.ArchiveRefused as refused:
            raise CommandError(refused.message) from None
        if exported.count:
            self.stdout.write(
                ngettext(
                    "%(path)s: %(count)s entry, #%(first)s..#%(last)s, last hash %(hash)s",
                    "%(path)s: %(count)s entries, #%(first)s..#%(last)s, last hash %(hash)s",
                    exported.count,
                )
                % {
                    "path": exported.path,
                    "count": exported.count,
                    "first": exported.first_sequence,
                    "last": exported.last_sequence,
                    "hash": exported.last_hash,
                }
            )
        else:
            self.stdout.write(
                _("%(path)s: 0 entries: nothing was recorded on those days.")
                % {"path": exported.path}
            )

    def venue(self, raw):
        venues = Venue.objects.order_by("pk")
        if raw:
            raw = str(raw).strip()
            found = venues.filter(pk=int(raw)) if raw.isdigit() else venues.filter(slug=raw)
            venue = found.first()
            if venue is None:
                raise CommandError(
                    _("There is no venue “%(venue)s”. Venues: %(venues)s.")
                    % {"venue": raw, "venues": _venue_list(venues)}
                )
            return venue
        if venues.count() == 1:
            return venues.get()
        if not venues.exists():
            raise CommandError(_("There is no venue yet."))
        raise CommandError(
            _("There are several venues: choose one with --venue (%(venues)s).")
            % {"venues": _venue_list(venues)}
        )


def _venue_list(venues):
    return ", ".join(f"{venue.pk} {venue.slug}" for venue in venues) or "-"


def line(result):
    """One line saying what a check found."""
    name = result.venue.name if hasattr(result.venue, "name") else (result.venue or "?")
    problem = result.problem
    if problem is not None:
        if problem.sequence is not None:
            return _("%(venue)s: BROKEN at entry %(sequence)s (%(code)s): %(message)s") % {
                "venue": name,
                "sequence": problem.sequence,
                "code": problem.code,
                "message": problem.message,
            }
        return _("%(venue)s: BROKEN (%(code)s): %(message)s") % {
            "venue": name,
            "code": problem.code,
            "message": problem.message,
        }
    if not result.entries:
        return _("%(venue)s: OK: no entries.") % {"venue": name}
    return ngettext(
        "%(venue)s: OK: %(count)s entry, #%(first)s..#%(last)s, last hash %(hash)s",
        "%(venue)s: OK: %(count)s entries, #%(first)s..#%(last)s, last hash %(hash)s",
        result.entries,
    ) % {
        "venue": name,
        "count": result.entries,
        "first": result.first_sequence,
        "last": result.last_sequence,
        "hash": result.last_hash,
    }
