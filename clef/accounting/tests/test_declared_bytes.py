"""Declaring writes, byte for byte, the files the week's page gives for the same data: the
JSON as ``json.dumps`` writes it (the declaration's own writer is only faster), the CSVs,
and the PDF."""

import datetime as dt
import json
from decimal import Decimal

import pytest
import time_machine
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from clef.accounting.declared import _json_bytes
from clef.accounting.models import Declaration
from clef.lib.timezones import local_to_utc
from clef.programme.models import Film

TODAY = local_to_utc(dt.date(2026, 12, 2), dt.time(12, 0), "Europe/Paris")  # a Wednesday


def url(name, *args, language="fr"):
    with translation.override(language):
        return reverse(f"accounting:{name}", args=args)


def standard(data):
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode("utf-8")


@pytest.mark.parametrize(
    "data",
    [
        {},
        [],
        {"a": [], "b": {}, "c": [{}], "d": [[], [[]]]},
        {"title": '« L\'Œuvre » — été\u00a01975 "quoted" \\ \n\t\x01 映画 \U0001f3ac'},
        {"price": Decimal("7.50"), "zero": Decimal("0.00"), "day": dt.date(2026, 11, 18)},
        {"at": dt.datetime(2026, 11, 18, 19, 30, tzinfo=dt.UTC), "clock": dt.time(20, 5)},
        {"lazy": gettext_lazy("Cinema"), "none": None, "yes": True, "no": False},
        {"int": -3, "big": 10**30, "float": 0.1, "half": 2.5, "nan": float("nan")},
        {1: "one", 2.5: "two and a half", False: "false", None: "null"},
        ({"tuple": (1, (2, 3))}, [None, [True, "x"]]),
    ],
)
def test_the_declarations_json_writer_writes_what_json_dumps_writes(data):
    assert _json_bytes(data) == standard(data)


def test_the_declarations_json_writer_refuses_what_json_dumps_refuses():
    with pytest.raises(TypeError):
        standard({"key": object()})
    with pytest.raises(TypeError):
        _json_bytes({"key": object()})
    with pytest.raises(TypeError):
        _json_bytes({("a", "b"): 1})


@pytest.mark.django_db
def test_the_declared_files_are_the_pages_files_byte_for_byte(signed_in, week_of_every_kind):
    week_of_every_kind(
        short="Meshes of the Afternoon",
        shorts_holder=("Light Cone", "lc@example.org"),
        last_price="2",
    )
    for n, film in enumerate(Film.objects.filter(visa_number="").order_by("pk"), start=1):
        film.no_visa = film.title == "Tarantella"
        film.visa_number = "" if film.no_visa else str(20000 + n)
        film.save()
    with time_machine.travel(TODAY, tick=False):  # the PDF's date of creation too
        response = signed_in.post(url("declare_week", "2026-11-18"), {"based_on": "0"})
        assert response.status_code == 302
        declared = {f.name: bytes(f.data) for f in Declaration.objects.get().files.all()}
        pages = {
            "declaration-2026-11-18-v1.json": url("declaration_json", "2026-11-18"),
            "declaration-2026-11-18-v1-fr.csv": url("declaration_csv", "2026-11-18"),
            "declaration-2026-11-18-v1-en.csv": url("declaration_csv", "2026-11-18", language="en"),
            "declaration-2026-11-18-v1-fr.pdf": url("declaration_pdf", "2026-11-18"),
        }
        given = {name: signed_in.get(address) for name, address in pages.items()}

    assert sorted(declared) == sorted(pages)
    for name, response in given.items():
        assert response.status_code == 200
        body = b"".join(response) if response.streaming else response.content
        assert body == declared[name], name
    text = declared["declaration-2026-11-18-v1.json"].decode()
    assert json.loads(text)["totals"]["takings"] == "73.00"
    assert '\n "venue": ' in text  # indented by one space, as json.dumps(indent=1)
