"""`make bench`, the tax receipts: a year's receipts for DONORS donors, with their PDFs.

In a throwaway SQLite database (migrated here, deleted at the end), the endowment fund and
a year of gifts: DONORS donors who chose one receipt a year, each with one to three gifts
by card, cheque, transfer or at the till. Then it times what the treasurer's "issue the
year's receipts" does (`fundraising.receipts.issue_year`: numbered without a gap, each
receipt logged), and every receipt's own PDF (`receipts_pdf.receipt_pdf`, as the donor
downloads it), and, for information, the year's receipts printed as one PDF. It checks
the numbers run from 1 to DONORS with no gap and that the statement's total is the sum of
the gifts. PASS when issuing and the PDFs together take under TARGET seconds (wall
time; the CPU time of each is printed beside it: on a machine shared with other work it
is the steadier figure).

It exits non-zero on FAIL. Results are also written to bench/results/.

    python bench/receipts.py                  # DONORS=10000 by default
    BENCH_RECEIPTS_DONORS=1000 python bench/receipts.py
"""

import datetime as dt
import json
import os
import platform
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DONORS = int(os.environ.get("BENCH_RECEIPTS_DONORS", "10000"))
TARGET = 60.0  # seconds for issuing the year's receipts and their PDFs
YEAR = 2025
METHODS = ["online", "cheque", "transfer", "online", "online"]


def main():
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="clef-receipts-") as tmp:
        tmp = Path(tmp)
        os.environ.update(
            {
                "DJANGO_SETTINGS_MODULE": "clef.settings",
                "DATABASE_URL": f"sqlite:///{tmp / 'receipts.sqlite3'}",
                "CLEF_VAR_DIR": str(tmp / "var"),
                "CLEF_JOURNAL_KEY_FILE": str(tmp / "journal.key"),
                "CLEF_JOURNAL_ANCHOR_DIR": str(tmp / "anchors"),
                "DEBUG": "false",
                "CLEF_LOG_LEVEL": "WARNING",
            }
        )
        import django

        django.setup()
        return _bench()


def _bench():
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from clef.fundraising import receipts, receipts_statement
    from clef.fundraising.models import Gift, LegalBody, Receipt
    from clef.fundraising.receipts_pdf import receipt_pdf, receipts_pdf
    from clef.venues.models import Venue

    print(
        f"Tax receipts: {DONORS:,} donors, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}"
    )
    call_command("migrate", "--noinput", verbosity=0)
    Venue.objects.create(
        slug="la-clef",
        name="La Clef",
        street="34 rue Daubenton",
        postcode="75005",
        city="Paris",
        timezone="Europe/Paris",
    )
    fund = LegalBody.objects.create(
        kind=LegalBody.Kind.ENDOWMENT_FUND,
        name="Cinéma Revival",
        address="34 rue Daubenton\n75005 Paris",
        siren="901234567",
        object="Acquérir, rénover et préserver le cinéma La Clef.",
        article="200, 238 bis et 978 du code général des impôts",
        signer_name="Camille Martin",
        signer_role="Présidente",
    )
    rng = random.Random(11580)
    gifts, expected = [], Decimal("0.00")
    for donor in range(DONORS):
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            amount = Decimal(rng.choice((10, 20, 30, 50, 80, 100, 150, 500))) + Decimal(
                rng.choice(("0.00", "0.50"))
            )
            expected += amount
            day = dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(365))
            gifts.append(
                Gift(
                    body=fund,
                    amount=amount,
                    method=rng.choice(METHODS),
                    status=Gift.Status.PAID,
                    paid_at=timezone.make_aware(dt.datetime.combine(day, dt.time(14))),
                    donor_name=f"Donatrice {donor:05d} Léa-Françoise",
                    donor_address=f"{donor % 200 + 1} rue de l'Œuvre\n75005 Paris",
                    receipt_when=Gift.ReceiptWhen.YEARLY,
                )
            )
    with transaction.atomic():
        Gift.objects.bulk_create(gifts, batch_size=2000)
    print(f"  {len(gifts):,} gifts of {YEAR} written, {expected:,} € in all")

    started, cpu = time.perf_counter(), time.process_time()
    made = receipts.issue_year(fund, YEAR)
    issued, issued_cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"  issuing {len(made):,} receipts: {issued:.1f} s ({issued_cpu:.1f} s of CPU)")

    started, cpu = time.perf_counter(), time.process_time()
    rows = list(Receipt.objects.filter(body=fund, year=YEAR).select_related("body"))
    size = sum(len(receipt_pdf(receipt, signature=b"")) for receipt in rows)
    drawn, drawn_cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"  {len(rows):,} PDFs, one per receipt: {drawn:.1f} s ({drawn_cpu:.1f} s of CPU, "
        f"{size / 1e6:.1f} MB)"
    )

    started = time.perf_counter()
    batch = receipts_pdf(rows, title=f"{fund.name} {YEAR}")
    printed = time.perf_counter() - started
    print(f"  the year as one PDF, for information: {printed:.1f} s ({len(batch) / 1e6:.1f} MB)")

    numbers = sorted(r.number for r in rows)
    no_gap = numbers == list(range(1, DONORS + 1))
    statement = receipts_statement.statement(YEAR)
    sums = statement.total == expected and statement.count == DONORS
    total = issued + drawn
    passed = no_gap and sums and total < TARGET
    print(
        f"  numbers 1–{DONORS:,} without a gap: {'yes' if no_gap else 'NO'}; statement "
        f"equal to the gifts: {'yes' if sums else 'NO'}"
    )
    print(
        f"Receipts issued with their PDFs: {total:.1f} s (target {TARGET:.0f} s): "
        f"{'PASS' if passed else 'FAIL'}"
    )
    _save(
        {
            "donors": DONORS,
            "gifts": len(gifts),
            "issue_seconds": round(issued, 2),
            "issue_cpu_seconds": round(issued_cpu, 2),
            "pdf_seconds": round(drawn, 2),
            "pdf_cpu_seconds": round(drawn_cpu, 2),
            "one_pdf_seconds": round(printed, 2),
            "target": TARGET,
            "no_gap": no_gap,
            "statement_matches": sums,
            "pass": passed,
        }
    )
    return 0 if passed else 1


def _save(data):
    folder = ROOT / "bench" / "results"
    folder.mkdir(exist_ok=True)
    out = folder / f"receipts-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    record = {
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        **data,
    }
    out.write_text(json.dumps(record, indent=2))
    print(f"Results written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
