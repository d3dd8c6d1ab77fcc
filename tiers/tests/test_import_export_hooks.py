"""Every django-import-export method the project overrides, through the library's own entry points.

The import engine, the widgets and fields, the formats and the admin mixin replace methods that
django-import-export calls (``Resource.import_data`` calls ``before_import``, ``import_instance``,
``skip_row``, ``bulk_create``…; the admin views call ``process_result``, ``_do_file_export``…).
An upgrade that renames one of them or stops calling it would silently bring back the library's
behaviour (a query per row, half-saved files, exports built whole in memory). Each test below
drives the public entry point and checks the effect of one override; the last ones check that
every overridden name still exists upstream with parameters the override accepts.
"""

import datetime
import inspect
import io
from decimal import Decimal

import pytest
import tablib
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from import_export import forms as ie_forms
from import_export import options, widgets
from import_export.formats import base_formats

from tiers.admin.editorial import EditorialAdmin
from tiers.importing import columns, engine, formats, loader
from tiers.importing.admin import LimitedImportForm, RecordImportExportMixin
from tiers.importing.files import read_dataset
from tiers.importing.resources import RESOURCES
from tiers.models import Actor, Commitment, Figure, Source, StatusChange, Tier, Visibility
from tiers.models.base import CuratedQuerySet
from tiers.roles import ANALYST
from tiers.tests.import_support import csv_file, references  # noqa: F401 (a fixture)

PUBLISHED = Visibility.PUBLISHED
GERMANY = {"slug": "germany", "name": "Germany", "kind": "state", "iso code": "DE"}
POLAND = {"slug": "poland", "name": "Poland", "kind": "state", "iso code": "PL"}
NOT_A_KIND = (
    "“planet” is not a kind of actor; write one of: state, organisation, coalition, person, body"
)
PLEDGE = {
    "slug": "pledge",
    "tier": "2",
    "title": "A pledge",
    "category": "troops",
    "actors": "france|united-kingdom",
    "condition triggered": "no",
}


def run(type_name, *rows, resource=None, **kwargs):
    """Import rows through ``Resource.import_data``, as every caller does."""
    resource = resource or RESOURCES[type_name]()
    dataset = read_dataset(csv_file(*rows), "file.csv")
    return resource.import_data(dataset, **kwargs)


def messages_of(type_name, *rows, **kwargs):
    result = run(type_name, *rows, **kwargs)
    assert result.has_errors() or result.has_validation_errors()
    return result.messages()


def totals(result):
    return {kind: count for kind, count in result.totals.items() if count}


# -- Resource: the whole file -------------------------------------------------------------------


@pytest.mark.usefixtures("references")
def test_import_data_writes_nothing_of_a_bad_file_whatever_the_caller_asks():
    result = run(
        "actors",
        GERMANY,
        POLAND | {"kind": "planet"},
        use_transactions=False,
        rollback_on_validation_errors=False,
    )
    assert result.has_validation_errors()
    assert not Actor.objects.filter(slug__in=["germany", "poland"]).exists()


@pytest.mark.usefixtures("references")
def test_import_data_refuses_a_bad_header_as_a_file_problem():
    result = run("actors", {"slug": "germany", "colour": "red"})
    assert result.messages() == [
        "Unknown column “colour”; the columns of a actors file are: slug, name, name_uk, "
        "short name, short name_uk, kind, "
        "iso code, wikidata id, description, description_uk, visibility.",
        "Missing columns “name”, “kind”; a actors file needs: slug, name, kind.",
    ]


@pytest.mark.usefixtures("references")
def test_get_result_class_gives_results_in_words():
    result = run("actors", {"slug": "germany", "name": "Germany", "kind": "planet"})
    assert isinstance(result, engine.RecordResult)
    assert result.messages() == [f"row 1, kind: {NOT_A_KIND}"]


@pytest.mark.usefixtures("references")
def test_init_takes_the_progress_report_and_leaves_the_declared_options_alone():
    calls = []
    resource = RESOURCES["actors"](html_diff=False, progress=lambda *done: calls.append(done))
    assert resource._meta.skip_diff is True
    assert type(resource)._meta.skip_diff is False
    run("actors", GERMANY, POLAND, resource=resource)
    assert calls == [(2, 2)]  # after_import_row reports the last row


