"""`clef journal`: make the journal's signing key, check the journal, export it.

    clef journal keygen [--if-missing]
    clef journal public-key
    clef journal verify [--venue ID] [--public-key KEY] [--all-signatures] [--anchor DIR]
                        [--chain-only]
    clef journal verify --archive PATH [--public-key KEY] [--all-signatures]
    clef journal export --from YYYY-MM-DD --to YYYY-MM-DD [--venue ID] [--output PATH] [--force]

``KEY`` is the public key: a PEM file, or its text, or its 32 bytes in base64 or hex.
Without it, ``verify`` derives it from the key file (CLEF_JOURNAL_KEY_FILE); it never
reads a key from the database. ``verify`` exits 0 when every chain is whole, signed by
the key and as long as its anchor says, and the tables agree with it; 1 otherwise,
naming the first break of each chain and each difference.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clef.boxoffice import archive, checks, keys, verify
from clef.lib.refusals import Refused
from clef.venues.models import Venue


class Command(BaseCommand):
    help = "Check the journal's chain of hashes, or export days of it to an archive."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="keygen|public-key|verify|export"
        )
        keygen = actions.add_parser(
            "keygen", help="Make the journal's signing key in CLEF_JOURNAL_KEY_FILE."
        )
        keygen.add_argument(
            "--if-missing", action="store_true", help="Say nothing is done when it exists."
        )
        actions.add_parser(
            "public-key", help="Print the public key to give auditors, and its fingerprint."
        )
        check = actions.add_parser(
            "verify",
            help="Recompute the chain and check its signatures, its anchor and the tables.",
        )
        check.add_argument("--venue", help="The venue's number or short name (default: all).")
        check.add_argument(
            "--archive", metavar="PATH", help="Check an exported archive instead, offline."
        )
        check.add_argument(
            "--public-key",
            metavar="KEY",
            help="The public key: a PEM file, or its 32 bytes in base64 or hex "
            "(default: derived from CLEF_JOURNAL_KEY_FILE).",
        )
        check.add_argument(
            "--all-signatures",
            action="store_true",
            help="Check every entry's signature, not only the closings' and the last one's.",
        )
        check.add_argument(
            "--anchor",
            metavar="DIR",
            help="The folder of the anchors (default: CLEF_JOURNAL_ANCHOR_DIR, or "
            "journal-anchor beside the key file).",
        )
        check.add_argument(
            "--chain-only",
            action="store_true",
            help="Do not compare the sales, sessions and closings tables with the journal.",
        )
        out = actions.add_parser("export", help="Write days of the journal to a zip archive.")
        out.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
        out.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD")
        out.add_argument("--venue", help="The venue's number or short name.")
        out.add_argument("--output", metavar="PATH", help="The zip to write.")
        out.add_argument(
            "--force",
            action="store_true",
            help="Replace the file if it exists; export even a broken journal (the archive "
            "says so).",
        )

    def handle(self, *args, action, **options):
        if action == "keygen":
            return self.keygen(options)
        if action == "public-key":
            return self.public_key_text()
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

    def public_key_text(self):
        public = self.key_file_public()
        self.stdout.write(
            _("Public key: %(public)s\nFingerprint: %(print)s")
            % {"public": keys.public_text(public), "print": keys.fingerprint(public)}
        )

    # --- verify -----------------------------------------------------------------------------
    def verify(self, options):
        key = self.public_key(options.get("public_key"))
        every = options.get("all_signatures", False)
        if options.get("archive"):
            if options.get("venue"):
                raise CommandError(_("--venue and --archive go apart: an archive is one venue's."))
            result = archive.verify_archive(options["archive"], key=key, all_signatures=every)
            self.stdout.write("\n".join(lines(result, every)))
            self.conclude([result], [])
            return
        anchors = options.get("anchor") or True
        if options.get("venue"):
            venues = [self.venue(options["venue"])]
        else:
            venues = list(Venue.objects.order_by("pk"))
        results, comparisons = [], []
        for venue in venues:
            result = verify.verify(venue, key=key, all_signatures=every, anchors=anchors)
            results.append(result)
            self.stdout.write("\n".join(lines(result, every)))
            if not options.get("chain_only"):
                comparison = checks.compare(venue)
                comparisons.append(comparison)
                self.stdout.write("\n".join(compared(comparison)))
        self.conclude(results, comparisons)

    def conclude(self, results, comparisons):
        broken = [result for result in results if not result.ok]
        differences = sum(comparison.count for comparison in comparisons)
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
        if differences:
            raise CommandError(
                ngettext(
                    "The tables differ from the journal in %(count)s place: see above.",
                    "The tables differ from the journal in %(count)s places: see above.",
                    differences,
                )
                % {"count": differences},
                returncode=1,
            )

    def public_key(self, given):
        """The public key to check signatures with: the one given, or the key file's."""
        if not given:
            return self.key_file_public()
        text = given
        try:
            path = Path(given)
            if path.is_file():
                text = path.read_text(encoding="utf-8")
        except (OSError, ValueError) as error:
            raise CommandError(
                _("Cannot read the public key in %(path)s: %(error)s")
                % {"path": given, "error": getattr(error, "strerror", None) or error}
            ) from None
        try:
            return keys.load_public(text)
        except keys.KeyUnavailable as refused:
            raise CommandError(
                _("--public-key: %(message)s") % {"message": refused.message}
            ) from None

    def key_file_public(self):
        try:
            return keys.public_key()
        except keys.KeyUnavailable as refused:
            raise CommandError(
                _("%(message)s An auditor without the key file gives the public key with "
                  "--public-key.") % {"message": refused.message}
            ) from None  # fmt: skip

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
        except Refused as refused:
            raise CommandError(refused.message) from None
        if exported.forced:
            self.stderr.write(
                _(
                    "Exported although the journal is broken (--force): the manifest says "
                    "“forced”, and why."
                )
            )
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
    name = _name(result)
    problem = result.problem
    if problem is not None:
        if problem.sequence is not None:
            return _("%(venue)s: BROKEN at entry %(sequence)s: %(message)s") % {
                "venue": name,
                "sequence": problem.sequence,
                "message": problem.message,
            }
        return _("%(venue)s: BROKEN: %(message)s") % {"venue": name, "message": problem.message}
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


