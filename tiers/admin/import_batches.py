"""Importing several files at once in the admin: upload, one preview, one confirmation.

The work is in tiers/importing/batches.py; these views upload, show a batch (its files, what
the check found, its progress while a background task runs it, refreshing themselves with a
``<meta http-equiv="refresh">``, no script) and confirm or retry it. Whoever posts needs the import
permission of every record type the batch holds; a batch is shown to the person who uploaded it
and to editors.
"""

import io
import zipfile

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from .. import workflow
from ..importing import batches
from ..importing.files import check_size
from ..importing.formats import FileProblem
from ..importing.resources import RESOURCES
from ..models import ImportBatch

Status = ImportBatch.Status
PROBLEMS_SHOWN = 200


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class BatchForm(forms.Form):
    files = FilesField(
        label=gettext_lazy("Files"),
        help_text=gettext_lazy(
            "Several CSV, XLSX or JSON files, or one ZIP shaped like the public all.zip. Each "
            "file is named after its record type (commitments.csv, status-changes.json…)."
        ),
    )

    def clean_files(self):
        uploads = self.cleaned_data["files"]
        for upload in uploads:
            try:
                check_size(upload.size)
            except FileProblem as problem:
                raise forms.ValidationError(f"{upload.name}: {problem}") from None
        return uploads


def _packed(uploads) -> tuple[str, bytes]:
    """One upload kept as it is; several kept as one ZIP of them."""
    if len(uploads) == 1:
        return uploads[0].name, uploads[0].read()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for upload in uploads:
            archive.writestr(upload.name, upload.read())
    return ", ".join(u.name for u in uploads)[:255], out.getvalue()


def _may_import_all(user, batch) -> bool:
    types = {entry["type"] for entry in batch.files} or set(RESOURCES)
    return all(
        user.has_perm(f"tiers.import_{RESOURCES[t]._meta.model._meta.model_name}") for t in types
    )


def _may_import_any(user) -> bool:
    return any(
        user.has_perm(f"tiers.import_{r._meta.model._meta.model_name}") for r in RESOURCES.values()
    )


def _batch_for(request, pk):
    batch = get_object_or_404(ImportBatch, pk=pk)
    if batch.user_id != request.user.pk and not workflow.can_publish(request.user):
        raise Http404
    return batch


def _context(request, **values):
    return {**admin.site.each_context(request), **values}


@require_http_methods(["GET", "POST"])
def batch_upload(request):
    if not _may_import_any(request.user):
        raise PermissionDenied
    form = BatchForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        batches.remove_abandoned()
        name, data = _packed(form.cleaned_data["files"])
        batch = ImportBatch(user=request.user, file_name=name, upload=data)
        try:
            batch.files = [entry for entry, _dataset in batches.read_files([(name, data)])]
        except FileProblem as problem:
            form.add_error("files", str(problem))
        else:
            if not _may_import_all(request.user, batch):
                raise PermissionDenied
            batch.save()
            batches.start(batch, write=False, user=request.user)
            return HttpResponseRedirect(reverse("admin_import_batch", args=[batch.pk]))
    recent = ImportBatch.objects.filter(user=request.user).order_by("-created_at")[:10]
    context = _context(request, title=_("Import several files"), form=form, recent=recent)
    return TemplateResponse(request, "tiers/admin/import_upload.html", context)


@require_http_methods(["GET", "POST"])
def batch_detail(request, pk):
    batch = _batch_for(request, pk)
    if request.method == "POST":
        if not _may_import_all(request.user, batch) or batch.running:
            raise PermissionDenied
        write = "write" in request.POST
        if write and batch.status != Status.CHECKED:
            messages.error(request, _("Check the files again before importing them."))
        else:
            outcome = batches.start(batch, write=write, user=request.user)
            if outcome and write:
                messages.success(request, _("Every file was imported."))
        return HttpResponseRedirect(reverse("admin_import_batch", args=[batch.pk]))
    done, total = batches.progress_of(batch) if batch.running else (batch.rows, batch.rows)
    context = _context(
        request,
        title=_("Import: %(name)s") % {"name": batch.file_name},
        batch=batch,
        done=done,
        total=total,
        percent=int(100 * done / total) if total else 100,
        problems=batch.problems[:PROBLEMS_SHOWN],
        more_problems=max(0, len(batch.problems) - PROBLEMS_SHOWN),
        may_import=_may_import_all(request.user, batch),
        Status=Status,
    )
    return TemplateResponse(request, "tiers/admin/import_batch.html", context)


@require_GET
def batch_problems(request, pk):
    batch = _batch_for(request, pk)
    response = HttpResponse(batches.problems_csv(batch), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-problems.csv"'
    return response
