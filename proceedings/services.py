"""Writes that span models, shared by admin actions and commands."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _


@dataclass
class PublishResult:
    done: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # (record, reason)


NO_PUBLIC_SOURCE = _("it has no public source")


def has_public_source(sources):
    """Whether the ``sources`` queryset includes one that may be shown: every
    published fact needs one."""
    return sources.published().exists()


def publish(*, records, user):
    """Publish ``records`` (cases, parties or rulings) that carry a public source.

    A record without one is refused, with the reason: every published fact has a
    source. Runs in one transaction; history records ``user`` as the author.
    """
    result = PublishResult()
    with transaction.atomic():
        for record in records:
            if not has_public_source(record.sources.all()):
                result.refused.append((record, NO_PUBLIC_SOURCE))
                continue
            if not record.is_published:
                record.is_published = True
                record._history_user = user
                record.save(update_fields=["is_published", "updated_at", "version"])
            result.done.append(record)
    return result


def unpublish(*, records, user):
    """Take ``records`` off the public site (they stay in the admin)."""
    result = PublishResult()
    with transaction.atomic():
        for record in records:
            if record.is_published:
                record.is_published = False
                record._history_user = user
                record.save(update_fields=["is_published", "updated_at", "version"])
            result.done.append(record)
    return result
