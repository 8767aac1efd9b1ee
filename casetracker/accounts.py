"""Editors' logins: a second factor, and the address a lockout is counted by.

- Passwords are checked by Django; repeated failures lock the account at that
  address for a while (django-axes, settings.AXES_*), with a page that says so
  and `manage.py axes_reset_username NAME` to lift it early.
- A second factor (TOTP from an authenticator app, or a one-time backup code;
  django-otp) is required of publishers and superusers, who can change what the
  public sees, and of every editor who has set one up (optional for editors).
  `manage.py create_editor` sets it up. The admin site lets in only those who
  have passed the factor they need.
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.throttling import BaseThrottle

from proceedings.roles import PUBLISH


def client_address(request):
    """The client's address, by the same rule as the API throttle: REMOTE_ADDR,
    or the one DJANGO_TRUSTED_PROXIES places from the right of X-Forwarded-For."""
    return BaseThrottle().get_ident(request)


def second_factor_required(user):
    """Publishers and superusers always; editors once they have set one up."""
    return (
        user.is_superuser
        or any(user.has_perm(f"proceedings.{codename}") for codename in PUBLISH)
        or any(True for _device in devices_for_user(user))
    )


class LoginForm(AdminAuthenticationForm):
    """The admin's login with a second factor in the same form: a code from an
    authenticator app, or one of the backup codes (each works once)."""

    otp_token = forms.CharField(
        label=gettext_lazy("Code"),
        required=False,
        max_length=16,
        help_text=gettext_lazy(
            "The 6 digits your authenticator app shows, or one of your backup "
            "codes. Required for publishers."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false"}
        ),
    )

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not second_factor_required(user):
            return
        devices = list(devices_for_user(user))
        if not devices:
            raise forms.ValidationError(
                _(
                    "This account needs a second factor and has none yet. Ask an "
                    "administrator to run: manage.py create_editor %(name)s "
                    "--second-factor"
                )
                % {"name": user.get_username()},
                code="no_device",
            )
        token = "".join(self.cleaned_data.get("otp_token", "").split())
        if not token:
            raise forms.ValidationError(
                _(
                    "Enter the code from your authenticator app (or a backup code) "
                    "as well as your password."
                ),
                code="token_required",
            )
        # A 6-digit code is for the app; anything else is a backup code. Trying
        # only the device the code is meant for keeps the other's throttle clean.
        kind = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
        for device in devices:
            if not isinstance(device, kind):
                continue
            allowed, _extra = device.verify_is_allowed()
            if not allowed:
                raise forms.ValidationError(
                    _("Too many wrong codes in a row: wait a moment, then try again."),
                    code="throttled",
                )
            if device.verify_token(token):
                user.otp_device = device  # django-otp records it at login
                return
        raise forms.ValidationError(
            _("That code is not right, or it has expired. Try the current one."),
            code="invalid_token",
        )


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked login: a page that says why and for how
    long, 429 with Retry-After."""
    cool_off = settings.AXES_COOLOFF_TIME
    response = render(
        request,
        "admin/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(cool_off.total_seconds() // 60),
            "site_header": admin.site.site_header,
            "site_title": admin.site.site_title,
        },
        status=429,
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


class EditorialAdminSite(admin.AdminSite):
    login_form = LoginForm
    login_template = "admin/login_second_factor.html"

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        if request.user.is_verified():
            return True
        # Asked twice a page (the view, then its context): the devices are read once.
        if not hasattr(request, "second_factor_required"):
            request.second_factor_required = second_factor_required(request.user)
        return not request.second_factor_required
