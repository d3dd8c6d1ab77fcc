"""Releases of the open data in the admin: listed read-only, cut by an editor.

“Cut a release” (the button above the list, for whoever may add releases: editors) queues the
release as a background task (``open_data.releases``); the list shows it pending, then finished
with its version, or failed with the reason. Nothing of a release can be changed or deleted here:
a release is cited, so it stays as it was cut.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Release
from ..open_data import releases
from .guards import WriteGuardAdminMixin


class CutReleaseForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Optional words for readers on what this release is for."),
    )


@admin.register(Release)
class ReleaseAdmin(WriteGuardAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "status", "released_on", "records", "requested_by", "finished_at")
    list_filter = ("status",)
    change_list_template = "tiers/admin/release_change_list.html"
    readonly_fields = (
        "name",
        "status",
        "released_on",
        "sequence",
        "note",
        "page",
        "build",
        "requested_by",
        "requested_at",
        "finished_at",
        "counts",
        "problem",
    )
    exclude = ("changelog",)

    @admin.display(description=gettext_lazy("records"))
    def records(self, release):
        return sum(release.counts.values()) if release.counts else "–"

    @admin.display(description=gettext_lazy("public page"))
    def page(self, release):
        if release.status != Release.Status.FINISHED:
            return "–"
        url = releases.release_path(release)
        return format_html('<a href="{}">{}</a>', url, url)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        cut = path(
            "cut/",
            self.admin_site.admin_view(self.cut_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_cut",
        )
        return [self._guarded(cut), *super().get_urls()]

    def add_view(self, request, form_url="", extra_context=None):
        # Adding a release is cutting one.
        return self.cut_view(request)

    def cut_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = CutReleaseForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            releases.request_release(request.user, form.cleaned_data["note"])
            messages.success(
                request,
                _(
                    "The release is being cut in the background. It appears here as finished, "
                    "with its version, in a minute or two."
                ),
            )
            return redirect(reverse("admin:tiers_release_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Cut a release"),
            "form": form,
            "previous": releases.finished().first(),
        }
        return TemplateResponse(request, "tiers/admin/cut_release.html", context)
