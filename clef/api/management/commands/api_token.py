from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from clef.api.services import issue_token


class Command(BaseCommand):
    help = "Make an API token for a person and print it (it is shown this once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="api", help="What the token is for.")

    def handle(self, *args, username, name, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        token, _api_token = issue_token(user, name)
        self.stdout.write(token)
