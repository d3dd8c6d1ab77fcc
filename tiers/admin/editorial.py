"""The editorial workflow in the admin: roles enforced on every form and action, and history.

``EditorialAdmin`` is mixed into every curated record's ModelAdmin. It

- keeps analysts away from published records: they cannot change or delete them, set a record's
  visibility, publish or unpublish; the checks run on the server, whatever the page shows;
- offers the actions “Submit for review”, “Publish” and “Return to draft” (with a reason, and,
  when published records are shown only with the selected ones, a list of them to confirm: they
  leave the public site with them and keep their own visibility);
- shows each record's history field by field, with revert (django-simple-history), and writes one
  historical row per save, after the record's relations are saved.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.actions import delete_selected
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.admin import SimpleHistoryAdmin

from .. import history, review, workflow
from ..models import Visibility
from ..models.base import public_dependants
from ..models.history import TRACKED_RELATIONS
from .forms import CompleteBeforePublishingMixin


class EditorialFormMixin:
    """Checks, on the server, that the form's user may make the change the form makes."""

    editorial_user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "visibility" in self.fields and not workflow.can_publish(self.editorial_user):
            field = self.fields["visibility"]
            field.choices = [c for c in field.choices if c[0] != Visibility.PUBLISHED]
        # A revert form shows the version's relations, not today's (which the instance would).
        version = getattr(self.instance, "_history", None)
        if version is not None and not self.is_bound:
            for name in TRACKED_RELATIONS.get(type(self.instance), []):
                target = type(self.instance)._meta.get_field(name).m2m_reverse_field_name()
                self.initial[name] = [
                    getattr(row, f"{target}_id") for row in getattr(version, name).all()
                ]

    def clean(self):
        cleaned = super().clean()
        user = self.editorial_user
        current = self._current_visibility()
        published = current == Visibility.PUBLISHED
        if published and not workflow.can_publish(user) and self.has_changed():
            raise forms.ValidationError(
                _("Only an editor can change or delete a published record.")
            )
        new = cleaned.get("visibility", current)
        if error := workflow.visibility_change_error(user, current, new):
            self.add_error("visibility" if "visibility" in self.fields else None, error)
        return cleaned

    def _current_visibility(self):
        """As stored now: a revert form's instance carries the old version's visibility."""
        if self.instance.pk is None:
            return None
        model = type(self.instance)
        stored = model._default_manager.filter(pk=self.instance.pk).values_list(
            "visibility", flat=True
        )
        return stored.first()


def editorial_form(base, user):
    bases = (EditorialFormMixin, base)
    if not issubclass(base, CompleteBeforePublishingMixin):
        bases = (EditorialFormMixin, CompleteBeforePublishingMixin, base)
    return type(base.__name__, bases, {"editorial_user": user})


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Recorded in each record's history; never shown to readers."),
    )
    # The dependants the editor was shown, so that the action runs only on what was confirmed.
    dependants = forms.CharField(required=False, widget=forms.HiddenInput)


def hidden_dependants(records) -> list:
    """Public records that are shown only with some of these published records and would leave
    the public site with them (see ``SHOWN_WITH`` in tiers/models/base.py)."""
    records = [record for record in records if record.is_published]
    if not records:
        return []
    model, selected = type(records[0]), {record.pk for record in records}
    found = public_dependants(model, selected)
    return [record for record in found if not (type(record) is model and record.pk in selected)]


def dependants_key(dependants) -> str:
    return ",".join(sorted(f"{r._meta.label_lower}:{r.pk}" for r in dependants))


def dependant_rows(dependants):
    """(type, record, admin address) for the confirmation page."""
    rows = []
    for record in dependants:
        opts = record._meta
        try:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
        except NoReverseMatch:
            url = ""
        rows.append((opts.verbose_name, record, url))
    return rows


# The admin action that performs each transition.
ACTION_NAMES = {
    "submit": "submit_for_review",
    "publish": "publish",
    "return_to_draft": "return_to_draft",
}


def back_to_queue(request):
    """After an action posted from the review queue, back to the queue; otherwise None (the
    change list, as Django does)."""
    if request.POST.get("next") == "review_queue":
        return HttpResponseRedirect(reverse("admin_review_queue"))
    return None


