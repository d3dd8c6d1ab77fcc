"""The three editorial roles, as Django groups, and what each may do.

Analysts prepare records; editors also publish, unpublish and delete published records;
administrators look after users and login protection. The groups are created by a data
migration; run it again (``sync_role_groups``) from a new migration when record types change.
"""

from django.utils.translation import gettext_lazy as _

ANALYST = "Analyst"
EDITOR = "Editor"
ADMINISTRATOR = "Administrator"

ROLE_NAMES = {
    ANALYST: _("Analyst"),
    EDITOR: _("Editor"),
    ADMINISTRATOR: _("Administrator"),
}

# The permission that separates an editor from an analyst (see tiers.workflow).
PUBLISH_PERMISSION = "tiers.publish_records"

CURATED_MODELS = "tier actor membership source commitment statuschange figure statement".split()

_ANALYST = [
    ("tiers", f"{action}_{model}")
    for model in CURATED_MODELS
    for action in ("add", "change", "delete", "view", "import", "export")
]

ROLE_PERMISSIONS: dict[str, list[tuple[str, str]]] = {
    # Analysts may delete only what is not published; the admin enforces that per record.
    ANALYST: _ANALYST,
    EDITOR: [*_ANALYST, ("tiers", "publish_records")],
    ADMINISTRATOR: [
        *[("auth", f"{a}_{m}") for m in ("user", "group") for a in ("add", "change", "delete")],
        ("auth", "view_user"),
        ("auth", "view_group"),
        ("auth", "view_permission"),
        *[
            ("axes", f"{a}_{m}")
            for m in ("accessattempt", "accesslog", "accessfailurelog")
            for a in ("view", "delete")
        ],
        *[("tiers", f"view_{model}") for model in CURATED_MODELS],
    ],
}


def sync_role_groups(apps, schema_editor=None):
    """Create the groups and give each exactly its role's permissions (for data migrations)."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # A record type that a later migration creates is not there yet; that migration syncs again.
    later = {m for m in CURATED_MODELS if m not in apps.get_app_config("tiers").models}
    for role, wanted in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        permissions = []
        for app_label, codename in wanted:
            if app_label == "tiers" and codename.split("_", 1)[-1] in later:
                continue
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is None:
                raise LookupError(f"Role {role}: no permission {app_label}.{codename}")
            permissions.append(permission)
        group.permissions.set(permissions)
