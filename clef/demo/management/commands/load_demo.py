from django.conf import settings
from django.core.management.base import BaseCommand

from clef.demo import data as demo_data
from clef.demo.loader import load_demo
from clef.programme.models import Screening


class Command(BaseCommand):
    help = "Load La Clef's demo data (venue, films, programme, story, logins). Safe to rerun."

    def handle(self, *args, **options):
        venue = load_demo()
        count = Screening.objects.filter(room__venue=venue).count()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {venue.name}, {count} screenings."))
        self.stdout.write(
            f"Demo logins (password: {demo_data.DEMO_PASSWORD}; the site's sign-in takes the "
            "email, the back office the user name):"
        )
        for username, role, *_names in demo_data.PEOPLE:
            self.stdout.write(f"  {username:<11} {username}@example.org  {role}")
        self.stdout.write(f"Sign in: {settings.SITE_URL}/compte/connexion/")
        self.stdout.write(f"The door (cashier): {settings.SITE_URL}/porte/")
        self.stdout.write(f"The till (cashier): {settings.SITE_URL}/caisse/")
        self.stdout.write(f"The treasurer's desk: {settings.SITE_URL}/tresorerie/")
        self.stdout.write(f"Back office: {settings.SITE_URL}/gestion/")
