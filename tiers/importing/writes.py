"""Writing an import's records in bulk, with their relations and history, all or nothing.

``BulkWrites`` is mixed into ``engine.RecordResource``: django-import-export hands it the records
of the whole file at the end (``batch_size = None``), and nothing is written if any row was
refused (``any_invalid``). A write the database refuses is written again one record at a time,
inside a savepoint that is rolled back, to name the rows at fault.
"""

from django.db import DatabaseError, transaction
from import_export.results import Error

from .. import history
from .problems import RowProblem

WRITE_BATCH = 1000


class BulkWrites:
    """``bulk_create`` / ``bulk_update`` of the checked records, their links and history."""

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        instances, self.create_instances = list(self.create_instances), []
        if instances and not self.any_invalid:
            self._write(
                instances,
                lambda batch: self._meta.model.objects.bulk_create(batch, batch_size=WRITE_BATCH),
                result,
                write_creates=True,
            )

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        instances, self.update_instances = list(self.update_instances), []
        if instances and not self.any_invalid:
            self._write(
                instances,
                lambda batch: self.unrewritten().bulk_update(
                    batch, self.update_fields, batch_size=WRITE_BATCH
                ),
                result,
                write_creates=False,
            )

    def unrewritten(self):
        """The records' manager, without django-modeltranslation's rewriting of field names:
        a translated field's own column (title) is written too, mirroring the active language
        as a single save writes it, where the rewriting manager would make it title_en."""
        manager = self._meta.model.objects
        return manager.rewrite(False) if hasattr(manager, "rewrite") else manager

    def _write(self, instances, write, result, write_creates):
        try:
            with transaction.atomic(using=self.get_db_connection_name()):
                write(instances)
                self.write_m2m(instances, created=write_creates)
                # One historical row per record written, relations included (tiers.history).
                history.record_bulk_history(
                    instances,
                    self._meta.model,
                    created=write_creates,
                    user=self.import_user,
                    reason="Import",
                )
        except DatabaseError as exc:
            self.any_invalid = True
            for message in self.locate_refusal(instances, write, write_creates, exc):
                result.append_base_error(Error(RowProblem(message)))
        else:
            self.written.extend(instances)

    def write_m2m(self, instances, created):
        """Replace the many-to-many values of the written records: one delete, one insert."""
        for field in self.m2m_fields:
            relation = self._meta.model._meta.get_field(field.attribute)
            through = relation.remote_field.through
            source_name = relation.m2m_field_name() + "_id"
            target_name = relation.m2m_reverse_field_name() + "_id"
            changed = [i for i in instances if field.attribute in i._pending_m2m]
            if not created and changed:
                through.objects.filter(**{f"{source_name}__in": [i.pk for i in changed]}).delete()
            # Django's own link tables are (id, source, target); positional is the quick way.
            assert [f.attname for f in through._meta.concrete_fields][1:] == [
                source_name,
                target_name,
            ]
            through.objects.bulk_create(
                [
                    through(None, i.pk, target.pk)
                    for i in changed
                    for target in i._pending_m2m[field.attribute]
                ],
                batch_size=WRITE_BATCH,
            )

    def locate_refusal(self, instances, write, created, exc) -> list[str]:
        """Find the rows the database refused by writing them one at a time (only on failure)."""
        messages = []
        for instance in instances:
            try:
                with transaction.atomic(using=self.get_db_connection_name()):
                    write([instance])
                    self.write_m2m([instance], created=created)
                    transaction.set_rollback(True)
            except DatabaseError as row_exc:
                row = self.row_of.get(id(instance), "?")
                messages.append(f"row {row}: {self.refusal_in_words(row_exc)}")
        return messages or [f"The database refused the file: {self.refusal_in_words(exc)}"]

    def refusal_in_words(self, exc) -> str:
        text = str(exc)
        for constraint in self._meta.model._meta.constraints:
            if constraint.name in text and constraint.violation_error_message:
                return str(constraint.violation_error_message)
        return text.strip().splitlines()[0] if text.strip() else type(exc).__name__
