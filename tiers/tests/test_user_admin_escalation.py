"""Users and groups: nobody grants more than they hold (tiers/admin/users.py)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from tiers.roles import ADMINISTRATOR, ANALYST, EDITOR
from tiers.tests.admin_forms import change_form_data


@pytest.fixture
def make_user(django_user_model):
    def make(name, *roles, **flags):
        user = django_user_model.objects.create_user(name, password="old-pw", is_staff=True)
        for field, value in flags.items():
            setattr(user, field, value)
        user.save()
        user.groups.set(Group.objects.filter(name__in=roles))
        return user

    return make


@pytest.fixture
def administrator(make_user, client):
    user = make_user("admin-person", ADMINISTRATOR)
    client.force_login(user)
    return user


def user_url(user, view="change"):
    return reverse(f"admin:auth_user_{view}", args=[user.pk])


def test_an_administrator_who_ticks_superuser_and_adds_a_group_on_their_own_account_gets_neither(
    db, client, administrator
):
    data = change_form_data(client, user_url(administrator))
    data |= {
        "is_superuser": "on",
        "groups": [str(g.pk) for g in Group.objects.filter(name__in=[ADMINISTRATOR, EDITOR])],
        "user_permissions": [str(Permission.objects.get(codename="publish_records").pk)],
    }
    response = client.post(user_url(administrator), data)
    administrator.refresh_from_db()
    assert not administrator.is_superuser
    assert list(administrator.groups.values_list("name", flat=True)) == [ADMINISTRATOR]
    assert not administrator.user_permissions.exists()
    assert response.status_code == 200
    assert "Only a superuser may change" in response.content.decode()


def test_an_administrator_sees_privileges_read_only(db, client, administrator):
    data = change_form_data(client, user_url(administrator))
    for name in ("is_superuser", "is_staff", "groups", "user_permissions"):
        assert name not in data


def test_an_administrator_cannot_create_a_superuser_through_the_add_form(
    db, client, administrator, django_user_model
):
    data = change_form_data(client, reverse("admin:auth_user_add"))
    data |= {
        "username": "newcomer",
        "password1": "a-Long-pass-phrase-42",
        "password2": "a-Long-pass-phrase-42",
        "is_superuser": "on",
        "is_staff": "on",
    }
    client.post(reverse("admin:auth_user_add"), data)
    assert not django_user_model.objects.filter(username="newcomer").exists()
    data.pop("is_superuser"), data.pop("is_staff")
    client.post(reverse("admin:auth_user_add"), data)
    created = django_user_model.objects.get(username="newcomer")
    assert not created.is_superuser and not created.is_staff


def test_an_administrator_edits_the_details_of_a_user_who_holds_no_more(
    db, client, administrator, make_user
):
    newcomer = make_user("newcomer")
    data = change_form_data(client, user_url(newcomer)) | {"first_name": "Olena"}
    client.post(user_url(newcomer), data)
    newcomer.refresh_from_db()
    assert newcomer.first_name == "Olena"


@pytest.mark.parametrize(
    "target",
    [
        pytest.param({"roles": (), "is_superuser": True}, id="superuser"),
        pytest.param({"roles": (EDITOR,)}, id="editor"),
        pytest.param({"roles": (ANALYST,)}, id="analyst"),
    ],
)
def test_an_administrator_cannot_take_over_an_account_that_holds_more(
    db, client, administrator, make_user, target
):
    """Its password, email or deletion would hand them permissions they do not hold."""
    other = make_user("other", *target["roles"], is_superuser=target.get("is_superuser", False))
    new_password = {"password1": "a-Long-pass-phrase-42", "password2": "a-Long-pass-phrase-42"}
    response = client.post(user_url(other, "password_change"), new_password)
    assert response.status_code == 403
    response = client.post(user_url(other), {"username": "other", "email": "mine@example.org"})
    assert response.status_code == 403
    response = client.post(user_url(other, "delete"), {"post": "yes"})
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.check_password("old-pw") and other.email == ""
    # They may still look at the account.
    assert client.get(user_url(other)).status_code == 200


def test_an_administrator_sets_the_password_of_a_user_who_holds_no_more(
    db, client, administrator, make_user
):
    colleague = make_user("colleague", ADMINISTRATOR)
    new_password = {"password1": "a-Long-pass-phrase-42", "password2": "a-Long-pass-phrase-42"}
    client.post(user_url(colleague, "password_change"), new_password)
    colleague.refresh_from_db()
    assert colleague.check_password("a-Long-pass-phrase-42")


def test_a_superuser_grants_anything(db, client, make_user):
    superuser = make_user("root", is_superuser=True)
    client.force_login(superuser)
    other = make_user("other")
    data = change_form_data(client, user_url(other))
    data |= {"is_superuser": "on", "groups": [str(Group.objects.get(name=EDITOR).pk)]}
    client.post(user_url(other), data)
    other.refresh_from_db()
    assert other.is_superuser and other.groups.filter(name=EDITOR).exists()


def group_url(group, view="change"):
    return reverse(f"admin:auth_group_{view}", args=[group.pk])


def permission_ids(*codenames):
    return [
        str(pk)
        for pk in Permission.objects.filter(codename__in=codenames).values_list("pk", flat=True)
    ]


def test_an_administrator_cannot_give_their_own_group_permissions_they_lack(
    db, client, administrator
):
    group = Group.objects.get(name=ADMINISTRATOR)
    before = set(group.permissions.all())
    data = change_form_data(client, group_url(group))
    data["permissions"] = [*data["permissions"], *permission_ids("change_commitment")]
    response = client.post(group_url(group), data)
    assert set(group.permissions.all()) == before
    assert "you do not hold: tiers.change_commitment" in response.content.decode()


def test_an_administrator_cannot_take_permissions_they_lack_from_a_group(db, client, administrator):
    editors = Group.objects.get(name=EDITOR)
    data = change_form_data(client, group_url(editors))
    publish = permission_ids("publish_records")[0]
    data["permissions"] = [pk for pk in data["permissions"] if pk != publish]
    client.post(group_url(editors), data)
    assert editors.permissions.filter(codename="publish_records").exists()
    assert client.post(group_url(editors, "delete"), {"post": "yes"}).status_code == 403
    assert Group.objects.filter(name=EDITOR).exists()


def test_an_administrator_gives_a_group_permissions_they_hold(db, client, administrator):
    data = change_form_data(client, reverse("admin:auth_group_add"))
    data |= {"name": "Helpdesk", "permissions": permission_ids("view_user", "view_accessattempt")}
    client.post(reverse("admin:auth_group_add"), data)
    helpdesk = Group.objects.get(name="Helpdesk")
    assert set(helpdesk.permissions.values_list("codename", flat=True)) == {
        "view_user",
        "view_accessattempt",
    }