@pytest.mark.usefixtures("references")
def test_after_import_row_reports_progress_every_so_many_rows(monkeypatch):
    monkeypatch.setattr(engine, "PROGRESS_EVERY", 1)
    calls = []
    resource = RESOURCES["actors"](progress=lambda *done: calls.append(done))
    run("actors", GERMANY, POLAND, resource=resource)
    assert calls == [(1, 2), (2, 2)]


@pytest.mark.usefixtures("references")
def test_before_import_starts_each_file_afresh():
    resource = RESOURCES["actors"]()
    assert totals(run("actors", GERMANY, resource=resource)) == {"new": 1}
    # The same resource again: the new record is found, and row 1 is not "already in row 1".
    assert totals(run("actors", GERMANY, resource=resource)) == {"skip": 1}
    assert Actor.objects.filter(slug="germany").count() == 1


@pytest.mark.usefixtures("references")
def test_before_import_previews_a_long_file_without_its_values(monkeypatch):
    monkeypatch.setattr(engine, "PREVIEW_VALUES_UP_TO", 1)
    resource = RESOURCES["actors"]()
    result = run("actors", GERMANY, POLAND, resource=resource, dry_run=True)
    assert resource._meta.skip_diff is True
    assert all(row.diff is None for row in result.rows)
    short = run("actors", GERMANY, resource=RESOURCES["actors"](), dry_run=True)
    assert short.rows[0].diff is not None


@pytest.mark.usefixtures("references")
def test_before_import_row_numbers_the_rows_named_in_messages():
    assert messages_of("actors", GERMANY, POLAND, POLAND | {"name": "Polska"}) == [
        "row 3, slug: “poland” is already in row 2 of this file"
    ]


@pytest.mark.usefixtures("references")
def test_init_instance_starts_a_new_record_as_its_constructor_would():
    """With the language columns' defaults given at once, not worked out per row."""
    names = [f.attname for f in Commitment._meta.concrete_fields]
    names = [n for n in names if n not in {"created_at", "updated_at"}]
    started, constructed = RESOURCES["commitments"]().init_instance(), Commitment()
    assert [getattr(started, n) for n in names] == [getattr(constructed, n) for n in names]
    assert totals(run("commitments", PLEDGE)) == {"new": 1}
    pledge = Commitment.objects.get(slug="pledge")
    assert (pledge.title_en, pledge.title_uk, pledge.description_uk) == ("A pledge", None, None)


@pytest.mark.usefixtures("references")
def test_get_import_id_fields_finds_a_stored_record_by_its_natural_key():
    result = run("actors", {"slug": "france", "name": "French Republic", "kind": "state"})
    assert totals(result) == {"update": 1}
    assert Actor.objects.get(slug="france").name == "French Republic"
    assert Actor.objects.count() == 3


@pytest.mark.usefixtures("references")
def test_get_import_fields_reads_every_column_of_the_file():
    resource = RESOURCES["actors"]()
    assert resource.get_import_fields() is resource.get_import_fields()  # read once
    run("actors", GERMANY | {"short name": "DE", "wikidata id": "Q183"}, resource=resource)
    germany = Actor.objects.get(slug="germany")
    assert (germany.short_name, germany.iso_code, germany.wikidata_id) == ("DE", "DE", "Q183")


@pytest.mark.usefixtures("references")
def test_instance_loader_class_reads_stored_records_in_the_same_queries_for_any_rows():
    names = iter(range(100))

    def queries(*slugs):
        rows = [{"slug": s, "name": f"{s} {next(names)}", "kind": "state"} for s in slugs]
        with CaptureQueriesContext(connection) as context:
            assert totals(run("actors", *rows)) == {"update": len(slugs)}
        return len(context)

    queries("france", "united-kingdom", "nato")  # content types cached, change log begun
    assert queries("france") == queries("france", "united-kingdom", "nato")


# -- Resource: one row ---------------------------------------------------------------------------


