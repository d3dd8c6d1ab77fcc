"""Removing the synthetic records: all of them, with their history, and nothing else."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from simple_history.utils import get_history_manager_for_model

from tiers import synthetic
from tiers.models import Commitment, PublicChange, Source, Statement, StatusChange, Tier
from tiers.tests.factories import CommitmentFactory, StatusChangeFactory

pytestmark = pytest.mark.django_db


def _queries_to_delete(commitments):
    synthetic.generate(commitments=commitments, statements=commitments, seed=2)
    ContentType.objects.clear_cache()  # each run starts from the same state
    with CaptureQueriesContext(connection) as ctx:
        synthetic.delete_synthetic()
    assert not Commitment.objects.exists()
    return len(ctx.captured_queries)


def test_it_deletes_in_the_same_number_of_queries_whatever_the_size():
    assert _queries_to_delete(20) == _queries_to_delete(300)


def test_the_history_and_change_log_of_synthetic_records_go_with_them():
    real = CommitmentFactory(title="A real commitment")  # saved one by one: it has a history
    real_history = list(Commitment.history.values_list("history_id", flat=True))
    synthetic.generate(commitments=10, statements=10, seed=2)
    assert PublicChange.objects.filter(object_id=Source.objects.get(key="synthetic-data").pk)
    synthetic.delete_synthetic()
    for model in (Commitment, Statement, StatusChange, Source, Tier):
        history = get_history_manager_for_model(model).model.objects
        assert not history.exclude(id__in=model.objects.values("pk")).exists(), model
    assert list(Commitment.history.values_list("history_id", flat=True)) == real_history
    assert PublicChange.objects.filter(object_id=real.pk).exists()


def test_a_real_status_change_citing_a_synthetic_statement_is_kept():
    change = StatusChangeFactory()
    synthetic.generate(commitments=3, statements=3, seed=2)
    change.statement = Statement.objects.first()
    change.save()
    synthetic.delete_synthetic()
    change.refresh_from_db()
    assert change.statement is None
