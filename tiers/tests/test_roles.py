"""Each role's permissions, checked on the server for every admin path: a test per role per action.

Roles: analyst (prepares records), editor (also publishes, unpublishes, deletes published
records), administrator (users and login protection, not records).
"""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.urls import reverse

from tiers.models import Source, Visibility
from tiers.roles import ADMINISTRATOR, ANALYST, EDITOR
from tiers.tests.factories import SourceFactory

ROLES = [ANALYST, EDITOR, ADMINISTRATOR]


@pytest.fixture
def as_role(client, django_user_model):
    def login(role):
        user = django_user_model.objects.create_user(role.lower(), password="x", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
        return client

    return login


def source_form(source=None, **changes):
    data = {
        "title": "A report",
        "key": "a-report",
        "publisher": "Agency",
        "kind": "news",
        "url": "https://example.org/a-report",
        "published": "2025-08-18",
        "visibility": "draft",
    }
    if source is not None:
        data |= {"title": source.title, "key": source.key, "url": source.url}
        data["visibility"] = source.visibility
    return data | changes


def act(client, action, *records, **extra):
    model = type(records[0])
    url = reverse(f"admin:tiers_{model._meta.model_name}_changelist")
    data = {"action": action, ACTION_CHECKBOX_NAME: [r.pk for r in records], **extra}
    return client.post(url, data, follow=True)


def state(record):
    record.refresh_from_db()
    return record.visibility


# Expected outcome of each action per role: True = allowed.
EXPECTED = {
    "create": {ANALYST: True, EDITOR: True, ADMINISTRATOR: False},
    "edit_draft": {ANALYST: True, EDITOR: True, ADMINISTRATOR: False},
    "edit_published": {ANALYST: False, EDITOR: True, ADMINISTRATOR: False},
    "publish_in_form": {ANALYST: False, EDITOR: True, ADMINISTRATOR: False},
    "submit": {ANALYST: True, EDITOR: True, ADMINISTRATOR: False},
    "publish": {ANALYST: False, EDITOR: True, ADMINISTRATOR: False},
    "unpublish": {ANALYST: False, EDITOR: True, ADMINISTRATOR: False},
    "reject_review": {ANALYST: True, EDITOR: True, ADMINISTRATOR: False},
    "delete_draft": {ANALYST: True, EDITOR: True, ADMINISTRATOR: False},
    "delete_published": {ANALYST: False, EDITOR: True, ADMINISTRATOR: False},
    "bulk_delete_published": {ANALYST: False, EDITOR: True, ADMINISTRATOR: False},
    "revert_published": {ANALYST: False, EDITOR: True, ADMINISTRATOR: False},
    "view_history": {ANALYST: True, EDITOR: True, ADMINISTRATOR: True},
    "import": {ANALYST: True, EDITOR: True, ADMINISTRATOR: False},
    "manage_users": {ANALYST: False, EDITOR: False, ADMINISTRATOR: True},
}


@pytest.mark.parametrize("role", ROLES)
def test_create(db, as_role, role):
    as_role(role).post(reverse("admin:tiers_source_add"), source_form())
    assert Source.objects.filter(key="a-report").exists() == EXPECTED["create"][role]


@pytest.mark.parametrize("role", ROLES)
def test_edit_a_draft(db, as_role, role):
    source = SourceFactory(visibility=Visibility.DRAFT)
    url = reverse("admin:tiers_source_change", args=[source.pk])
    as_role(role).post(url, source_form(source, title="Renamed"))
    source.refresh_from_db()
    assert (source.title == "Renamed") == EXPECTED["edit_draft"][role]


@pytest.mark.parametrize("role", ROLES)
def test_edit_a_published_record(db, as_role, role):
    source = SourceFactory()
    url = reverse("admin:tiers_source_change", args=[source.pk])
    response = as_role(role).post(url, source_form(source, title="Renamed"))
    source.refresh_from_db()
    assert (source.title == "Renamed") == EXPECTED["edit_published"][role]
    if not EXPECTED["edit_published"][role]:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_publish_through_the_form(db, as_role, role):
    source = SourceFactory(visibility=Visibility.REVIEW)
    url = reverse("admin:tiers_source_change", args=[source.pk])
    as_role(role).post(url, source_form(source, visibility="published"))
    assert (state(source) == "published") == EXPECTED["publish_in_form"][role]


def test_an_analyst_is_told_why_the_form_refuses_to_publish(db, as_role):
    source = SourceFactory(visibility=Visibility.REVIEW)
    url = reverse("admin:tiers_source_change", args=[source.pk])
    response = as_role(ANALYST).post(url, source_form(source, visibility="published"))
    assert "visibility" in response.context["adminform"].form.errors


@pytest.mark.parametrize("role", ROLES)
def test_submit_for_review(db, as_role, role):
    source = SourceFactory(visibility=Visibility.DRAFT)
    act(as_role(role), "submit_for_review", source)
    assert (state(source) == "review") == EXPECTED["submit"][role]


@pytest.mark.parametrize("role", ROLES)
def test_publish(db, as_role, role):
    source = SourceFactory(visibility=Visibility.REVIEW)
    act(as_role(role), "publish", source)
    assert (state(source) == "published") == EXPECTED["publish"][role]


@pytest.mark.parametrize("role", ROLES)
def test_unpublish(db, as_role, role):
    source = SourceFactory()
    act(as_role(role), "return_to_draft", source, reason="Wrong date")
    assert (state(source) == "draft") == EXPECTED["unpublish"][role]


@pytest.mark.parametrize("role", ROLES)
def test_send_a_record_in_review_back_to_draft(db, as_role, role):
    source = SourceFactory(visibility=Visibility.REVIEW)
    act(as_role(role), "return_to_draft", source, reason="Needs a second source")
    assert (state(source) == "draft") == EXPECTED["reject_review"][role]


@pytest.mark.parametrize("role", ROLES)
def test_delete_a_draft(db, as_role, role):
    source = SourceFactory(visibility=Visibility.DRAFT)
    url = reverse("admin:tiers_source_delete", args=[source.pk])
    as_role(role).post(url, {"post": "yes"})
    assert (not Source.objects.filter(pk=source.pk).exists()) == EXPECTED["delete_draft"][role]


@pytest.mark.parametrize("role", ROLES)
def test_delete_a_published_record(db, as_role, role):
    source = SourceFactory()
    url = reverse("admin:tiers_source_delete", args=[source.pk])
    response = as_role(role).post(url, {"post": "yes"})
    deleted = not Source.objects.filter(pk=source.pk).exists()
    assert deleted == EXPECTED["delete_published"][role]
    if not deleted:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_delete_published_records_in_bulk(db, as_role, role):
    draft, published = SourceFactory(visibility=Visibility.DRAFT), SourceFactory()
    act(as_role(role), "delete_selected", draft, published, post="yes")
    remaining = Source.objects.filter(pk__in=[draft.pk, published.pk]).count()
    assert (remaining == 0) == EXPECTED["bulk_delete_published"][role]


@pytest.mark.parametrize("role", ROLES)
def test_revert_a_published_record(db, as_role, role):
    source = SourceFactory(title="First")
    source.title = "Second"
    source.save()
    first = source.history.earliest("history_date")
    url = reverse("admin:tiers_source_simple_history", args=[source.pk, first.history_id])
    as_role(role).post(url, source_form(source, title="First"))
    source.refresh_from_db()
    assert (source.title == "First") == EXPECTED["revert_published"][role]


@pytest.mark.parametrize("role", ROLES)
def test_view_history(db, as_role, role):
    source = SourceFactory()
    response = as_role(role).get(reverse("admin:tiers_source_history", args=[source.pk]))
    assert (response.status_code == 200) == EXPECTED["view_history"][role]


@pytest.mark.parametrize("role", ROLES)
def test_import(db, django_user_model, role):
    user = django_user_model.objects.create_user("u", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    models = "tier actor membership source commitment statuschange statement".split()
    allowed = [user.has_perm(f"tiers.import_{model}") for model in models]
    assert all(allowed) == EXPECTED["import"][role]
    assert any(allowed) == EXPECTED["import"][role]


@pytest.mark.parametrize("role", ROLES)
def test_manage_users(db, as_role, role):
    response = as_role(role).get(reverse("admin:auth_user_changelist"))
    assert (response.status_code == 200) == EXPECTED["manage_users"][role]