@pytest.mark.usefixtures("references")
def test_import_instance_applies_the_roles_to_a_file(django_user_model):
    analyst = django_user_model.objects.create_user("analyst", is_staff=True)
    analyst.groups.add(Group.objects.get(name=ANALYST))
    messages = messages_of("actors", GERMANY | {"visibility": "published"}, user=analyst)
    assert len(messages) == 1
    assert messages[0].startswith("row 1, visibility: ")
    assert not Actor.objects.filter(slug="germany").exists()


@pytest.mark.usefixtures("references")
def test_validate_instance_checks_each_record_like_a_form_and_unique_values_from_the_file():
    assert messages_of(
        "actors",
        GERMANY | {"wikidata id": ""},
        POLAND | {"iso code": "DE", "wikidata id": ""},
        {"slug": "spain", "name": "Spain", "kind": "state", "iso code": "ES", "wikidata id": "1"},
        {"slug": "italy", "name": "Italy", "kind": "state", "iso code": "FR", "wikidata id": ""},
    ) == [
        "row 2, iso code: “DE” is already in row 1 of this file",
        "row 3, wikidata id: A Wikidata identifier is Q followed by digits, for example Q212",
        "row 4, iso code: Another actor already has this ISO country code",
    ]


@pytest.mark.usefixtures("references")
def test_skip_row_leaves_an_unchanged_record_and_its_history_alone():
    france = Actor.objects.get(slug="france")
    before = france.history.count()
    result = run(
        "actors",
        {"slug": "france", "name": "France", "kind": "state", "iso code": "FR"},
    )
    assert totals(result) == {"skip": 1}
    assert france.history.count() == before


@pytest.mark.usefixtures("references")
def test_before_save_instance_dates_an_update():
    stale = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    Actor.objects.filter(slug="france").update(updated_at=stale)
    run("actors", {"slug": "france", "name": "French Republic", "kind": "state"})
    assert Actor.objects.get(slug="france").updated_at > stale


@pytest.mark.usefixtures("references")
def test_bulk_create_writes_the_records_their_links_and_history():
    result = run("commitments", PLEDGE)
    assert totals(result) == {"new": 1}
    pledge = Commitment.objects.get(slug="pledge")
    assert sorted(pledge.actors.values_list("slug", flat=True)) == ["france", "united-kingdom"]
    assert list(pledge.history.values_list("history_change_reason", flat=True)) == ["Import"]


@pytest.mark.usefixtures("references")
def test_bulk_update_writes_the_changed_records_and_their_history():
    run("commitments", PLEDGE)
    result = run("commitments", PLEDGE | {"title": "A larger pledge", "actors": "nato"})
    assert totals(result) == {"update": 1}
    pledge = Commitment.objects.get(slug="pledge")
    assert pledge.title == "A larger pledge"
    assert list(pledge.actors.values_list("slug", flat=True)) == ["nato"]
    assert pledge.history.count() == 2


@pytest.mark.usefixtures("references")
def test_a_row_the_database_refuses_is_named_and_nothing_is_written(monkeypatch):
    from django.db import IntegrityError

    def refuse(self, objs, *args, **kwargs):
        raise IntegrityError("refused by the database")

    # The curated base: modeltranslation builds each manager's queryset class afresh.
    monkeypatch.setattr(CuratedQuerySet, "bulk_create", refuse)
    result = run("actors", GERMANY)
    assert result.messages() == ["row 1: refused by the database"]
    assert not Actor.objects.filter(slug="germany").exists()


@pytest.mark.usefixtures("references")
def test_after_import_of_status_changes_sets_each_commitments_state():
    tier = Tier.objects.get(number=2)
    pledge = Commitment.objects.create(
        slug="pledge", tier=tier, title="A pledge", category="troops", visibility=PUBLISHED
    )
    pledge.sources.set(Source.objects.all())
    result = run(
        "status-changes",
        {
            "commitment": "pledge",
            "occurred": "2025-09",
            "progress": "agreed",
            "summary": "Agreed.",
            "source": "unn-2026-02-03-rutte-three-levels",
            "visibility": "published",
        },
    )
    assert totals(result) == {"new": 1}, result.messages()
    assert StatusChange.objects.count() == 1
    assert Commitment.objects.get(slug="pledge").progress == "agreed"