class EditorialAdmin(SimpleHistoryAdmin):
    actions = ["submit_for_review", "publish", "return_to_draft"]

    # -- permissions, checked for every path ------------------------------------------------

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and workflow.may_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and workflow.may_edit(request.user, obj)

    # Actions only an editor may run; an analyst's menu does not offer them.
    EDITOR_ACTIONS = ("publish",)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not workflow.can_publish(request.user):
            for name in self.EDITOR_ACTIONS:
                actions.pop(name, None)
        if "delete_selected" in actions:
            _func, name, description = actions["delete_selected"]
            actions["delete_selected"] = (self.delete_unless_published, name, description)
        return actions

    @staticmethod
    def delete_unless_published(modeladmin, request, queryset):
        if not workflow.can_publish(request.user) and queryset.published().exists():
            modeladmin.message_user(
                request,
                _("Only an editor can delete a published record; nothing was deleted."),
                messages.ERROR,
            )
            return None
        return delete_selected(modeladmin, request, queryset)

    def delete_queryset(self, request, queryset):
        if not workflow.can_publish(request.user) and queryset.published().exists():
            raise PermissionDenied
        super().delete_queryset(request, queryset)

    # -- forms ------------------------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """A draft record an editor returned shows the reason on its form."""
        if obj is not None and "returned" not in context:
            context["returned"] = review.return_reason(obj)
        # “Save and submit for review”, on a draft (or a new record) that this person may save.
        context["may_submit"] = (obj is None or obj.visibility == Visibility.DRAFT) and (
            self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_add(self, request, obj, post_url_continue=None):
        return self._submit_after_save(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self._submit_after_save(request, obj) or super().response_change(request, obj)

    def _submit_after_save(self, request, obj):
        """“Save and submit for review”: the saved record submitted as the action would, with
        what goes with it listed once for confirmation."""
        if "_submit_for_review" not in request.POST:
            return None
        opts = self.model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        queryset = self.model._default_manager.filter(pk=obj.pk)
        response = self._move_together(
            request, queryset, workflow.SUBMIT, form_action=changelist, selected=[obj.pk]
        )
        return response or HttpResponseRedirect(changelist)

    def get_form(self, request, obj=None, change=False, **kwargs):
        return editorial_form(super().get_form(request, obj, change=change, **kwargs), request.user)

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            wrapped = type(
                formset.__name__, (formset,), {"form": editorial_form(formset.form, request.user)}
            )
            yield wrapped, inline

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        match = request.resolver_match
        if match and match.url_name and match.url_name.endswith("_simple_history"):
            obj._change_reason = _("Reverted to the version of %(date)s") % {
                "date": obj._history.history_date.strftime("%Y-%m-%d %H:%M")
            }
        # One historical row for the whole save, taken once the relations are saved too.
        history.defer_relations(obj)
        super().save_model(request, obj, form, change)
        save_m2m = form.save_m2m

        def save_m2m_then_snapshot():
            save_m2m()
            history.snapshot_relations(obj)

        form.save_m2m = save_m2m_then_snapshot

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            inline_form.instance._history_user = request.user
        super().save_formset(request, form, formset, change)

    # -- workflow actions -------------------------------------------------------------------

    def _transition(self, request, queryset, transition, reason=""):
        outcome = workflow.apply(transition, list(queryset), request.user, reason)
        self._report(request, outcome, transition)
        return outcome

    def _report(self, request, outcome, transition):
        if not outcome.ok:
            for record, reasons in outcome.refused:
                self.message_user(
                    request,
                    _("“%(record)s” was not changed: %(reasons)s")
                    % {"record": record, "reasons": " ".join(reasons)},
                    messages.ERROR,
                )
            self.message_user(
                request,
                _("Nothing was changed; fix the records above or leave them out."),
                messages.WARNING,
            )
            return
        if outcome.moved:
            self.message_user(
                request,
                ngettext(
                    "%(count)d record: %(action)s.",
                    "%(count)d records: %(action)s.",
                    len(outcome.moved),
                )
                % {"count": len(outcome.moved), "action": transition.label},
                messages.SUCCESS,
            )
        if outcome.skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d record was already %(state)s.",
                    "%(count)d records were already %(state)s.",
                    len(outcome.skipped),
                )
                % {
                    "count": len(outcome.skipped),
                    "state": str(Visibility(transition.target).label).lower(),
                },
                messages.INFO,
            )

    def _move_together(self, request, queryset, transition, form_action="", selected=None):
        """Submit or publish the selected records with what they need and what is shown only
        with them (``workflow.move_plan``): listed once for confirmation, then all or none."""
        records = list(queryset)
        plan = workflow.move_plan(transition, records)
        chosen = {(r._meta.label_lower, r.pk) for r in records}
        along = [r for r in plan if (r._meta.label_lower, r.pk) not in chosen]
        posted = request.POST.get("together")
        if not along or posted == "selected":
            self._transition(request, records, transition)
            return back_to_queue(request)
        if posted == dependants_key(along):
            outcome = workflow.apply_in_order(transition, plan, request.user)
            self._report(request, outcome, transition)
            return back_to_queue(request)
        if posted is not None:
            self.message_user(
                request,
                _("The records that go with these have changed; check the list again."),
                messages.WARNING,
            )
        context = {
            **self.admin_site.each_context(request),
            "title": transition.label,
            "opts": self.model._meta,
            "records": records,
            "along": [
                (*row, r.get_visibility_display())
                for row, r in zip(dependant_rows(along), along, strict=True)
            ],
            "key": dependants_key(along),
            "transition": transition,
            "action": request.POST.get("action") or ACTION_NAMES[transition.name],
            "form_action": form_action,
            "next": request.POST.get("next", ""),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "selected": selected or request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
        }
        return TemplateResponse(request, "tiers/admin/move_together.html", context)

    @admin.action(
        permissions=["change"], description=gettext_lazy("Submit selected records for review")
    )
    def submit_for_review(self, request, queryset):
        return self._move_together(request, queryset, workflow.SUBMIT)

    @admin.action(permissions=["change"], description=gettext_lazy("Publish selected records"))
    def publish(self, request, queryset):
        return self._move_together(request, queryset, workflow.PUBLISH)

    @admin.action(
        permissions=["change"],
        description=gettext_lazy("Return selected records to draft, with a reason"),
    )
    def return_to_draft(self, request, queryset):
        records = list(queryset)
        dependants = hidden_dependants(records)
        key = dependants_key(dependants)
        form = ReasonForm(
            request.POST if "reason" in request.POST else None, initial={"dependants": key}
        )
        if form.is_valid():
            if form.cleaned_data["dependants"] == key:
                reason = form.cleaned_data["reason"]
                self._transition(request, records, workflow.RETURN_TO_DRAFT, reason)
                return back_to_queue(request)
            # Records came to depend on the selection since the page was shown: show them.
            form = ReasonForm(initial={"reason": form.cleaned_data["reason"], "dependants": key})
            self.message_user(
                request,
                _("The records that depend on these have changed; check the list again."),
                messages.WARNING,
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Return to draft"),
            "opts": self.model._meta,
            "records": records,
            "dependants": dependant_rows(dependants),
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "next": request.POST.get("next", ""),
        }
        return TemplateResponse(request, "tiers/admin/return_to_draft.html", context)
