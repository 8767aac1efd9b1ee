"""What an editor's save costs on a full database: the admin's change form of a
case, a party and a court, posted back with one text changed, in-process with
the bench's settings (DEBUG off) on the database DATABASE_URL names (the bench's
100,000-case SQLite file unless set).

    .venv/bin/python bench/admin_save.py

Synthetic data generated before 27 November gave rulings and parties no source,
which the admin refuses for a published record; each record measured (and its
rulings) is given one first, untimed (nothing changes on newer data). Each save
is timed from the POST to its redirect: validation, the row, its history, its
search keys, the data version. The form is fetched first, untimed, as a
browser would. Everything runs in one transaction rolled back at the end, so the
data is left as it was. Prints the median and the slowest of BENCH_SAVES (10)
saves per model. Figures are printed, never asserted.
"""

import os
import statistics
import time

from profile_paths import setup

SAVES = int(os.environ.get("BENCH_SAVES", "10"))


def give_source(record, source):
    """Untimed: the source older synthetic data leaves out (see above)."""
    from proceedings.models import Case, Party

    if isinstance(record, Case):
        for ruling in record.rulings.all():
            ruling.sources.add(source)
    elif isinstance(record, Party):
        record.sources.add(source)


def main():
    setup()
    from django.db import transaction
    from django.test import Client
    from django.test.utils import setup_test_environment

    from proceedings.models import Case, Court, Party, Source
    from tests.accounts import log_in, staff_user
    from tests.admin_helpers import form_data

    records = {
        Case: (
            "summary",
            Case.objects.order_by("pk")[:: Case.objects.count() // SAVES],
        ),
        Party: (
            "description",
            Party.objects.order_by("pk")[:: Party.objects.count() // SAVES],
        ),
        Court: ("website", Court.objects.order_by("-pk")),
    }
    setup_test_environment()  # the test client then sees the form it fills in
    print(f"{Case.objects.count():,} cases; {SAVES} saves per model\n")
    print("| change form | median ms | slowest ms |")
    print("|---|--:|--:|")
    with transaction.atomic():
        client = log_in(Client(), staff_user("bench-admin", superuser=True))
        source = Source.objects.published().order_by("pk").first()
        for model, (field, rows) in records.items():
            times = []
            for record in list(rows)[:SAVES]:
                url = f"/admin/proceedings/{model._meta.model_name}/{record.pk}/change/"
                give_source(record, source)
                page = client.get(url)
                value = "https://example.org/" if field == "website" else "Edited."
                data = form_data(page, **{field: value})
                started = time.perf_counter()
                answer = client.post(url, data)
                times.append(time.perf_counter() - started)
                if answer.status_code != 302:
                    context = answer.context or {}
                    errors = [
                        context["adminform"].form.errors
                        if "adminform" in context
                        else "",
                        *[
                            i.formset.errors
                            for i in context.get("inline_admin_formsets", [])
                        ],
                        answer.status_code,
                    ]
                    raise SystemExit(f"{url} was not saved: {errors}")
            print(
                f"| {model._meta.verbose_name} | {statistics.median(times) * 1000:.1f}"
                f" | {max(times) * 1000:.1f} |"
            )
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
