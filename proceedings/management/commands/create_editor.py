import io
import os
from base64 import b32encode

import qrcode
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

ROLES = {"editor": "Editors", "publisher": "Publishers"}
BACKUP_CODES = 10


class Command(BaseCommand):
    help = (
        "Create (or update) an admin account for an editor or a publisher. Editors "
        "add and change records; publishers can also publish, unpublish and delete. "
        "The password comes from --password-env (the name of an environment "
        "variable) or is asked for. Publishers log in with a second factor: a new "
        "publisher gets one, printed here once (a secret for an authenticator app, "
        "as a QR code and as text, and ten one-time backup codes); "
        "--second-factor gives an editor one too, or replaces a lost one."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=sorted(ROLES), default="editor")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-env",
            metavar="VARIABLE",
            help="Read the password from this environment variable.",
        )
        parser.add_argument(
            "--keep-password",
            action="store_true",
            help="Leave an existing account's password as it is.",
        )
        parser.add_argument(
            "--second-factor",
            action="store_true",
            help="Set up a new second factor, replacing any the account has (for "
            "a lost phone or used-up backup codes).",
        )

    def handle(
        self,
        *args,
        username,
        role,
        email,
        password_env,
        keep_password,
        second_factor,
        **options,
    ):
        User = get_user_model()
        existing = User.objects.filter(username=username).first()
        if keep_password and existing is None:
            raise CommandError(f"There is no account “{username}” to keep it for.")
        password = None if keep_password else self._password(password_env)
        if password is not None:
            try:
                validate_password(password, User(username=username, email=email))
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        with transaction.atomic():
            user, created = User.objects.get_or_create(
                username=username, defaults={"email": email}
            )
            user.is_staff = True
            if password is not None:
                user.set_password(password)
            if email:
                user.email = email
            user.save()
            user.groups.remove(*Group.objects.filter(name__in=ROLES.values()))
            user.groups.add(Group.objects.get(name=ROLES[role]))
            has_factor = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            if second_factor or (role == "publisher" and not has_factor):
                secret, url, codes = self._new_second_factor(user)
            else:
                secret = None
        self.stdout.write(
            f"{'Created' if created else 'Updated'} {role} “{username}”. "
            "Log in at /admin/."
        )
        if secret is not None:
            self._show_second_factor(secret, url, codes)

    def _new_second_factor(self, user):
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        app = TOTPDevice.objects.create(
            user=user, name="authenticator app", confirmed=True
        )
        backup = StaticDevice.objects.create(
            user=user, name="backup codes", confirmed=True
        )
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
        StaticToken.objects.bulk_create(
            [StaticToken(device=backup, token=code) for code in codes]
        )
        return b32encode(app.bin_key).decode(), app.config_url, codes

    def _show_second_factor(self, secret, url, codes):
        picture = io.StringIO()
        code = qrcode.QRCode(border=2)
        code.add_data(url)
        code.print_ascii(out=picture, invert=True)
        self.stdout.write(
            "\nSecond factor — shown once; give it to the account's owner privately.\n"
            "1. In an authenticator app (any TOTP app), scan this code:\n"
        )
        self.stdout.write(picture.getvalue())
        self.stdout.write(f"   or enter this secret by hand: {secret}\n   ({url})\n")
        self.stdout.write(
            "2. Keep these backup codes somewhere safe; each logs in once, in place "
            "of the app's code:\n"
        )
        self.stdout.write("   " + "  ".join(codes) + "\n")
        self.stdout.write(
            "At login, enter the app's 6-digit code (or a backup code) in “Code”.\n"
        )

    def _password(self, variable):
        if variable:
            password = os.environ.get(variable)
            if not password:
                raise CommandError(f"The environment variable {variable} is empty.")
            return password
        from getpass import getpass

        password = getpass("Password: ")
        if password != getpass("Password (again): "):
            raise CommandError("The passwords do not match.")
        return password