def _name(result):
    return result.venue.name if hasattr(result.venue, "name") else (result.venue or "?")


def lines(result, every=False):
    """What a check found: its line, then what was checked and what to know."""
    found = [line(result)]
    if result.signatures and result.ok:
        if every:
            text = ngettext(
                "Signatures: %(count)s checked, every one, with the key %(print)s.",
                "Signatures: %(count)s checked, every one, with the key %(print)s.",
                result.signatures,
            )
        else:
            text = ngettext(
                "Signatures: %(count)s checked with the key %(print)s (the closings' and the "
                "last entry's, which vouch for every entry before them).",
                "Signatures: %(count)s checked with the key %(print)s (the closings' and the "
                "last entry's, which vouch for every entry before them).",
                result.signatures,
            )
        found.append(text % {"count": result.signatures, "print": result.fingerprint})
    if result.anchor is not None and result.ok:
        anchor = result.anchor
        if anchor.closing_sequence is not None:
            text = _(
                "Anchor beside the key: the journal went up to entry %(sequence)s, its last "
                "closing is entry %(closing)s; the database holds them."
            )
        else:
            text = _(
                "Anchor beside the key: the journal went up to entry %(sequence)s; the "
                "database holds it."
            )
        found.append(text % {"sequence": anchor.sequence, "closing": anchor.closing_sequence})
    manifest = result.manifest
    if manifest is not None:
        if manifest.get("public_key_fingerprint"):
            found.append(
                _("The manifest names the key %(print)s.")
                % {"print": manifest["public_key_fingerprint"]}
            )
        if manifest.get("forced"):
            found.append(_("This archive was exported by force, from a broken journal."))
    found += result.notes
    return [found[0], *(f"  {text}" for text in found[1:])]


def compared(comparison):
    """What the comparison of a venue's tables with its journal found."""
    name = comparison.venue.name
    if comparison.ok:
        return [
            _(
                "%(venue)s: the tables agree with the journal (sales: %(sales)s, till "
                "sessions: %(sessions)s, closings: %(closings)s)."
            )
            % {
                "venue": name,
                "sales": comparison.sales,
                "sessions": comparison.sessions,
                "closings": comparison.closings,
            }
        ]
    found = [
        ngettext(
            "%(venue)s: the tables differ from the journal in %(count)s place:",
            "%(venue)s: the tables differ from the journal in %(count)s places:",
            comparison.count,
        )
        % {"venue": name, "count": comparison.count}
    ]
    found += [f"  - {difference}" for difference in comparison.differences]
    if comparison.count > len(comparison.differences):
        found.append(
            "  "
            + _("… and %(more)s more.") % {"more": comparison.count - len(comparison.differences)}
        )
    return found
