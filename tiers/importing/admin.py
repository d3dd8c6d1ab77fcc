"""Import and export in the admin: one mixin for every record type's ModelAdmin.

django-import-export provides the views (upload, preview, confirm; export form and action); this
mixin adds what the project needs: the import and export permissions (403 otherwise), the upload
size limit, errors in words, a confirmation that refuses a bad file, and streamed exports.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportActionMixin, ImportMixin
from import_export.forms import ImportForm
from import_export.signals import post_export

from .files import check_size, export_chunks
from .formats import FORMATS, FileProblem

MESSAGES_SHOWN = 20


class LimitedImportForm(ImportForm):
    """The import form, refusing files over ``IMPORT_MAX_UPLOAD_SIZE`` before reading them."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            check_size(upload.size)
        except FileProblem as problem:
            raise forms.ValidationError(str(problem), code="too_large") from None
        return upload


class RecordImportExportMixin(ImportMixin, ExportActionMixin):
    """Import (upload, preview, confirm) and export (all, filtered or selected rows)."""

    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
    import_template_name = "admin/tiers/import.html"
    import_form_class = LimitedImportForm
    formats = FORMATS

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, FileProblem):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def process_result(self, result, request):
        """The confirmed import; the resource has rolled back a bad file, so say so."""
        if result.has_errors() or result.has_validation_errors():
            for line in result.messages()[:MESSAGES_SHOWN]:
                messages.error(request, line)
            messages.error(request, _("Nothing was imported: the file has the problems above."))
            app_label, model_name = self.get_model_info()
            return HttpResponseRedirect(reverse(f"admin:{app_label}_{model_name}_import"))
        return super().process_result(result, request)

    def get_valid_export_item_pks(self, request):
        """The selected rows that the user may export: only those posted, not every id."""
        posted = [pk for pk in request.POST.getlist("export_items") if pk.isdigit()]
        queryset = self.get_export_queryset(request).filter(pk__in=posted)
        return [str(pk) for pk in queryset.values_list("pk", flat=True)]

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        """Stream the file as rows are read, instead of building it whole in memory."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        resource_class = self.choose_export_resource_class(export_form, request)
        resource = resource_class(**self.get_export_resource_kwargs(request))
        fields = self.get_export_resource_fields_from_form(export_form)
        response = StreamingHttpResponse(
            export_chunks(resource, queryset, file_format, fields),
            content_type=file_format.get_content_type(),
        )
        file_name = self.get_export_filename(request, queryset, file_format)
        response["Content-Disposition"] = f'attachment; filename="{file_name}"'
        post_export.send(sender=None, model=self.model)
        return response