@pytest.mark.usefixtures("references")
def test_after_import_resets_no_database_sequence():
    with CaptureQueriesContext(connection) as context:
        assert totals(run("actors", GERMANY)) == {"new": 1}
    sql = " ".join(query["sql"] for query in context).lower()
    assert "setval" not in sql and "sqlite_sequence" not in sql


# -- Widgets and fields --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("type_name", "row", "message"),
    [
        (
            "tiers",
            {"number": "two", "name": "T", "slug": "t", "summary": "S"},
            "row 1, number: “two” is not a whole number",
        ),
        (
            "actors",
            {"slug": "germany", "name": "Germany", "kind": "planet"},
            f"row 1, kind: {NOT_A_KIND}",
        ),
        (
            "commitments",
            PLEDGE | {"condition triggered": "maybe"},
            "row 1, condition triggered: “maybe” is neither yes nor no",
        ),
        (
            "commitments",
            PLEDGE | {"tier": "9"},
            "row 1, tier: no tier with number “9”; it must be 1, 2 or 3",
        ),
        (
            "commitments",
            PLEDGE | {"actors": "france|nowhere"},
            "row 1, actors: no actor with slug “nowhere”",
        ),
        (
            "sources",
            {"key": "k", "title": "T", "kind": "news", "accessed": "18/08/2025"},
            "row 1, accessed: “18/08/2025” is not a date; write 2025-08-18",
        ),
        (
            "sources",
            {"key": "k", "title": "T", "kind": "news", "published": "2025-13"},
            "row 1, published: “2025-13” is not a real date",
        ),
    ],
)
@pytest.mark.usefixtures("references")
def test_widget_and_field_clean_refuse_a_cell_in_words(type_name, row, message):
    assert messages_of(type_name, row) == [message]


@pytest.mark.usefixtures("references")
def test_widget_and_field_clean_turn_cells_into_values():
    run("commitments", PLEDGE | {"description": "  kept as written  "})
    pledge = Commitment.objects.get(slug="pledge")
    assert pledge.tier.number == 2  # WholeNumberWidget's key resolved by KeyWidget
    run(
        "figures",
        {
            "key": "f",
            "commitment": "pledge",
            "kind": "money",
            "value": "1500000.50",
            "currency": "EUR",
        },
    )
    assert pledge.figures.get().value == Decimal("1500000.50")  # DecimalWidget
    assert pledge.condition_triggered is False  # YesNoWidget
    assert pledge.description == "  kept as written  "  # TextWidget
    assert pledge.category == "troops"  # ChoiceWidget
    run(
        "sources",
        {
            "key": "k",
            "title": "T",
            "kind": "news",
            "published": "2025-08",
            "accessed": "2025-08-18",
        },
    )
    source = Source.objects.get(key="k")
    assert (source.published_on, source.published_precision) == (datetime.date(2025, 8, 1), "month")
    assert source.accessed_on == datetime.date(2025, 8, 18)  # DateWidget


@pytest.mark.usefixtures("references")
def test_many_keys_widget_is_saved_as_a_many_to_many_relation_after_the_record():
    assert isinstance(RESOURCES["commitments"]().fields["actors"].widget, widgets.ManyToManyWidget)
    run("commitments", PLEDGE)
    assert Commitment.objects.get(slug="pledge").actors.count() == 2


@pytest.mark.usefixtures("references")
def test_keys_field_get_value_compares_the_links_of_a_stored_record():
    run("commitments", PLEDGE)
    assert totals(run("commitments", PLEDGE | {"actors": "united-kingdom|france"})) == {"skip": 1}
    assert totals(run("commitments", PLEDGE | {"actors": "france"})) == {"update": 1}


