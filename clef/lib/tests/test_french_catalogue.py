"""Every string a reader may see has its French: a msgid written in the code or a template
and missing from the French catalogue, left fuzzy, or not compiled into the ``.mo`` fails
here, naming the string and where it is written.

The strings are found as ``makemessages`` finds them, without needing gettext's tools:
Python files are read with ``ast`` (calls of ``gettext``, ``_``, ``pgettext``,
``ngettext``... and their ``_lazy`` forms), templates through Django's own ``templatize``
(what ``makemessages`` hands to xgettext), whose calls are then read as Python literals.
"""

import ast
import gettext as gettext_module
import re
from pathlib import Path

from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "fr" / "LC_MESSAGES"

# name -> (index of the context argument or None, index of msgid, index of the plural)
FUNCTIONS = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}
LITERAL = r"""u?(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
TEMPLATE_CALL = re.compile(
    rf"\b(gettext|pgettext|ngettext|npgettext)\(\s*({LITERAL}(?:\s*,\s*{LITERAL})*)",
)


def _entry(name, args):
    """(context, msgid, plural) of one call, or None when its strings are not literals."""
    context_at, msgid_at, plural_at = FUNCTIONS[name]
    wanted = [i for i in (context_at, msgid_at, plural_at) if i is not None]
    if len(args) <= max(wanted) or not all(isinstance(args[i], str) for i in wanted):
        return None
    return (
        args[context_at] if context_at is not None else None,
        args[msgid_at],
        args[plural_at] if plural_at is not None else None,
    )


def python_strings(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in FUNCTIONS:
            continue
        args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
        if (entry := _entry(name, args)) is not None:
            yield entry, f"{path.relative_to(ROOT.parent)}:{node.lineno}"


def template_strings(path):
    source = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    for match in TEMPLATE_CALL.finditer(source):
        literals = re.findall(LITERAL, match.group(2))
        args = [ast.literal_eval(literal.removeprefix("u")) for literal in literals]
        if (entry := _entry(match.group(1), args)) is not None:
            yield entry, str(path.relative_to(ROOT.parent))


def written_strings():
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts:
            continue
        for entry, where in python_strings(path):
            found.setdefault(entry, where)
    for path in sorted(ROOT.rglob("templates/**/*")):
        if path.suffix in {".html", ".txt", ".ics", ".xml"}:
            for entry, where in template_strings(path):
                found.setdefault(entry, where)
    return found


def compiled():
    with open(CATALOGUE / "django.mo", "rb") as mo:
        return gettext_module.GNUTranslations(mo)._catalog


def _key(context, msgid):
    return f"{context}\x04{msgid}" if context is not None else msgid


def test_every_string_written_has_its_french_compiled():
    catalogue = compiled()
    missing = []
    for (context, msgid, plural), where in written_strings().items():
        key = _key(context, msgid)
        present = (key, 0) in catalogue if plural is not None else key in catalogue
        if not present:
            missing.append(f"{where}: {msgid!r}" + (f" (context {context!r})" if context else ""))
    assert not missing, f"{len(missing)} strings without French:\n" + "\n".join(missing[:60])


def po_entries(text):
    """(flags, context, msgid, translations) of each entry of a .po file."""
    entries, current, field = [], None, None

    def finish():
        if current is not None and current.get("msgid") is not None:
            entries.append(current)

    for line in text.splitlines():
        if line.startswith("#,"):
            finish()
            current, field = {"flags": line[2:], "msgstr": {}}, None
        elif line.startswith("#") or not line.strip():
            continue
        elif match := re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[(\d+)\])?) (".*")$', line):
            keyword, index, value = match.group(1), match.group(2), ast.literal_eval(match.group(3))
            if keyword in ("msgctxt", "msgid") and (current is None or current.get("msgstr")):
                finish()
                current = {"flags": "", "msgstr": {}}
            if current is None:
                current = {"flags": "", "msgstr": {}}
            if keyword.startswith("msgstr"):
                field = ("msgstr", int(index or 0))
                current["msgstr"][field[1]] = value
            else:
                field = (keyword, None)
                current[keyword] = value
        elif line.startswith('"') and field is not None:
            value = ast.literal_eval(line)
            if field[0] == "msgstr":
                current["msgstr"][field[1]] += value
            else:
                current[field[0]] += value
    finish()
    return entries


def test_the_french_catalogue_has_no_fuzzy_or_empty_entry_and_is_compiled():
    entries = po_entries((CATALOGUE / "django.po").read_text(encoding="utf-8"))
    catalogue = compiled()
    wrong = []
    for entry in entries:
        msgid = entry["msgid"]
        if msgid == "":
            continue  # the header
        name = repr(msgid) + (f" (context {entry['msgctxt']!r})" if "msgctxt" in entry else "")
        if "fuzzy" in entry["flags"]:
            wrong.append(f"fuzzy: {name}")
        elif not all(entry["msgstr"].values()):
            wrong.append(f"empty: {name}")
        else:
            key = _key(entry.get("msgctxt"), msgid)
            if (key if "msgid_plural" not in entry else (key, 0)) not in catalogue:
                wrong.append(f"not compiled (run make messages): {name}")
    assert len(entries) > 1000
    assert not wrong, "\n".join(wrong[:60])


def test_one_word_for_email_in_each_language():
    """French says "e-mail" (never "courriel"), English "email" (never "e-mail")."""
    entries = po_entries((CATALOGUE / "django.po").read_text(encoding="utf-8"))
    french = [
        e["msgid"] for e in entries if re.search(r"courriel", " ".join(e["msgstr"].values()), re.I)
    ]
    english = [e["msgid"] for e in entries if re.search(r"\be-mail", e["msgid"], re.I)]
    assert not french, f"French says 'courriel' in: {french}"
    assert not english, f"English says 'e-mail' in: {english}"
