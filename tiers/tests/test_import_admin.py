"""Import and export in the admin: preview then confirm, errors in words, permissions, exports."""

import csv
import io
import json

import pytest
from django.contrib.auth.models import Permission
from django.test import override_settings
from django.urls import reverse

from tiers.models import Actor
from tiers.tests.import_support import csv_file, references  # noqa: F401 (a fixture)

IMPORT_URL = reverse("admin:tiers_actor_import")
CONFIRM_URL = reverse("admin:tiers_actor_process_import")
EXPORT_URL = reverse("admin:tiers_actor_export")
CHANGELIST_URL = reverse("admin:tiers_actor_changelist")
CSV, XLSX, JSON = "0", "1", "2"  # the format choices, in tiers.importing.formats.FORMATS order
NEW_ACTORS = csv_file(
    {"slug": "germany", "name": "Germany", "kind": "state", "iso code": "DE"},
    {"slug": "poland", "name": "Poland", "kind": "state", "iso code": "PL"},
)


@pytest.fixture(autouse=True)
def shared_upload_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # where an upload waits for its confirmation


def user_with(django_user_model, *codenames):
    user = django_user_model.objects.create_user(f"user-{'-'.join(codenames)}", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def importer(client, django_user_model):
    client.force_login(user_with(django_user_model, "view_actor", "import_actor"))
    return client


@pytest.fixture
def exporter(client, django_user_model):
    client.force_login(user_with(django_user_model, "view_actor", "export_actor"))
    return client


@pytest.fixture
def viewer(client, django_user_model):
    client.force_login(user_with(django_user_model, "view_actor", "change_actor"))
    return client


def upload(client, data, name="actors.csv", file_format=CSV):
    file = io.BytesIO(data)
    file.name = name
    return client.post(IMPORT_URL, {"resource": "0", "format": file_format, "import_file": file})


@pytest.mark.usefixtures("references")
def test_the_preview_shows_what_will_change_and_writes_nothing(importer):
    response = upload(importer, NEW_ACTORS)

    assert response.status_code == 200
    assert response.context["result"].totals["new"] == 2
    assert "confirm_form" in response.context
    assert b"Germany" in response.content
    assert "This file will create 2 records, update 0 and leave 0 unchanged." in (
        response.content.decode()
    )
    assert not Actor.objects.filter(slug__in=["germany", "poland"]).exists()


@pytest.mark.usefixtures("references")
def test_confirming_writes_the_file(importer):
    confirm_form = upload(importer, NEW_ACTORS).context["confirm_form"]

    response = importer.post(CONFIRM_URL, confirm_form.initial)

    assert response.status_code == 302
    assert set(Actor.objects.filter(iso_code__in=["DE", "PL"]).values_list("slug", flat=True)) == {
        "germany",
        "poland",
    }


@pytest.mark.usefixtures("references")
def test_a_bad_file_lists_each_problem_and_offers_no_confirmation(importer):
    bad = csv_file(
        {"slug": "germany", "name": "Germany", "kind": "empire", "iso code": "DE"},
        {"slug": "poland", "name": "Poland", "kind": "state", "iso code": "XX"},
    )

    response = upload(importer, bad)

    assert "confirm_form" not in response.context
    content = response.content.decode()
    assert "Nothing was written" in content
    assert "row 1, kind: “empire” is not a kind of actor" in content
    assert "row 2, iso code: “XX” is not an ISO 3166-1 alpha-2 country code" in content
    assert not Actor.objects.filter(slug__in=["germany", "poland"]).exists()


@pytest.mark.usefixtures("references")
def test_confirming_a_bad_file_anyway_writes_nothing(importer):
    """The confirmation re-checks the file: posting it directly cannot force a bad file in."""
    confirm_form = upload(importer, NEW_ACTORS).context["confirm_form"]
    Actor.objects.create(slug="other", name="Other", kind="state", iso_code="PL")  # now a clash

    response = importer.post(CONFIRM_URL, confirm_form.initial, follow=True)

    assert response.redirect_chain[-1][0] == IMPORT_URL
    messages = [str(m) for m in response.context["messages"]]
    assert "row 2, iso code: Another actor already has this ISO country code" in messages
    assert not Actor.objects.filter(slug__in=["germany", "poland"]).exists()


@override_settings(IMPORT_MAX_UPLOAD_SIZE=50)
@pytest.mark.usefixtures("references")
def test_a_file_over_the_limit_is_refused(importer):
    response = upload(importer, NEW_ACTORS)

    assert "files of at most 0.0 MB can be imported" in str(response.context["form"].errors)
    assert "result" not in response.context


@pytest.mark.usefixtures("references")
def test_a_file_of_the_wrong_format_is_refused_in_words(importer):
    response = upload(importer, NEW_ACTORS, file_format=XLSX)

    assert "not an XLSX workbook" in str(response.context["form"].errors)


@pytest.mark.usefixtures("references")
def test_json_and_xlsx_import_too(importer):
    records = [{"slug": "germany", "name": "Germany", "kind": "state", "iso code": "DE"}]
    response = upload(importer, json.dumps(records).encode(), "actors.json", JSON)
    assert response.context["result"].totals["new"] == 1


# -- permissions ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("references")
def test_without_the_import_permission_the_import_is_forbidden(viewer):
    assert viewer.get(IMPORT_URL).status_code == 403
    assert upload(viewer, NEW_ACTORS).status_code == 403
    assert viewer.post(CONFIRM_URL, {"import_file_name": "x", "format": CSV}).status_code == 403
    changelist = viewer.get(CHANGELIST_URL)
    assert IMPORT_URL.encode() not in changelist.content
    assert not Actor.objects.filter(slug="germany").exists()


@pytest.mark.usefixtures("references")
def test_without_the_export_permission_the_export_is_forbidden(viewer):
    assert viewer.get(EXPORT_URL).status_code == 403
    assert viewer.post(EXPORT_URL, {"format": CSV, "resource": "0"}).status_code == 403
    changelist = viewer.get(CHANGELIST_URL)
    assert EXPORT_URL.encode() not in changelist.content
    assert (
        "export_admin_action"
        not in changelist.context["action_form"].fields["action"].choices.__repr__()
    )


@pytest.mark.usefixtures("references")
def test_the_importer_sees_the_import_button_and_not_the_export(importer):
    changelist = importer.get(CHANGELIST_URL)
    assert IMPORT_URL.encode() in changelist.content
    assert EXPORT_URL.encode() not in changelist.content
    assert importer.get(EXPORT_URL).status_code == 403


# -- export --------------------------------------------------------------------------------------


def export_form_data(file_format=CSV, **extra):
    fields = ["slug", "name", "short_name", "kind", "iso_code", "wikidata_id", "description"]
    data = {"format": file_format, "resource": "0", "actorresource_visibility": "on"}
    data.update({f"actorresource_{name}": "on" for name in fields})
    return data | extra


def exported_slugs(response):
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="Actor-')
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return sorted(row["slug"] for row in csv.DictReader(io.StringIO(text)))


@pytest.mark.usefixtures("references")
def test_export_all_rows(exporter):
    response = exporter.post(EXPORT_URL, export_form_data())
    assert exported_slugs(response) == ["france", "nato", "united-kingdom"]


@pytest.mark.usefixtures("references")
def test_export_the_filtered_rows(exporter):
    response = exporter.post(EXPORT_URL + "?kind__exact=state", export_form_data())
    assert exported_slugs(response) == ["france", "united-kingdom"]


@pytest.mark.usefixtures("references")
def test_export_the_selected_rows(exporter):
    nato = Actor.objects.get(slug="nato")
    form_page = exporter.post(
        CHANGELIST_URL, {"action": "export_admin_action", "_selected_action": [nato.pk]}
    )
    assert form_page.status_code == 200

    response = exporter.post(EXPORT_URL, export_form_data(export_items=[nato.pk]))

    assert exported_slugs(response) == ["nato"]


@pytest.mark.usefixtures("references")
def test_export_only_the_chosen_columns(exporter):
    data = {"format": CSV, "resource": "0", "actorresource_slug": "on", "actorresource_kind": "on"}
    response = exporter.post(EXPORT_URL, data)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0] == "slug,kind"


@pytest.mark.parametrize(("file_format", "content_type"), [(XLSX, "spreadsheetml"), (JSON, "json")])
@pytest.mark.usefixtures("references")
def test_export_other_formats(exporter, file_format, content_type):
    response = exporter.post(EXPORT_URL, export_form_data(file_format))
    assert content_type in response["Content-Type"]
    assert len(b"".join(response.streaming_content)) > 0


@pytest.mark.usefixtures("references")
def test_a_long_file_is_previewed_without_its_values(importer, monkeypatch):
    from tiers.importing import engine

    monkeypatch.setattr(engine, "PREVIEW_VALUES_UP_TO", 1)

    response = upload(importer, NEW_ACTORS)

    assert response.context["result"].totals["new"] == 2
    assert "confirm_form" in response.context
    assert b"Germany" not in response.content
