"""Synthetic records at realistic volumes, for benchmarks and tests only.

Every record is marked: slugs and keys start with ``synthetic-``, source URLs use the reserved
``.invalid`` domain, and every commitment, status change and statement cites the source titled
"Synthetic data". Nothing here states a fact; the seed fixtures are never touched.

Records are built and inserted ``batch_size`` at a time, so that the number of queries grows with
the number of batches, not of records, and memory holds one batch plus the ids that later records
refer to. Each kind of random choice draws from its own stream of the seed, so the same seed gives
the same records whatever the batch size.
"""

import datetime
import random
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, transaction

from .models import (
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
from .synthetic_cleanup import MARKER_KEY, PREFIX, delete_synthetic

__all__ = ["MARKER_KEY", "PREFIX", "Counts", "counts_for", "delete_synthetic", "generate"]

BATCH = 2000

WORDS = (
    "security guarantees ceasefire coalition reassurance force air defence training brigade "
    "monitoring maritime presence financing sanctions agreement treaty parliament ratification "
    "support army readiness deployment peace deal partners summit declaration intent protection "
    "sovereignty aggression deterrence logistics equipment artillery drones intelligence border"
).split()
PLACES = ["Paris", "London", "Kyiv", "Brussels", "Washington", "Berlin", "Warsaw", "Rome"]
LANGUAGES = ["en", "en", "en", "uk", "fr", "de"]


@dataclass
class Counts:
    actors: int
    sources: int
    memberships: int
    commitments: int
    status_changes: int
    figures: int
    statements: int


def counts_for(commitments: int, statements: int) -> Counts:
    """Volumes of the other record types in proportion to the two that are asked for."""
    actors = max(10, commitments // 20)
    return Counts(
        actors=actors,
        sources=max(5, commitments // 2),
        memberships=actors * 2,
        commitments=commitments,
        status_changes=commitments * 3,
        # Every third commitment has an amount; every ninth, two sources that disagree on it.
        figures=len(range(0, commitments, 3)) + len(range(0, commitments, 9)),
        statements=statements,
    )


def generate(
    commitments: int,
    statements: int,
    seed: int = 1,
    published_share: float = 0.9,
    batch_size: int = BATCH,
):
    """Create the records in bulk inside one transaction; return the counts created."""
    counts = counts_for(commitments, statements)
    with transaction.atomic():
        _Generator(seed, published_share, batch_size).run(counts)
    analyze_tables()
    return counts


def analyze_tables() -> None:
    """Bring PostgreSQL's statistics up to date after a bulk load.

    Until autovacuum gets to them, the planner still sees the tables as they were before the
    load: at 500,000 statements it then picks nested loops over what it takes for a handful of
    published rows, and a download's query runs for most of an hour instead of seconds.
    """
    if connection.vendor != "postgresql":
        return
    models = [
        model
        for model in apps.get_app_config("tiers").get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


def _batches(total, size):
    """Consecutive ranges of record numbers, ``size`` at a time."""
    for start in range(0, total, size):
        yield range(start, min(start + size, total))


def _sentence(rng, words=12):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _date(rng):
    """A partial date between 2022 and 2026, at a random precision."""
    day = datetime.date(2022, 1, 1) + datetime.timedelta(days=rng.randrange(5 * 365))
    precision = rng.choices(["day", "month", "year"], weights=[8, 3, 1])[0]
    if precision == "month":
        day = day.replace(day=1)
    elif precision == "year":
        day = day.replace(month=1, day=1)
    return day, precision


def _tiers():
    tiers = {t.number: t for t in Tier.objects.filter(number__in=[1, 2, 3])}
    for number in sorted({1, 2, 3} - tiers.keys()):
        tiers[number] = Tier.objects.create(
            number=number,
            name=f"Synthetic tier {number}",
            slug=f"{PREFIX}tier-{number}",
            summary="Synthetic data.",
            visibility=Visibility.PUBLISHED,
        )
    return [tiers[number].pk for number in sorted(tiers)]


class _Generator:
    """Builds one batch at a time and keeps only the ids that later records point to."""

    def __init__(self, seed, share, batch_size):
        self.seed, self.share, self.batch_size = seed, share, batch_size
        self.streams = {}

    def rng(self, name) -> random.Random:
        """The random stream of one kind of choice (a string seed is hashed reproducibly)."""
        if name not in self.streams:
            self.streams[name] = random.Random(f"{self.seed}:{name}")  # noqa: S311 - test data
        return self.streams[name]

    def visibility(self, rng):
        if rng.random() < self.share:
            return Visibility.PUBLISHED
        return rng.choice([Visibility.DRAFT, Visibility.REVIEW])

    def insert(self, model, objs):
        """Insert one batch through the model's manager; the objects come back with their ids.

        One INSERT on PostgreSQL (UNNEST takes any number of rows); SQLite's limit on query
        parameters makes Django split it.
        """
        return model._default_manager.bulk_create(objs)

    def run(self, counts: Counts):
        self.tier_ids = _tiers()
        self.marker = Source.objects.create(
            key=MARKER_KEY,
            title="Synthetic data",
            publisher="Generated for benchmarks and tests",
            kind=Source.Kind.OTHER,
            visibility=Visibility.PUBLISHED,
        )
        self.source_ids = [self.marker.pk]
        for numbers in _batches(counts.sources, self.batch_size):
            self.source_ids += [s.pk for s in self.insert(Source, self.sources(numbers))]
        self.actor_ids, self.person_ids = [], []
        for numbers in _batches(counts.actors, self.batch_size):
            for actor in self.insert(Actor, self.actors(numbers)):
                self.actor_ids.append(actor.pk)
                if actor.kind == Actor.Kind.PERSON:
                    self.person_ids.append(actor.pk)
        for numbers in _batches(counts.memberships, self.batch_size):
            self.insert(Membership, self.memberships(numbers))
        self.commitment_ids = []
        per_commitment = counts.status_changes // max(1, counts.commitments)
        for numbers in _batches(counts.commitments, self.batch_size):
            batch = self.insert(Commitment, self.commitments(numbers))
            self.commitment_ids += [c.pk for c in batch]
            self.insert(Commitment.actors.through, self.commitment_actors(batch))
            self.insert(Commitment.sources.through, self.commitment_sources(batch))
            self.insert(StatusChange, self.status_changes(batch, per_commitment))
            self.insert(Figure, self.figures(batch, numbers))
        # Progress and legal form follow the status changes: one UPDATE for all of them.
        Commitment.objects.filter(slug__startswith=PREFIX).refresh_states()
        for numbers in _batches(counts.statements, self.batch_size):
            batch = self.insert(Statement, self.statements(numbers))
            for through, links in self.statement_links(batch).items():
                self.insert(through, links)

    def sources(self, numbers):
        rng = self.rng("sources")
        for n in numbers:
            on, precision = _date(rng)
            yield Source(
                key=f"{PREFIX}source-{n}",
                title=f"Synthetic source {n}: {_sentence(rng, 6)}",
                publisher=f"Synthetic publisher {n % 40}",
                url=f"https://synthetic.invalid/source/{n}",
                kind=rng.choice(Source.Kind.values),
                published_on=on,
                published_precision=precision,
                visibility=self.visibility(rng),
            )

    def actors(self, numbers):
        rng = self.rng("actors")
        kinds = [Actor.Kind.STATE] * 4 + [Actor.Kind.PERSON] * 4 + [Actor.Kind.ORGANISATION]
        kinds += [Actor.Kind.COALITION, Actor.Kind.BODY]
        for n in numbers:
            yield Actor(
                name=f"Synthetic actor {n}",
                short_name=f"SA{n}",
                kind=rng.choice(kinds),
                slug=f"{PREFIX}actor-{n}",
                visibility=self.visibility(rng),
            )

    def memberships(self, numbers):
        rng = self.rng("memberships")
        for n in numbers:
            member_id, organisation_id = rng.sample(self.actor_ids, 2)
            start, _ = _date(rng)
            yield Membership(
                member_id=member_id,
                organisation_id=organisation_id,
                role=rng.choice(Membership.Role.values[:4]),
                start_on=start + datetime.timedelta(days=n),  # unique with the other key parts
                start_precision="day",
                source_id=rng.choice(self.source_ids),
                visibility=self.visibility(rng),
            )

    def commitments(self, numbers):
        rng = self.rng("commitments")
        for n in numbers:
            on, precision = _date(rng)
            condition = rng.choice(Commitment.Condition.values)
            yield Commitment(
                tier_id=rng.choice(self.tier_ids),
                title=f"Synthetic commitment {n}: {_sentence(rng, 5)}",
                slug=f"{PREFIX}commitment-{n}",
                description=_sentence(rng, 40),
                category=rng.choice(Commitment.Category.values),
                announced_on=on,
                announced_precision=precision,
                lead_actor_id=rng.choice(self.actor_ids),
                condition=condition,
                condition_description=_sentence(rng, 6) if condition == "other" else "",
                condition_triggered=rng.random() < 0.1,
                visibility=self.visibility(rng),
            )

    def commitment_actors(self, commitments):
        rng, through = self.rng("commitment-actors"), Commitment.actors.through
        for c in commitments:
            joined = {c.lead_actor_id, *rng.sample(self.actor_ids, rng.randint(0, 2))}
            yield from (through(commitment_id=c.pk, actor_id=pk) for pk in sorted(joined))

    def commitment_sources(self, commitments):
        rng, through = self.rng("commitment-sources"), Commitment.sources.through
        for c in commitments:
            cited = {self.marker.pk, *rng.sample(self.source_ids, rng.randint(0, 2))}
            yield from (through(commitment_id=c.pk, source_id=pk) for pk in sorted(cited))

    def status_changes(self, commitments, per_commitment):
        rng, path = self.rng("status-changes"), Commitment.Progress.values
        for c in commitments:
            start = c.announced_on or datetime.date(2024, 1, 1)
            for step in range(per_commitment):
                yield StatusChange(
                    commitment_id=c.pk,
                    occurred_on=start + datetime.timedelta(days=30 * step),
                    occurred_precision="day",
                    progress=path[min(step, len(path) - 1)],
                    legal_form=rng.choice(["", *Commitment.LegalForm.values]),
                    summary=_sentence(rng, 8),
                    source_id=self.marker.pk,
                    visibility=self.visibility(rng),
                )

    def figures(self, commitments, numbers):
        """A money figure for every third commitment, and for every ninth a second one from
        another source that disagrees with it (neither preferred)."""
        rng = self.rng("figures")
        for c, n in zip(commitments, numbers, strict=True):
            if n % 3:
                continue
            currency = rng.choice(["EUR", "USD", "GBP"])
            value = rng.randrange(1, 10_000) * 1_000_000
            year = (c.announced_on or datetime.date(2024, 1, 1)).year
            disputed = n % 9 == 0
            period = {
                "period_start_on": datetime.date(year, 1, 1),
                "period_start_precision": "year",
            }
            period |= {"period_end_on": datetime.date(year, 1, 1), "period_end_precision": "year"}
            sources = (
                [self.marker.pk, rng.choice(self.source_ids)] if disputed else [self.marker.pk]
            )
            for index, source_id in enumerate(sources):
                yield Figure(
                    key=f"{c.slug}-{currency.lower()}" + (f"-{index + 1}" if disputed else ""),
                    commitment_id=c.pk,
                    kind=Figure.Kind.MONEY,
                    value=value + index * 500_000_000,
                    currency=currency,
                    source_id=source_id,
                    rank=Figure.Rank.NORMAL if disputed else Figure.Rank.PREFERRED,
                    visibility=self.visibility(rng),
                    **period,
                )

    def statements(self, numbers):
        rng = self.rng("statements")
        speakers = self.person_ids or self.actor_ids
        for n in numbers:
            on, precision = _date(rng)
            language = rng.choice(LANGUAGES)
            yield Statement(
                speaker_id=rng.choice(speakers),
                speaker_role="Synthetic role",
                slug=f"{PREFIX}statement-{n}",
                said_on=on,
                said_precision=precision,
                occasion=rng.choice(PLACES),
                quote=_sentence(rng, rng.randint(10, 40)),
                language=language,
                visibility=self.visibility(rng),
            )

    def statement_links(self, statements):
        """Each statement cites the marker, concerns one tier and, half of them, a commitment."""
        rng = self.rng("statement-links")
        sources, tiers, commitments = [], [], []
        for s in statements:
            sources.append(Statement.sources.through(statement_id=s.pk, source_id=self.marker.pk))
            tier_id = rng.choice(self.tier_ids)
            tiers.append(Statement.tiers.through(statement_id=s.pk, tier_id=tier_id))
            if self.commitment_ids and rng.random() < 0.5:
                commitment_id = rng.choice(self.commitment_ids)
                commitments.append(
                    Statement.commitments.through(statement_id=s.pk, commitment_id=commitment_id)
                )
        return {
            Statement.sources.through: sources,
            Statement.tiers.through: tiers,
            Statement.commitments.through: commitments,
        }
