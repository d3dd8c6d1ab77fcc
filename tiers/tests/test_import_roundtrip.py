"""Lossless round trips: an exported file imports unchanged, and recreates the records it holds."""

import datetime
from decimal import Decimal

import pytest

from tiers.importing.files import export_bytes, import_file
from tiers.importing.formats import CSVFormat, JSONFormat, XLSXFormat
from tiers.importing.resources import RESOURCES
from tiers.models import (
    Actor,
    Commitment,
    Figure,
    Membership,
    Source,
    Statement,
    StatusChange,
    Tier,
    Visibility,
)
from tiers.tests.factories import (
    ActorFactory,
    CommitmentFactory,
    FigureFactory,
    MembershipFactory,
    SourceFactory,
    StatusChangeFactory,
)

FORMATS = {"csv": CSVFormat, "xlsx": XLSXFormat, "json": JSONFormat}
MODELS = [Tier, Source, Actor, Membership, Commitment, Statement, StatusChange, Figure]
# Not curated: when the record was saved, and the link checker's last findings about a source.
NOT_CURATED = {"id", "created_at", "updated_at", "link_status", "link_problem", "links_checked_at"}
# Every text cell that a spreadsheet would take for a formula, with what must survive.
AWKWARD = ["=1+1", "+44 20", "-minus", "@mention", "\ttabbed", "\rreturn", "“quoted”, with, commas"]


def natural(record):
    return None if record is None else record.natural_key()


def snapshot():
    """Every curated field of every record, relations by natural key."""
    data = {}
    for model in MODELS:
        records = {}
        for record in model.objects.all():
            values = {}
            for field in model._meta.concrete_fields:
                if field.name in NOT_CURATED:
                    continue
                value = getattr(record, field.name)
                values[field.name] = natural(value) if field.is_relation else value
            for field in model._meta.many_to_many:
                related = getattr(record, field.name).all()
                values[field.name] = sorted(natural(r) for r in related)
            records[record.natural_key()] = values
        data[model.__name__] = records
    return data


@pytest.fixture
def awkward_records(seed):
    """The seed, plus records using every kind of cell: partial dates, numbers, odd text."""
    source = SourceFactory(
        key="no-url",
        url="",
        title=AWKWARD[4],
        published_on=datetime.date(2024, 1, 1),
        published_precision="year",
        accessed_on=datetime.date(2026, 2, 3),
        visibility=Visibility.DRAFT,
    )
    actor = ActorFactory(
        slug="awkward-actor",
        name=AWKWARD[0],
        short_name=AWKWARD[1],
        kind=Actor.Kind.STATE,
        iso_code="DE",
        wikidata_id="Q183",
        description=AWKWARD[6],
        visibility=Visibility.REVIEW,
    )
    commitment = CommitmentFactory(
        slug="awkward-commitment",
        tier=Tier.objects.get(number=3),
        title=AWKWARD[2],
        description=AWKWARD[3],
        announced_on=datetime.date(2025, 8, 1),
        announced_precision="month",
        lead_actor=actor,
        actors=[actor, Actor.objects.get(slug="france")],
        sources=[source, Source.objects.get(key="unn-2026-02-03-rutte-three-levels")],
        condition=Commitment.Condition.OTHER,
        condition_description=AWKWARD[5],
        condition_triggered=True,
        visibility=Visibility.DRAFT,
    )
    MembershipFactory(
        member=actor,
        organisation=Actor.objects.get(slug="nato"),
        role=Membership.Role.POSITION,
        title=AWKWARD[0],
        start_on=datetime.date(2024, 10, 1),
        start_precision="day",
        end_on=datetime.date(2025, 1, 1),
        end_precision="year",
        source=source,
        visibility=Visibility.DRAFT,
    )
    statement = Statement.objects.create(
        slug="awkward-statement",
        speaker=actor,
        on_behalf_of=Actor.objects.get(slug="nato"),
        speaker_role=AWKWARD[3],
        said_on=datetime.date(2025, 8, 1),
        said_precision="month",
        occasion=AWKWARD[5],
        quote="=Гарантії безпеки\r\nдругий рядок",
        language="uk",
        translation="Security guarantees",
        translated_by=AWKWARD[1],
        visibility=Visibility.DRAFT,
    )
    statement.tiers.set(Tier.objects.filter(number__in=[1, 3]))
    statement.commitments.set([commitment])
    statement.sources.set([source])
    change = StatusChangeFactory(
        commitment=commitment,
        occurred_on=datetime.date(2025, 9, 4),
        progress=Commitment.Progress.AGREED,
        legal_form=Commitment.LegalForm.INTENT,
        summary=AWKWARD[2],
        source=source,
        statement=statement,
        visibility=Visibility.DRAFT,
    )
    FigureFactory(
        key="awkward-figure",
        commitment=commitment,
        status_change=change,
        value=Decimal("1500000.5"),
        currency="EUR",
        period_start_on=datetime.date(2024, 1, 1),
        period_start_precision="year",
        period_end_on=datetime.date(2026, 3, 1),
        period_end_precision="month",
        source=source,
        rank=Figure.Rank.PREFERRED,
        note=AWKWARD[6],
        visibility=Visibility.DRAFT,
    )
    FigureFactory(
        key="awkward-quantity",
        commitment=commitment,
        kind=Figure.Kind.QUANTITY,
        value=Decimal("0.0001"),
        currency="",
        unit=AWKWARD[0],
        source=None,
        rank=Figure.Rank.DEPRECATED,
        visibility=Visibility.DRAFT,
    )


@pytest.mark.parametrize("type_name", RESOURCES)
def test_importing_a_file_just_exported_changes_nothing(awkward_records, type_name):
    before = snapshot()
    stamps = {m: set(m.objects.values_list("pk", "updated_at")) for m in MODELS}
    model = RESOURCES[type_name]._meta.model
    for extension, file_format in FORMATS.items():
        data = export_bytes(type_name, file_format())

        result = import_file(type_name, data, f"{type_name}.{extension}")

        assert result.messages() == [], extension
        assert result.totals["skip"] == model.objects.count(), extension
        assert result.totals["new"] == result.totals["update"] == 0, extension
        assert snapshot() == before, extension
        assert {m: set(m.objects.values_list("pk", "updated_at")) for m in MODELS} == stamps


@pytest.mark.parametrize("extension", FORMATS)
def test_the_exports_of_every_type_recreate_an_emptied_database(awkward_records, extension):
    before = snapshot()
    files = {name: export_bytes(name, FORMATS[extension]()) for name in RESOURCES}
    for model in reversed(MODELS):
        model.objects.all().delete()
    assert all(not model.objects.exists() for model in MODELS)

    for name, data in files.items():  # RESOURCES is in dependency order
        result = import_file(name, data, f"{name}.{extension}")
        assert result.messages() == [], name
        assert result.totals["new"] == len(before[RESOURCES[name]._meta.model.__name__])

    after = snapshot()
    for model in MODELS:
        assert after[model.__name__] == before[model.__name__], model.__name__


def test_a_changed_row_is_an_update_and_the_rest_are_unchanged(awkward_records):
    data = export_bytes("commitments", JSONFormat()).decode()
    data = data.replace('"title": "-minus"', '"title": "A new title"')

    result = import_file("commitments", data.encode(), "commitments.json")

    assert (result.totals["update"], result.totals["skip"]) == (1, Commitment.objects.count() - 1)
    assert Commitment.objects.get(slug="awkward-commitment").title == "A new title"
