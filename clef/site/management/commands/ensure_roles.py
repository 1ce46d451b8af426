from django.core.management.base import BaseCommand

from clef.lib.roles import ROLE_PERMISSIONS, ensure_roles


class Command(BaseCommand):
    help = "Create the roles (groups) and give each its permissions. Safe to run again."

    def handle(self, *args, **options):
        ensure_roles()
        self.stdout.write(self.style.SUCCESS("Roles ready: " + ", ".join(ROLE_PERMISSIONS)))
