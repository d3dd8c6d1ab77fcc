"""Every admin view that can write checks, on POST, the permission that the write needs.

Libraries add views to a ModelAdmin (django-simple-history's revert form, django-import-export's
import, confirmation and export) and do not all check what Django's own views check: the revert
form used to save for anyone allowed to view the record. ``WriteGuardAdminMixin`` wraps every URL
of the ModelAdmin: a POST needs the permissions listed for its view in ``POST_PERMISSIONS``, and a
view not listed there needs the change permission, so that a view added later is guarded too.
"""

from functools import wraps

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.urls import URLPattern

# The permissions a POST to each of a ModelAdmin's views needs, by the end of the URL's name.
# The change list's own POST runs actions, each of which declares and checks its permissions.
POST_PERMISSIONS = {
    "changelist": (),
    "add": ("add",),
    "change": ("change",),
    "delete": ("delete",),
    "history": ("view",),
    "simple_history": ("change",),
    "import": ("import",),
    "process_import": ("import",),
    "export": ("export",),
    "cut": ("add",),  # cutting a release of the open data (admin/releases.py)
}
DEFAULT_POST_PERMISSIONS = ("change",)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def post_permissions(model_admin, url_name):
    prefix = f"{model_admin.opts.app_label}_{model_admin.opts.model_name}_"
    return POST_PERMISSIONS.get((url_name or "").removeprefix(prefix), DEFAULT_POST_PERMISSIONS)


def has_permission(model_admin, request, action):
    if action == "view":
        return model_admin.has_view_or_change_permission(request)
    return getattr(model_admin, f"has_{action}_permission")(request)


class WriteGuardAdminMixin:
    def get_urls(self):
        return [self._guarded(pattern) for pattern in super().get_urls()]

    def _guarded(self, pattern):
        if not isinstance(pattern, URLPattern):
            return pattern
        needed = post_permissions(self, pattern.name)
        view = pattern.callback

        @wraps(view)
        def guarded_view(request, *args, **kwargs):
            # Someone not logged in to the admin is sent to the login page by the view itself.
            if (
                request.method not in SAFE_METHODS
                and self.admin_site.has_permission(request)
                and not all(has_permission(self, request, action) for action in needed)
            ):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return URLPattern(pattern.pattern, guarded_view, pattern.default_args, pattern.name)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """The revert form saves only for someone who may change the record as it is now."""
        if request.method not in SAFE_METHODS:
            stored = self.get_object(request, unquote(object_id))
            if stored is None or not self.has_change_permission(request, stored):
                raise PermissionDenied
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)
