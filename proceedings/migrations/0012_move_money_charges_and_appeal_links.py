"""Move the data of the old shape into the new one, keeping every row.

* each case gets its own country: its court's, or — for a case without a court —
  that of the state that prosecutes or requests it;
* each charge's accused, disposition and deciding ruling become its first Accused;
* each charge's alleged amount and each sanction's amount become an Amount
  (qualifier "exact": the old shape could say nothing else);
* each ruling's ``appeal_of`` becomes a RulingReview: an appeal when the earlier
  ruling is in another case, a review when it is in the same case.

Every cached answer was built in the old shape, so the data generation is
replaced: nothing cached before this migration is served after it.
"""

import uuid

from django.db import migrations

STATE_ROLES = ("prosecutor", "requesting_state", "claimant", "applicant")


def forwards(apps, schema_editor):
    Case = apps.get_model("proceedings", "Case")
    Participation = apps.get_model("proceedings", "Participation")
    Charge = apps.get_model("proceedings", "Charge")
    Accused = apps.get_model("proceedings", "Accused")
    Sanction = apps.get_model("proceedings", "Sanction")
    Amount = apps.get_model("proceedings", "Amount")
    Ruling = apps.get_model("proceedings", "Ruling")
    RulingReview = apps.get_model("proceedings", "RulingReview")
    DataVersion = apps.get_model("proceedings", "DataVersion")

    for case in Case.objects.filter(country="").select_related("court"):
        if case.court_id is not None:
            country = case.court.country
        else:
            country = (
                Participation.objects.filter(
                    case=case,
                    role__in=STATE_ROLES,
                    party__kind="state_body",
                )
                .exclude(party__country="")
                .order_by("role", "id")
                .values_list("party__country", flat=True)
                .first()
            )
        if country:
            Case.objects.filter(pk=case.pk).update(country=country)
    missing = list(Case.objects.filter(country="").values_list("slug", flat=True))
    if missing:
        raise RuntimeError(
            "These cases have neither a court nor a prosecuting or requesting state "
            "with a country, so their country cannot be set: "
            + ", ".join(missing)
            + ". Give each a court (or a state party with a country) with the "
            "previous release, then migrate again."
        )

    for charge in Charge.objects.order_by("pk").iterator():
        Accused.objects.create(
            charge=charge,
            party_id=charge.party_id,
            disposition=charge.disposition,
            ruling_id=charge.ruling_id,
        )
        if charge.alleged_amount is not None:
            Amount.objects.create(
                charge=charge,
                amount=charge.alleged_amount,
                currency=charge.alleged_amount_currency,
                description="alleged amount",
            )
    for sanction in Sanction.objects.exclude(amount=None).order_by("pk").iterator():
        Amount.objects.create(
            sanction=sanction,
            amount=sanction.amount,
            currency=sanction.amount_currency,
        )
    for ruling in Ruling.objects.exclude(appeal_of=None).select_related("appeal_of"):
        same_case = ruling.case_id == ruling.appeal_of.case_id
        RulingReview.objects.create(
            ruling=ruling,
            reviewed_id=ruling.appeal_of_id,
            kind="review" if same_case else "appeal",
        )
    DataVersion.objects.update(generation=uuid.uuid4().hex)


def backwards(apps, schema_editor):
    """Only an empty database goes back: the new shape says more (several
    accused, amounts and earlier rulings per record, qualifiers) than the old one
    can hold. Restore a backup made before migrating (manage.py backup) instead."""
    for name in ("Accused", "Amount", "RulingReview"):
        if apps.get_model("proceedings", name).objects.exists():
            raise RuntimeError(
                "This migration cannot be undone on a database that holds data: "
                "restore the backup made before migrating (manage.py restore)."
            )


class Migration(migrations.Migration):
    dependencies = [("proceedings", "0011_model_says_what_sources_say")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
