from django.contrib.admin.apps import AdminConfig


class EditorialAdminConfig(AdminConfig):
    """django.contrib.admin with the editors' site: logins with a second factor
    (casetracker.accounts)."""

    default_site = "casetracker.accounts.EditorialAdminSite"
