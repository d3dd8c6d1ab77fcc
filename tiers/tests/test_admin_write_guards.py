"""Every admin view that writes needs its permission on POST (tiers/admin/guards.py)."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import path, reverse

from tiers.models import Tier, Visibility
from tiers.roles import ADMINISTRATOR, ANALYST
from tiers.tests.admin_forms import change_form_data
from tiers.tests.factories import TierFactory


@pytest.fixture
def tier(db):
    tier = TierFactory(name="First", visibility=Visibility.DRAFT)
    tier.name = "Second"
    tier.save()
    return tier


def revert_url(tier):
    first = tier.history.earliest("history_date")
    return reverse("admin:tiers_tier_simple_history", args=[tier.pk, first.history_id])


def login(client, django_user_model, *, role=None, permissions=()):
    user = django_user_model.objects.create_user("someone", is_staff=True)
    if role:
        user.groups.add(Group.objects.get(name=role))
    user.user_permissions.set(Permission.objects.filter(codename__in=permissions))
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "who",
    [{"permissions": ["view_tier"]}, {"role": ADMINISTRATOR}],
    ids=["view-only user", "administrator"],
)
def test_someone_who_may_only_view_cannot_revert_through_the_history_page(
    tier, client, django_user_model, staff_client, who
):
    form = change_form_data(staff_client, revert_url(tier))
    viewer = login(client, django_user_model, **who)
    assert viewer.get(revert_url(tier)).status_code == 200  # they may look at the version
    response = viewer.post(revert_url(tier), form)
    assert response.status_code == 403
    tier.refresh_from_db()
    assert tier.name == "Second"


def test_an_analyst_reverts_a_draft(tier, client, django_user_model):
    analyst = login(client, django_user_model, role=ANALYST)
    response = analyst.post(revert_url(tier), change_form_data(analyst, revert_url(tier)))
    assert response.status_code == 302
    tier.refresh_from_db()
    assert tier.name == "First"
    assert tier.history.latest("history_date").history_change_reason.startswith("Reverted")


def test_an_analyst_cannot_revert_a_published_record(tier, client, django_user_model, staff_client):
    type(tier).objects.filter(pk=tier.pk).update(visibility=Visibility.PUBLISHED)
    form = change_form_data(staff_client, revert_url(tier))
    analyst = login(client, django_user_model, role=ANALYST)
    assert analyst.post(revert_url(tier), form).status_code == 403
    tier.refresh_from_db()
    assert tier.name == "Second"


def test_importing_needs_the_import_permission(db, client, django_user_model):
    viewer = login(client, django_user_model, permissions=["view_tier", "change_tier"])
    assert viewer.post(reverse("admin:tiers_tier_import"), {}).status_code == 403
    assert viewer.post(reverse("admin:tiers_tier_process_import"), {}).status_code == 403


def test_a_view_added_later_needs_the_change_permission_on_post(db, rf, django_user_model):
    """A URL that POST_PERMISSIONS does not list is guarded by the change permission."""
    tier_admin = admin.site._registry[Tier]
    later = path("frobnicate/", lambda request: HttpResponse("written"), name="tiers_tier_frob")
    guarded = tier_admin._guarded(later).callback
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_tier"))
    request = rf.post("/admin/tiers/tier/frobnicate/")
    request.user = viewer
    with pytest.raises(PermissionDenied):
        guarded(request)
    changer = django_user_model.objects.create_user("changer", is_staff=True)
    changer.user_permissions.set(Permission.objects.filter(codename__in=["change_tier"]))
    request.user = changer
    assert guarded(request).content == b"written"
