"""Admin forms: one box for a partial date, forgiving amounts, no publishing
without a public source, and no save over a change the editor has not seen."""

from decimal import InvalidOperation

from django import forms
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.timezone import localtime
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
                attrs={"placeholder": _("2018-10-08, 2018-10 or 2018"), "size": 18}
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
                _("Enter an amount such as 250000000 or 250,000,000.00."),
                code="invalid",
            ) from None


UNSHOWN_CHANGES = {"version", "updated_at", "created_at"}


def _shown(model, name, value):
    """A stored value as an editor reads it."""
    field = model._meta.get_field(name)
    if value in (None, ""):
        return _("(empty)")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.many_to_one:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    return str(value)


def changes_since(model, pk, version):
    """What other editors changed in record ``pk`` after ``version``, from its
    history: (editors, when, {field: (value then, value now)}); the fields are
    None when the history of ``version`` is not there to compare with."""
    history = model.history.filter(**{model._meta.pk.attname: pk})
    later = list(
        history.filter(version__gt=version)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    editors = sorted(
        {
            (record.history_user.get_full_name() or record.history_user.username)
            if record.history_user
            else _("someone")
            for record in later
        }
    )
    when = later[-1].history_date if later else None
    then = history.filter(version=version).order_by("-history_date").first()
    if then is None or not later:
        return editors, when, None
    delta = later[-1].diff_against(then)
    changed = {change.field: change for change in delta.changes}
    fields = {}
    for name in getattr(model, "_partial_dates", ()):  # a date and its precision
        if name in changed or f"{name}_precision" in changed:
            changed.pop(name, None)
            changed.pop(f"{name}_precision", None)
            fields[name] = tuple(
                str(getattr(record.instance, f"{name}_partial") or _("(empty)"))
                for record in (then, later[-1])
            )
    for name, change in changed.items():
        if name in UNSHOWN_CHANGES:
            continue
        if model._meta.get_field(name).many_to_many:
            fields[name] = (None, None)
        else:
            fields[name] = (
                _shown(model, name, change.old),
                _shown(model, name, change.new),
            )
    return editors, when, fields


class EditorialForm(forms.ModelForm):
    """Partial dates as one box each; amounts typed freely; currency upper-cased;
    publishing only with a public source; saving only over the revision the form
    was opened at."""

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
                help_text=_(
                    "As precise as the source: 2018-10-08, 2018-10, "
                    "October 2018 or 2018."
                ),
            )
            if self.instance.pk or getattr(self.instance, name, None):
                self.initial[name] = getattr(self.instance, f"{name}_partial")
        for name, currency in getattr(model, "money_fields", ()):
            if name in self.fields:
                old = self.fields[name]
                self.fields[name] = AmountFormField(
                    label=old.label,
                    required=old.required,
                    max_digits=20,
                    decimal_places=2,
                    min_value=0,
                    help_text=old.help_text,
                    widget=forms.TextInput(attrs={"size": 16}),
                )
            if currency in self.fields:
                self.fields[currency].widget.attrs.update(
                    {"size": 4, "class": "ct-currency"}
                )

    untouched = False

    def has_changed(self):
        return not self.untouched and super().has_changed()

    def untouched_since(self, version):
        """Whether this form's data is the record as it was at ``version``: the
        editor left it alone (ticking "delete" counts as touching it)."""
        if "DELETE" in self.changed_data:
            return False
        model = self._meta.model
        then = (
            model.history.filter(**{model._meta.pk.attname: self.instance.pk})
            .filter(version=version)
            .order_by("-history_date")
            .first()
        )
        if then is None:
            return False
        probe = type(self)(self.data, prefix=self.prefix, instance=then.instance)
        return not probe.changed_data

    @cached_property
    def changed_data(self):
        # The revision number is bookkeeping: a row whose only difference is a
        # newer revision stored meanwhile has not been changed by this editor.
        return [name for name in super().changed_data if name != "version"]

    def clean(self):
        cleaned = super().clean()
        self.check_version(cleaned)
        self.check_public_source(cleaned)
        for name in getattr(self._meta.model, "_partial_dates", ()):
            if name not in self.fields or name not in cleaned:
                continue
            value = cleaned[name]
            cleaned[name] = value.date if value else None
            setattr(
                self.instance, f"{name}_precision", value.precision if value else ""
            )
        for _amount, currency in getattr(self._meta.model, "money_fields", ()):
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

    def check_version(self, cleaned):
        """Refuse to save over a revision this editor has not seen.

        Runs inside the admin's transaction and locks the row (PostgreSQL; SQLite
        takes its write lock at the start of the transaction), so no other save
        can slip in before this one; django-concurrency then checks the revision
        again in the UPDATE itself. On a conflict nothing is saved: the form
        comes back with what the other editor changed, and with the current
        revision, so that saving again (after comparing) keeps this editor's
        entries. An inline row the editor did not touch is not saved at all, so
        it is not checked.
        """
        if "version" not in self.fields or self.instance.pk is None:
            return
        if self.prefix and not self.has_changed():  # an inline row left as stored
            return
        submitted = cleaned.get("version")
        if submitted is None:
            return
        model = self._meta.model
        stored = (
            model._base_manager.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if stored is None:
            self.add_error(
                None,
                _(
                    "Someone else deleted this %(model)s while you were editing it; "
                    "nothing was saved."
                )
                % {"model": model._meta.verbose_name},
            )
            return
        if stored == submitted:
            return
        if self.prefix and self.untouched_since(submitted):
            # Someone else changed this inline row; this editor did not, so it
            # is left as they saved it.
            self.untouched = True
            return
        editors, when, fields = changes_since(model, self.instance.pk, submitted)
        self.add_error(
            None,
            _(
                "%(editors)s saved this %(model)s while you were editing it "
                "(%(when)s), so nothing from your form was saved. Your entries are "
                "still below, with what changed marked on each field. Compare, then "
                "save again to keep your version."
            )
            % {
                "editors": ", ".join(editors) or _("Someone else"),
                "model": model._meta.verbose_name,
                "when": date_format(localtime(when), "DATETIME_FORMAT")
                if when
                else _("time unknown"),
            },
        )
        for name, (then, now) in (fields or {}).items():
            if then is None:
                message = _("Changed by someone else while you were editing.")
            else:
                message = _(
                    "Changed by someone else while you were editing: now “%(now)s” "
                    "(it was “%(then)s” when you opened this form)."
                ) % {"now": now, "then": then}
            if name in self.fields:
                self.add_error(name, message)
            else:
                label = model._meta.get_field(name).verbose_name
                self.add_error(
                    None,
                    _("%(field)s: %(message)s")
                    % {"field": label.capitalize(), "message": message},
                )
        # Saving again from here is a decision made with the changes in view.
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = self.fields["version"].prepare_value(
            stored
        )


class EditorialInlineFormSet(forms.BaseInlineFormSet):
    """Says when a row of the form was deleted by someone else meanwhile: Django
    refuses the row (its hidden id names nothing) but shows neither the row nor
    the reason."""

    def clean(self):
        super().clean()
        if any("id" in form.errors for form in self.initial_forms):
            raise forms.ValidationError(
                _(
                    "Someone else deleted a row of “%(rows)s” while you were "
                    "editing, so nothing was saved. Copy anything you want to keep, "
                    "then reload the page."
                )
                % {"rows": self.model._meta.verbose_name_plural}
            )
