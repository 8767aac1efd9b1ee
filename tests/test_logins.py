"""Editors' logins: locked after repeated failures, a second factor for those who
can publish, and a command that sets it all up."""

import io
import re
from base64 import b32decode

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .accounts import PASSWORD, log_in, staff_user

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


def code(user):
    return f"{totp(TOTPDevice.objects.get(user=user).bin_key):06d}"


def attempt(client, username, password=PASSWORD, token="", address="192.0.2.10"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "otp_token": token},
        REMOTE_ADDR=address,
    )


def logged_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


# --- Lockout ---------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_account_at_that_address(client):
    staff_user("editor", "Editors")

    wrong = [attempt(client, "editor", "wrong").status_code for _ in range(5)]
    locked = attempt(client, "editor")  # the right password, too late

    assert wrong == [200, 200, 200, 200, 429]
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.text
    assert "Try again in 15 minutes" in locked.text
    assert "axes_reset_username" in locked.text
    assert locked["Retry-After"] == "900"


def test_the_lock_is_for_that_account_at_that_address_only(client):
    staff_user("editor", "Editors")
    staff_user("colleague", "Editors")
    for _ in range(5):
        attempt(client, "editor", "wrong")

    assert logged_in(attempt(Client(), "editor", address="198.51.100.20"))
    assert logged_in(attempt(Client(), "colleague"))


def test_a_forged_forwarded_for_header_does_not_dodge_the_lock(client):
    staff_user("editor", "Editors")
    for n in range(5):
        client.post(
            LOGIN,
            {"username": "editor", "password": "wrong"},
            REMOTE_ADDR="192.0.2.10",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )

    assert attempt(client, "editor").status_code == 429


def test_an_administrator_lifts_a_lock_with_a_command(client):
    staff_user("editor", "Editors")
    for _ in range(5):
        attempt(client, "editor", "wrong")

    call_command("axes_reset_username", "editor", stdout=io.StringIO())

    assert logged_in(attempt(client, "editor"))


def test_a_success_resets_the_count(client):
    staff_user("editor", "Editors")
    for _ in range(4):
        attempt(client, "editor", "wrong")
    assert logged_in(attempt(client, "editor"))
    client.logout()

    assert [attempt(client, "editor", "wrong").status_code for _ in range(4)] == [
        200
    ] * 4


# --- Second factor ---------------------------------------------------------------


def test_an_editor_logs_in_with_a_password(client):
    staff_user("editor", "Editors")

    assert logged_in(attempt(client, "editor"))
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "role, superuser", [("Publishers", False), (None, True)], ids=["publisher", "su"]
)
def test_a_publisher_needs_the_code_as_well_as_the_password(client, role, superuser):
    user = staff_user("boss", role, superuser=superuser)

    without = attempt(client, "boss")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        wrong = attempt(client, "boss", token=f"{(int(code(user)) + 1) % 10**6:06d}")
        clock.shift(2)  # a wrong code holds the next try back for a second
        right = attempt(client, "boss", token=code(user))

    assert "Enter the code from your authenticator app" in without.text
    assert "That code is not right" in wrong.text
    assert logged_in(right)
    assert client.get("/admin/").status_code == 200


def test_a_backup_code_works_once(client):
    staff_user("publisher", "Publishers")
    out = create("publisher", role="publisher", keep_password=True, second_factor=True)
    backup = re.search(r"^   ([a-z2-7]{8})  ", out, re.M).group(1)

    assert logged_in(attempt(client, "publisher", token=backup))
    client.logout()
    assert "That code is not right" in attempt(client, "publisher", token=backup).text


def test_an_editor_who_set_up_a_second_factor_must_use_it(client):
    user = staff_user("careful", "Editors", second_factor=True)

    assert "Enter the code" in attempt(client, "careful").text
    assert logged_in(attempt(client, "careful", token=code(user)))


def test_a_publisher_without_a_second_factor_is_told_how_to_get_one(client):
    staff_user("old", "Publishers", second_factor=False)

    response = attempt(client, "old")

    assert response.status_code == 200
    assert "manage.py create_editor old --second-factor" in response.text


def test_a_publisher_session_without_the_second_factor_is_not_let_in(client):
    client.force_login(staff_user("publisher", "Publishers"))  # password only

    response = client.get("/admin/proceedings/case/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_verified_session_is_let_in(client):
    log_in(client, staff_user("publisher", "Publishers"))

    assert client.get("/admin/proceedings/case/").status_code == 200


def test_guessing_codes_is_slowed_down(client):
    user = staff_user("publisher", "Publishers")
    wrong = f"{(int(code(user)) + 1) % 10**6:06d}"

    with time_machine.travel(timezone.now(), tick=False) as clock:
        first = attempt(client, "publisher", token=wrong)
        second = attempt(client, "publisher", token=code(user))  # at once: held back
        clock.shift(2)  # one failure holds the next try back for a second
        third = attempt(client, "publisher", token=code(user))

    assert "That code is not right" in first.text
    assert "Too many wrong codes in a row" in second.text
    assert logged_in(third)


# --- create_editor ---------------------------------------------------------------


def create(name, *args, **options):
    out = io.StringIO()
    call_command("create_editor", name, *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def password(monkeypatch):
    monkeypatch.setenv("NEW_PASSWORD", "a-new-long-password-456")
    return "a-new-long-password-456"


def test_create_editor_gives_a_publisher_a_working_second_factor(client, password):
    out = create("pub", role="publisher", password_env="NEW_PASSWORD")

    secret = re.search(r"enter this secret by hand: ([A-Z2-7]+)", out).group(1)
    assert "otpauth://totp/" in out
    assert "█" in out or "▀" in out  # the QR code, drawn in the terminal
    token = f"{totp(b32decode(secret)):06d}"
    assert logged_in(attempt(client, "pub", password, token))


def test_create_editor_gives_an_editor_no_second_factor_unless_asked(password):
    out = create("ed", role="editor", password_env="NEW_PASSWORD")

    assert "secret" not in out
    assert not TOTPDevice.objects.filter(user__username="ed").exists()


def test_a_lost_second_factor_is_replaced(client, password):
    first = create("pub", role="publisher", password_env="NEW_PASSWORD")
    old = re.search(r"by hand: ([A-Z2-7]+)", first).group(1)
    again = create("pub", role="publisher", keep_password=True, second_factor=True)
    new = re.search(r"by hand: ([A-Z2-7]+)", again).group(1)

    assert old != new
    assert StaticToken.objects.filter(device__user__username="pub").count() == 10
    with time_machine.travel(timezone.now(), tick=False) as clock:
        old_code = f"{totp(b32decode(old)):06d}"
        new_code = f"{totp(b32decode(new)):06d}"
        if old_code != new_code:
            assert "not right" in attempt(client, "pub", password, old_code).text
        clock.shift(2)
        assert logged_in(attempt(client, "pub", password, new_code))


def test_updating_a_publisher_keeps_their_second_factor(password):
    create("pub", role="publisher", password_env="NEW_PASSWORD")
    device = TOTPDevice.objects.get(user__username="pub")

    out = create("pub", role="publisher", keep_password=True)

    assert "secret" not in out
    assert TOTPDevice.objects.get(user__username="pub").pk == device.pk
