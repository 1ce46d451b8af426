"""The `clef` command: Django's manage.py under the project's own name.

`clef serve` runs the site with gunicorn, `clef load_demo` loads La Clef's demo data,
and every other Django command works as with manage.py (`clef migrate`, ...).
"""

import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clef.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["clef", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
