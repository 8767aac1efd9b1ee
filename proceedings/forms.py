"""Admin form fields: one box for a partial date, forgiving amounts."""

from decimal import InvalidOperation

from django import forms
from django.utils.translation import gettext as _

from . import services
from .fields import PartialDate
from .models import Source


class PartialDateFormField(forms.CharField):
    """One text box for a date as precise as the source: "2018-10-08", "2018-10",
    "October 2018", "8 October 2018" or "2018". Cleans to a PartialDate or None."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"placeholder": "2018-10-08, 2018-10 or 2018", "size": 18}
            ),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, PartialDate):
            return value.isoformat()
        return value

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return PartialDate.parse(value)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class AmountFormField(forms.DecimalField):
    """An amount typed as people write it: "250,000,000", "250 000 000.00"."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(",", "").replace("_", "").replace(" ", "")
            value = value.replace("\u00a0", "").replace("'", "")
        try:
            return super().to_python(value)
        except (InvalidOperation, forms.ValidationError):
            raise forms.ValidationError(
                "Enter an amount such as 250000000 or 250,000,000.00.", code="invalid"
            ) from None


class EditorialForm(forms.ModelForm):
    """Partial dates as one box each; amounts typed freely; currency upper-cased."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = self._meta.model
        for name in getattr(model, "_partial_dates", ()):
            if name not in self.fields:
                continue
            model_field = model._meta.get_field(name)
            self.fields.pop(f"{name}_precision", None)
            self.fields[name] = PartialDateFormField(
                label=model_field.verbose_name.capitalize(),
                required=not model_field.blank,
                help_text="As precise as the source: 2018-10-08, 2018-10, "
                "October 2018 or 2018.",
            )
            if self.instance.pk or getattr(self.instance, name, None):
                self.initial[name] = getattr(self.instance, f"{name}_partial")
        for name in getattr(model, "_money_fields", ()):
            if name in self.fields:
                old = self.fields[name]
                self.fields[name] = AmountFormField(
                    label=old.label,
                    required=False,
                    max_digits=20,
                    decimal_places=2,
                    min_value=0,
                    help_text=old.help_text,
                    widget=forms.TextInput(attrs={"size": 16}),
                )
            currency = f"{name}_currency"
            if currency in self.fields:
                self.fields[currency].widget.attrs.update(
                    {"size": 4, "style": "text-transform: uppercase"}
                )

    def clean(self):
        cleaned = super().clean()
        self.check_public_source(cleaned)
        for name in getattr(self._meta.model, "_partial_dates", ()):
            if name not in self.fields or name not in cleaned:
                continue
            value = cleaned[name]
            cleaned[name] = value.date if value else None
            setattr(
                self.instance, f"{name}_precision", value.precision if value else ""
            )
        for name in getattr(self._meta.model, "_money_fields", ()):
            currency = f"{name}_currency"
            if cleaned.get(currency):
                cleaned[currency] = cleaned[currency].strip().upper()
        return cleaned

    def check_public_source(self, cleaned):
        """A record that will be published once saved must have a public source
        among the sources it will be saved with: on an add form, a change form
        and a revert from history alike (services.publish checks the action)."""
        model = self._meta.model
        if not hasattr(model, "is_published") or not hasattr(model, "sources"):
            return
        publisher = "is_published" in self.fields  # editors see it read-only
        if publisher:
            published = cleaned.get("is_published")
        else:  # what is stored stays
            published = (
                self.instance.pk is not None
                and model.objects.filter(
                    pk=self.instance.pk, is_published=True
                ).exists()
            )
        if "sources" in self.fields:
            sources = cleaned.get("sources")
        else:
            sources = self.instance.sources.all() if self.instance.pk else None
        if sources is None:
            sources = Source.objects.none()
        if not published or services.has_public_source(sources):
            return
        if publisher:
            self.add_error(
                "is_published",
                _(
                    "A published record needs a public source: add one under "
                    "“Sources”, or untick “published” to save it as a draft."
                ),
            )
        else:
            self.add_error(
                None,
                _(
                    "This record is published, so it must keep a public source. "
                    "Keep one under “Sources”, or ask a publisher to unpublish it."
                ),
            )
