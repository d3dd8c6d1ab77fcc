import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import translation

from tiers.content_version import content_changed
from tiers.roles import EDITOR


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: test transactions never commit, so the content
    version that would drop cached pages never changes between tests."""
    cache.clear()


@pytest.fixture(autouse=True)
def english_outside_requests():
    """Each test starts in English, the records' default language: a request to a /uk/ page
    leaves Ukrainian active in the thread, and a record built with title="…" writes the active
    language's column (title_en or title_uk, see tiers/translation.py)."""
    with translation.override("en"):
        yield


SEED_MODELS = ("tier", "actor", "source", "membership", "commitment", "statement")
SEED_MODELS += ("quotetranslation", "statuschange", "figure")


@pytest.fixture(scope="session")
def seed_rows(django_db_setup, django_db_blocker):
    """The seed's rows with their database ids, read once per run.

    fixtures/seed.json refers to records by natural key, which costs a query per reference; each
    test loads these rows instead, as loaddata would (raw saves, the same signals), and the
    session's own load is rolled back."""
    models = [apps.get_model("tiers", name) for name in SEED_MODELS]
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "fixtures/seed.json", verbosity=0)
        rows = serializers.serialize("python", [r for m in models for r in m.objects.all()])
        transaction.set_rollback(True)
    return rows


def write_seed(seed_rows):
    """Write the seed's rows in bulk: one INSERT per record type and relation, the content version
    changed once, database sequences moved past the seed's ids, as loaddata leaves them."""
    rows = list(serializers.deserialize("python", seed_rows))
    by_model: dict = {}
    for row in rows:
        by_model.setdefault(type(row.object), []).append(row.object)
    for model, objects in by_model.items():
        model.objects.bulk_create(objects)
    for row in rows:
        for name, pks in row.m2m_data.items():
            field = row.object._meta.get_field(name)
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            through.objects.bulk_create(
                through(**{f"{source}_id": row.object.pk, f"{target}_id": pk}) for pk in pks
            )
    # The relations' rows bypass the m2m signals that loaddata sends: say that the content
    # changed, so that nothing computed from the records before their relations (a summary a
    # write refreshed at commit) outlives them.
    content_changed(connection.alias)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(by_model)):
            cursor.execute(sql)


@pytest.fixture
def seed(db, seed_rows):
    """The project's real seed records (fixtures/seed.json)."""
    write_seed(seed_rows)


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def editor(django_user_model):
    """A staff user in the Editor group, as the data migration defines it."""
    user = django_user_model.objects.create_user("ed", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    return user


@pytest.fixture(autouse=True)
def downloads_in_a_temporary_folder(settings, tmp_path):
    """Download builds run at once, inside the test, into a folder of the test's own."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = settings.STORAGES | {
        "downloads": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "downloads"},
        }
    }
