"""Staff accounts for tests, logged in the way the admin requires: publishers and
superusers with their second factor verified."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "a-long-password-123"


def staff_user(username, role=None, *, superuser=False, second_factor=None, **extra):
    """An account in ``role`` ("Editors" or "Publishers"). Publishers and
    superusers get an authenticator app (they cannot log in without one);
    ``second_factor=True`` gives an editor one too."""
    User = get_user_model()
    make = User.objects.create_superuser if superuser else User.objects.create_user
    user = make(username, password=PASSWORD, is_staff=True, **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    if second_factor is None:
        second_factor = superuser or role == "Publishers"
    if second_factor:
        TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


def log_in(client, user):
    """A session as after a login with password and, where the account has
    one, the second factor."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
