"""The import order written in docs/architecture.md holds: an app imports only the apps to
its left, never one to its right nor one beside it, and ``lib`` imports no app.

The order is read from the docs' line ``lib  <-  venues  <-  ...  <-  site`` (apps on one
level are separated by ", "), so the docs and this test cannot disagree. Only ``import``
statements count: naming an app in a string (``lib.roles``' permissions,
``apps.get_model("audit", "Action")``) is not importing it. Tests and migrations are not
checked.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
ORDER_LINE = re.compile(r"^\s*lib\s*<-.*$", re.MULTILINE)


def parse_order(text):
    """{app: level} from the docs' order line, ``lib`` at level 0."""
    match = ORDER_LINE.search(text)
    if match is None:
        raise ValueError("no line 'lib <- ...' giving the import order")
    levels = {}
    for level, group in enumerate(match.group(0).split("<-")):
        for app in group.split(","):
            levels[app.strip()] = level
    return levels


def checked_files(app_dir):
    for path in sorted(app_dir.rglob("*.py")):
        parts = path.relative_to(app_dir).parts
        if "tests" in parts or "migrations" in parts or path.name.startswith("test_"):
            continue
        yield path


def imported_apps(path, module):
    """(app, line) for each clef app that the file ``path`` (the module ``module``, as
    ``clef.tickets.booking``) imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "clef" and len(parts) > 1:
                    yield parts[1], node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                parts = base + (node.module.split(".") if node.module else [])
            else:
                parts = (node.module or "").split(".")
            if parts[0] != "clef":
                continue
            if len(parts) > 1:
                yield parts[1], node.lineno
            else:  # from clef import tickets
                for alias in node.names:
                    yield alias.name, node.lineno


def violations(root, levels):
    """Each import under ``root/clef/<app>/`` against the order ``levels``, as messages."""
    apps = sorted(p.name for p in (root / "clef").iterdir() if (p / "__init__.py").is_file())
    found = []
    for app in apps:
        if app not in levels:
            found.append(f"clef/{app}: not in the import order of docs/architecture.md")
            continue
        for path in checked_files(root / "clef" / app):
            relative = path.relative_to(root)
            module = ".".join(relative.with_suffix("").parts)
            for imported, line in imported_apps(path, module):
                if imported == app or imported not in apps:
                    continue
                where = f"{relative}:{line}"
                if imported not in levels:
                    found.append(f"{where}: {app} imports {imported}, not in the import order")
                elif levels[imported] > levels[app]:
                    found.append(f"{where}: {app} imports {imported}, to its right")
                elif levels[imported] == levels[app]:
                    found.append(f"{where}: {app} imports {imported}, beside it")
    return found


# --- the project --------------------------------------------------------------------------
def test_the_project_keeps_the_documented_import_order():
    levels = parse_order((ROOT / "docs" / "architecture.md").read_text(encoding="utf-8"))
    assert violations(ROOT, levels) == []


def test_the_docs_order_starts_with_lib_and_ends_with_site_then_the_demo():
    levels = parse_order((ROOT / "docs" / "architecture.md").read_text(encoding="utf-8"))
    assert levels["lib"] == 0
    assert max(levels.values()) == levels["demo"] == levels["site"] + 1
    assert levels["accounts"] == levels["api"]


# --- the checker, on a made-up project ------------------------------------------------------
def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_order_is_read_from_the_docs_line():
    text = "Some words.\n\n```\nlib  <-  venues  <-  tickets  <-  accounts, api  <-  site\n```\n"

    assert parse_order(text) == {
        "lib": 0,
        "venues": 1,
        "tickets": 2,
        "accounts": 3,
        "api": 3,
        "site": 4,
    }


def test_it_finds_each_import_against_the_order(tmp_path):
    apps = ["lib", "venues", "tickets", "accounts", "api", "audit"]
    write(tmp_path, {f"clef/{app}/__init__.py": "" for app in [*apps, ""]})
    write(
        tmp_path,
        {
            # Allowed: leftwards, within the app, strings, tests, migrations, non-clef.
            "clef/tickets/booking.py": "import clef.venues.models\nfrom clef.lib import money\n"
            "from clef.tickets import seats\nfrom . import seats\nimport json\n",
            "clef/lib/roles.py": 'PERMISSIONS = ["tickets.view_ticket"]\n'
            'MODEL = ("audit", "Action")\n',
            "clef/venues/tests/test_x.py": "from clef.tickets.models import Ticket\n",
            "clef/venues/migrations/0002_x.py": "import clef.tickets\n",
            "clef/api/schemas.py": "from clef.tickets.booking import book\n",
            "clef/audit/models.py": "from clef.lib.actions import log_action\n",
            # Refused: rightwards, beside, lib importing an app, relative and lazy imports.
            "clef/venues/models.py": "def f():\n    from clef.tickets.models import Ticket\n",
            "clef/venues/queries.py": "from ..tickets import seats\n",
            "clef/api/views.py": "from clef import accounts, lib\n",
            "clef/lib/actions.py": "\n\nimport clef.audit.models\n",
            "clef/audit/admin.py": "from clef.venues.models import Venue\n",
        },
    )
    levels = parse_order("lib <- audit <- venues <- tickets <- accounts, api")

    assert violations(tmp_path, levels) == [
        "clef/api/views.py:1: api imports accounts, beside it",
        "clef/audit/admin.py:1: audit imports venues, to its right",
        "clef/lib/actions.py:3: lib imports audit, to its right",
        "clef/venues/models.py:2: venues imports tickets, to its right",
        "clef/venues/queries.py:1: venues imports tickets, to its right",
    ]


def test_an_app_missing_from_the_docs_line_fails(tmp_path):
    write(
        tmp_path,
        {
            "clef/lib/__init__.py": "",
            "clef/volunteers/__init__.py": "",
            "clef/volunteers/models.py": "from clef.lib import roles\n",
        },
    )

    assert violations(tmp_path, parse_order("lib <- venues")) == [
        "clef/volunteers: not in the import order of docs/architecture.md"
    ]