@pytest.mark.usefixtures("references")
def test_widget_render_and_field_export_write_cells_as_they_are_read():
    run("commitments", PLEDGE | {"announced": "2025-08"})
    run("sources", {"key": "k", "title": "T", "kind": "news", "accessed": "2025-08-18"})
    dataset = RESOURCES["commitments"]().export(Commitment.objects.filter(slug="pledge"))
    row = dataset.dict[0]
    assert row["tier"] == "2"  # KeyWidget.render
    assert row["actors"] == "france|united-kingdom"  # KeysWidget.render
    assert row["announced"] == "2025-08"  # PartialDateField.export
    assert row["condition triggered"] == "no"  # YesNoWidget.render
    assert row["lead actor"] == ""  # KeyWidget.render of nothing
    assert row["visibility"] == "draft"  # ChoiceWidget.render
    figure = {"key": "f", "commitment": "pledge", "kind": "money", "value": "1500000.50"}
    run("figures", figure | {"currency": "EUR"})
    exported = RESOURCES["figures"]().export(Figure.objects.all()).dict[0]
    assert exported["value"] == "1500000.5"  # DecimalWidget.render, without trailing zeros
    source = RESOURCES["sources"]().export(Source.objects.filter(key="k")).dict[0]
    assert source["accessed"] == "2025-08-18"  # DateWidget.render
    assert source["published"] == ""  # PartialDateField.export of nothing
    assert RESOURCES["tiers"]().export(Tier.objects.filter(number=1)).dict[0]["number"] == "1"


# -- Formats -------------------------------------------------------------------------------------


def test_format_create_dataset_reads_with_errors_in_words_and_restores_formulae():
    dataset = formats.CSVFormat().create_dataset(b"slug,name\r\nx,'=1+1\r\n")
    assert dataset.dict == [{"slug": "x", "name": "=1+1"}]
    with pytest.raises(formats.FileProblem, match="not UTF-8"):
        formats.CSVFormat().create_dataset(b"slug\r\n\xff\r\n")


@pytest.mark.parametrize(
    ("file_format", "binary"),
    [(formats.CSVFormat(), False), (formats.JSONFormat(), False), (formats.XLSXFormat(), True)],
)
def test_format_export_data_neutralises_formulae(file_format, binary):
    data = file_format.export_data(tablib.Dataset(["=cmd()"], headers=["name"]))
    assert isinstance(data, bytes) is binary
    back = file_format.create_dataset(data if binary else data.encode())
    assert back.dict == [{"name": "=cmd()"}]  # read back through restore()
    if isinstance(file_format, formats.CSVFormat):
        assert "'=cmd()" in data
    if isinstance(file_format, formats.JSONFormat):
        assert '"=cmd()"' in data  # JSON is never altered


# -- The admin -----------------------------------------------------------------------------------

IMPORT_URL = reverse("admin:tiers_actor_import")
CONFIRM_URL = reverse("admin:tiers_actor_process_import")
EXPORT_URL = reverse("admin:tiers_actor_export")
CHANGELIST_URL = reverse("admin:tiers_actor_changelist")


