import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

ROLES = {"editor": "Editors", "publisher": "Publishers"}


class Command(BaseCommand):
    help = (
        "Create (or update) an admin account for an editor or a publisher. Editors "
        "add and change records; publishers can also publish, unpublish and delete. "
        "The password comes from --password-env (the name of an environment "
        "variable) or is asked for."
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

    def handle(self, *args, username, role, email, password_env, **options):
        password = self._password(password_env)
        User = get_user_model()
        user = User(username=username, email=email)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        with transaction.atomic():
            user, created = User.objects.get_or_create(
                username=username, defaults={"email": email}
            )
            user.is_staff = True
            user.set_password(password)
            if email:
                user.email = email
            user.save()
            user.groups.remove(*Group.objects.filter(name__in=ROLES.values()))
            user.groups.add(Group.objects.get(name=ROLES[role]))
        self.stdout.write(
            f"{'Created' if created else 'Updated'} {role} “{username}”. "
            "Log in at /admin/."
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
