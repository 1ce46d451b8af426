from django.core.management.base import BaseCommand

from clef.programming.proposals_follow import send_digests


class Command(BaseCommand):
    help = (
        "Email the weekly digest of the proposals they follow to those who chose it. Run "
        "it once a week from a timer; run twice in a week, it sends nothing twice."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{send_digests()} digest(s) sent")
