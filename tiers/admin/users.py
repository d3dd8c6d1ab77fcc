"""Users and groups in the admin: nobody grants more than they hold.

- Only a superuser may set superuser or staff status, a user's groups or a user's own
  permissions; for anyone else those fields are read-only, and a POST that tries to change them
  anyway is refused with a message, on the add form as on the change form.
- Someone who is not a superuser may change, delete or set the password of a user only if that
  user holds no permission they lack themselves: otherwise taking over that account would give
  them its permissions. They see such users read-only. Superusers hold every permission, so only
  a superuser may touch a superuser's account.
- In a group, someone who is not a superuser may add or remove only permissions they hold, and
  may delete only a group whose permissions they all hold.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

PRIVILEGED_FLAGS = ("is_superuser", "is_staff")
PRIVILEGED_RELATIONS = ("groups", "user_permissions")
PRIVILEGED = PRIVILEGED_FLAGS + PRIVILEGED_RELATIONS


def permission_names(permissions):
    """``app_label.codename`` of each Permission, as ``User.get_all_permissions`` gives them."""
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions}


def holds_all_of(actor, user) -> bool:
    """Whether ``actor`` holds every permission that ``user`` holds."""
    if actor.is_superuser:
        return True
    if user.is_superuser:
        return False
    return user.get_all_permissions() <= actor.get_all_permissions()


def _ids(values):
    return {str(value) for value in values if str(value).strip()}


def privilege_changes(data, user) -> list[str]:
    """The privileged fields that posted ``data`` would change on ``user`` (unsaved: new)."""
    changed = []
    for name in PRIVILEGED_FLAGS:
        if name in data and not getattr(user, name):
            changed.append(name)
    for name in PRIVILEGED_RELATIONS:
        if name in data:
            current = _ids(getattr(user, name).values_list("pk", flat=True)) if user.pk else set()
            if _ids(data.getlist(name)) != current:
                changed.append(name)
    return changed


class PrivilegeGuardFormMixin:
    """Refuses, for anyone but a superuser, a POST that would change a privileged field."""

    acting_user = None

    def clean(self):
        cleaned = super().clean()
        actor = self.acting_user
        if actor is None or actor.is_superuser:
            return cleaned
        if changed := privilege_changes(self.data, self.instance):
            labels = ", ".join(f"“{User._meta.get_field(n).verbose_name}”" for n in changed)
            raise forms.ValidationError(
                _("Only a superuser may change %(fields)s; nothing was saved.")
                % {"fields": labels},
                code="privileged",
            )
        return cleaned


class RoleSafeUserAdmin(UserAdmin):
    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += [name for name in PRIVILEGED if name not in readonly]
        return readonly

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (PrivilegeGuardFormMixin, form), {"acting_user": request.user})

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or holds_all_of(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or holds_all_of(request.user, obj))

    def save_model(self, request, obj, form, change):
        # The last line of defence, whatever form a subclass or a future change brings.
        if not request.user.is_superuser:
            stored = User.objects.filter(pk=obj.pk).first() if obj.pk else None
            for name in PRIVILEGED_FLAGS:
                if getattr(obj, name) != (getattr(stored, name) if stored else False):
                    raise PermissionDenied
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if not request.user.is_superuser:
            touched = set(form.fields) & set(PRIVILEGED_RELATIONS)
            if touched:
                raise PermissionDenied
        super().save_related(request, form, formsets, change)


class GroupPermissionsForm(forms.ModelForm):
    acting_user = None

    class Meta:
        model = Group
        fields = ["name", "permissions"]

    def clean_permissions(self):
        wanted = self.cleaned_data["permissions"]
        actor = self.acting_user
        if actor is None or actor.is_superuser:
            return wanted
        current = set(self.instance.permissions.all()) if self.instance.pk else set()
        changed = current.symmetric_difference(wanted)
        beyond = sorted(permission_names(changed) - actor.get_all_permissions())
        if beyond:
            raise forms.ValidationError(
                _(
                    "You may give or take away only permissions you hold yourself; "
                    "you do not hold: %(permissions)s."
                )
                % {"permissions": ", ".join(beyond)},
                code="beyond_own_permissions",
            )
        return wanted


class RoleSafeGroupAdmin(GroupAdmin):
    form = GroupPermissionsForm

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"acting_user": request.user})

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if not allowed or obj is None or request.user.is_superuser:
            return allowed
        held = request.user.get_all_permissions()
        return permission_names(obj.permissions.select_related("content_type")) <= held


admin.site.unregister(User)
admin.site.register(User, RoleSafeUserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, RoleSafeGroupAdmin)
