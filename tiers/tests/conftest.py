import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

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


@pytest.fixture
def seed(db):
    """The project's real seed records."""
    call_command("loaddata", "fixtures/seed.json", verbosity=0)


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