@pytest.fixture
def curator(client, django_user_model, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # where an upload waits for its confirmation
    user = django_user_model.objects.create_user("curator", is_staff=True)
    codenames = ["view_actor", "change_actor", "delete_actor", "import_actor", "export_actor"]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    return client


def upload(client, data, name="actors.csv", file_format="0"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(IMPORT_URL, {"resource": "0", "format": file_format, "import_file": file})


@pytest.mark.usefixtures("references")
def test_import_template_and_form_class_and_formats_are_the_projects(curator):
    response = curator.get(IMPORT_URL)
    assert "admin/tiers/import.html" in [t.name for t in response.templates]
    form = response.context["form"]
    assert isinstance(form, LimitedImportForm)
    assert [label for _value, label in form.fields["format"].choices][1:] == ["csv", "xlsx", "json"]


@pytest.mark.usefixtures("references")
def test_the_change_list_template_offers_import_and_export(curator):
    response = curator.get(CHANGELIST_URL)
    assert "admin/import_export/change_list_import_export.html" in [
        t.name for t in response.templates
    ]


def test_import_form_class_refuses_a_file_over_the_upload_limit(curator, settings):
    settings.IMPORT_MAX_UPLOAD_SIZE = 10
    response = upload(curator, csv_file(GERMANY))
    assert response.status_code == 200
    assert "files of at most 0.0 MB can be imported" in str(response.context["form"].errors)


def test_add_data_read_fail_error_to_form_names_the_problem(curator):
    response = upload(curator, b"slug,name\r\n\xff,x\r\n")
    assert response.status_code == 200
    errors = response.context["form"].errors["import_file"]
    assert errors[0].startswith("The file is not UTF-8 text (byte 0xff")


@pytest.mark.usefixtures("references")
def test_process_result_refuses_a_file_that_went_bad_before_its_confirmation(curator):
    confirm_form = upload(curator, csv_file(GERMANY)).context["confirm_form"]
    Actor.objects.create(slug="deutschland", name="Deutschland", kind="state", iso_code="DE")
    response = curator.post(CONFIRM_URL, confirm_form.initial, follow=True)
    assert response.redirect_chain[-1][0] == IMPORT_URL
    shown = [str(m) for m in response.context["messages"]]
    assert shown[-1] == "Nothing was imported: the file has the problems above."
    assert not Actor.objects.filter(slug="germany").exists()


@pytest.mark.usefixtures("references")
def test_get_valid_export_item_pks_exports_only_the_posted_rows(curator):
    france = Actor.objects.get(slug="france")
    data = {"format": "0", "resource": "0", "actorresource_slug": "on", "actorresource_name": "on"}
    response = curator.post(EXPORT_URL, data | {"export_items": [str(france.pk)]})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines() == ["slug,name", "france,France"]
    refused = curator.post(EXPORT_URL, data | {"export_items": [str(france.pk), "999999"]})
    assert "999999 is not one of the available choices" in str(refused.context["form"].errors)


@pytest.mark.usefixtures("references")
def test_do_file_export_streams_the_file(curator):
    data = {"format": "0", "resource": "0", "actorresource_slug": "on"}
    response = curator.post(EXPORT_URL, data)
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"].startswith('attachment; filename="Actor-')
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert sorted(lines[1:]) == ["france", "nato", "united-kingdom"]


@pytest.mark.usefixtures("references")
def test_the_export_action_sits_beside_the_guarded_delete(curator):
    """ExportActionMixin.get_actions adds its action to those of EditorialAdmin, below it."""
    response = curator.get(CHANGELIST_URL)
    actions = response.context["cl"].model_admin.get_actions(response.wsgi_request)
    assert "export_admin_action" in actions
    assert actions["delete_selected"][0] is EditorialAdmin.delete_unless_published


# -- What the project overrides, by name and parameters -----------------------------------------

# Every django-import-export method or option each project class replaces (with the mixins
# written for it). An override added without being listed here, or a name the library no longer
# has, fails the tests below.
OVERRIDES = {
    engine.RecordResource: {
        "__init__",
        "after_import",
        "after_import_row",
        "before_import",
        "before_import_row",
        "before_save_instance",
        "bulk_create",
        "bulk_update",
        "get_import_fields",
        "get_import_id_fields",
        "get_result_class",
        "init_instance",
        "import_data",
        "import_instance",
        "skip_row",
        "validate_instance",
    },
    RESOURCES["status-changes"]: {"after_import"},
    loader.NaturalKeyLoader: {"__init__", "get_instance"},
    columns.TextWidget: {"clean", "render"},
    columns.ChoiceWidget: {"clean", "render"},
    columns.YesNoWidget: {"clean", "render"},
    columns.DecimalWidget: {"clean", "render"},
    columns.DateWidget: {"clean", "render"},
    columns.WholeNumberWidget: {"clean", "render"},
    columns.KeyWidget: {"clean", "render"},
    columns.KeysWidget: {"clean", "render"},
    columns.StatusChangeWidget: {"clean", "render"},
    columns.ManyKeysWidget: set(),  # KeysWidget's methods, in ManyToManyWidget's place
    columns.KeysField: {"get_value"},
    columns.PartialDateField: {"clean", "export", "get_value", "save"},
    formats.RecordFormat: {"create_dataset", "export_data"},
    RecordImportExportMixin: {
        "_do_file_export",
        "add_data_read_fail_error_to_form",
        "formats",
        "get_valid_export_item_pks",
        "import_export_change_list_template",
        "import_form_class",
        "import_template_name",
        "process_result",
    },
}

# The library classes whose methods a project class replaces, where its own bases do not say.
LIBRARY_BASES = {
    formats.RecordFormat: [base_formats.CSV, base_formats.JSON, base_formats.XLSX],
    columns.KeysWidget: [widgets.Widget, widgets.ManyToManyWidget],  # ManyKeysWidget's base
}
# Classes the library instantiates itself: their constructor is a hook too.
BUILT_BY_THE_LIBRARY = {engine.RecordResource, loader.NaturalKeyLoader}
# Names that the library's metaclasses write on every subclass.
GENERATED = {"fields", "_meta", "declared_fields", "base_fields", "media"}


def is_library(cls) -> bool:
    return cls.__module__.startswith("import_export")


def own_namespace(cls) -> dict:
    """What ``cls`` defines itself or through its own mixins, up to the library's classes or
    another listed class."""
    listed = {
        klass
        for other in OVERRIDES
        if other is not cls and issubclass(cls, other)
        for klass in other.__mro__
    }
    namespace = {}
    for klass in cls.__mro__:
        if is_library(klass) or klass in listed or klass is object:
            continue
        if klass.__module__.startswith("django"):
            continue
        for name, value in vars(klass).items():
            namespace.setdefault(name, value)
    return namespace


def library_attribute(cls, name):
    for base in LIBRARY_BASES.get(cls, [cls]):
        for klass in base.__mro__:
            if is_library(klass) and name in vars(klass):
                yield klass, vars(klass)[name]
                break
        else:
            yield base, None


def _function(attribute):
    if isinstance(attribute, classmethod | staticmethod):
        attribute = attribute.__func__
    return attribute if inspect.isfunction(attribute) else None


def _parameters(function):
    """The parameters after ``self`` or ``cls``."""
    return list(inspect.signature(function).parameters.values())[1:]


@pytest.mark.parametrize("cls", list(OVERRIDES), ids=lambda cls: cls.__name__)
def test_every_override_is_listed(cls):
    """The names a project class defines that the library's classes also define."""
    overridden = set()
    for name in own_namespace(cls):
        if name in GENERATED or (name.startswith("__") and name != "__init__"):
            continue
        if name == "__init__" and cls not in BUILT_BY_THE_LIBRARY:
            continue
        if any(value is not None for _base, value in library_attribute(cls, name)):
            overridden.add(name)
    assert overridden == OVERRIDES[cls]


@pytest.mark.parametrize(
    ("cls", "name"),
    [(cls, name) for cls, names in OVERRIDES.items() for name in sorted(names)],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_every_override_still_exists_upstream_with_compatible_parameters(cls, name):
    ours = _function(own_namespace(cls)[name])
    for base, upstream in library_attribute(cls, name):
        assert upstream is not None, f"{base.__name__}.{name} no longer exists"
        theirs = _function(upstream)
        if ours is None or theirs is None:
            continue  # an option (a template name, a class): its existence is what matters
        mine = {p.name: p for p in _parameters(ours)}
        any_keyword = any(p.kind is p.VAR_KEYWORD for p in mine.values())
        any_position = any(p.kind is p.VAR_POSITIONAL for p in mine.values())
        for parameter in _parameters(theirs):
            if parameter.kind is parameter.VAR_KEYWORD:
                assert any_keyword, f"{cls.__name__}.{name} must take **kwargs like {base.__name__}"
            elif parameter.kind is parameter.VAR_POSITIONAL:
                assert any_position, f"{cls.__name__}.{name} must take *args like {base.__name__}"
            else:
                assert parameter.name in mine or any_keyword, (
                    f"{cls.__name__}.{name} does not take {base.__name__}'s “{parameter.name}”"
                )
        passed = {p.name for p in _parameters(theirs)}
        for parameter in mine.values():
            required = parameter.default is parameter.empty and parameter.kind in (
                parameter.POSITIONAL_OR_KEYWORD,
                parameter.KEYWORD_ONLY,
            )
            assert not required or parameter.name in passed, (
                f"{cls.__name__}.{name} requires “{parameter.name}”, which {base.__name__} "
                "never passes"
            )


def test_every_resource_option_is_one_the_library_reads():
    known = set(vars(options.ResourceOptions))
    for resource in [engine.RecordResource, *RESOURCES.values()]:
        declared = {name for name in vars(resource.Meta) if not name.startswith("__")}
        assert declared <= known, f"{resource.__name__}: {declared - known}"


def test_the_import_form_still_has_the_field_the_upload_limit_cleans():
    assert "import_file" in ie_forms.ImportForm.base_fields
    assert "clean_import_file" in vars(LimitedImportForm)
