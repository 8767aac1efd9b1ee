"""Fill an admin change form the way a browser would, from the rendered page."""


def _put(data, key, value):
    if value is None or value is False:
        return
    if value is True:
        data[key] = "on"
    elif isinstance(value, (list, tuple)):
        data[key] = [str(v) for v in value]
    else:
        data[key] = str(value)


def form_data(response, **changes):
    """POST data for the admin form in ``response`` (a GET of an add or change
    page), inlines and their management forms included, with ``changes``."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        _put(data, name, form[name].value())
    for inline in response.context.get("inline_admin_formsets") or []:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[f"{formset.prefix}-{name}"] = str(
                formset.management_form[name].value()
            )
        for inline_form in formset.forms:
            if not inline_form.instance.pk:
                continue
            for name in inline_form.fields:
                _put(data, inline_form.add_prefix(name), inline_form[name].value())
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(
            len([f for f in formset.forms if f.instance.pk])
        )
    data.update(changes)
    return data
