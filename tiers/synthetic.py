"""Synthetic records at realistic volumes, for benchmarks and tests only.

Every record is marked: slugs and keys start with ``synthetic-``, source URLs use the reserved
``.invalid`` domain, and every commitment, status change and statement cites the source titled
"Synthetic data". Nothing here states a fact; the seed fixtures are never touched.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction

from .models import (
    Actor,
    Commitment,
    Membership,
    Source,
    Statement,
    StatusChange,
    Tier,
    Visibility,
)

PREFIX = "synthetic-"
MARKER_KEY = "synthetic-data"
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
        statements=statements,
    )


def delete_synthetic() -> None:
    """Remove every synthetic record (and nothing else)."""
    with transaction.atomic():
        StatusChange.objects.filter(commitment__slug__startswith=PREFIX).delete()
        Statement.objects.filter(slug__startswith=PREFIX).delete()
        Commitment.objects.filter(slug__startswith=PREFIX).delete()
        Membership.objects.filter(member__slug__startswith=PREFIX).delete()
        Actor.objects.filter(slug__startswith=PREFIX).delete()
        Source.objects.filter(key__startswith=PREFIX).delete()
        Source.objects.filter(key=MARKER_KEY).delete()
        Tier.objects.filter(slug__startswith=PREFIX).delete()


def generate(commitments: int, statements: int, seed: int = 1, published_share: float = 0.9):
    """Create the records in bulk inside one transaction; return the counts created."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not security
    counts = counts_for(commitments, statements)
    with transaction.atomic():
        return _generate(rng, counts, published_share)


def _visibility(rng, share):
    if rng.random() < share:
        return Visibility.PUBLISHED
    return rng.choice([Visibility.DRAFT, Visibility.REVIEW])


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
    for number in {1, 2, 3} - tiers.keys():
        tiers[number] = Tier.objects.create(
            number=number,
            name=f"Synthetic tier {number}",
            slug=f"{PREFIX}tier-{number}",
            summary="Synthetic data.",
            visibility=Visibility.PUBLISHED,
        )
    return list(tiers.values())


def _generate(rng, counts: Counts, share: float) -> Counts:
    tiers = _tiers()
    marker = Source.objects.create(
        key=MARKER_KEY,
        title="Synthetic data",
        publisher="Generated for benchmarks and tests",
        kind=Source.Kind.OTHER,
        visibility=Visibility.PUBLISHED,
    )
    sources = [marker]
    for n in range(counts.sources):
        on, precision = _date(rng)
        sources.append(
            Source(
                key=f"{PREFIX}source-{n}",
                title=f"Synthetic source {n}: {_sentence(rng, 6)}",
                publisher=f"Synthetic publisher {n % 40}",
                url=f"https://synthetic.invalid/source/{n}",
                kind=rng.choice(Source.Kind.values),
                published_on=on,
                published_precision=precision,
                visibility=_visibility(rng, share),
            )
        )
    Source.objects.bulk_create(sources[1:], batch_size=BATCH)
    sources = list(Source.objects.filter(key__startswith=PREFIX))

    kinds = [Actor.Kind.STATE] * 4 + [Actor.Kind.PERSON] * 4 + [Actor.Kind.ORGANISATION]
    actors = [
        Actor(
            name=f"Synthetic actor {n}",
            short_name=f"SA{n}",
            kind=rng.choice(kinds + [Actor.Kind.COALITION, Actor.Kind.BODY]),
            slug=f"{PREFIX}actor-{n}",
            visibility=_visibility(rng, share),
        )
        for n in range(counts.actors)
    ]
    Actor.objects.bulk_create(actors, batch_size=BATCH)
    actors = list(Actor.objects.filter(slug__startswith=PREFIX))

    memberships = []
    for n in range(counts.memberships):
        member, organisation = rng.sample(actors, 2)
        start, start_precision = _date(rng)
        memberships.append(
            Membership(
                member=member,
                organisation=organisation,
                role=rng.choice(Membership.Role.values[:4]),
                start_on=start + datetime.timedelta(days=n),  # unique with the other key parts
                start_precision="day",
                source=rng.choice(sources),
                visibility=_visibility(rng, share),
            )
        )
    Membership.objects.bulk_create(memberships, batch_size=BATCH)

    commitments = []
    for n in range(counts.commitments):
        on, precision = _date(rng)
        has_amount = rng.random() < 0.3
        condition = rng.choice(Commitment.Condition.values)
        commitments.append(
            Commitment(
                tier=rng.choice(tiers),
                title=f"Synthetic commitment {n}: {_sentence(rng, 5)}",
                slug=f"{PREFIX}commitment-{n}",
                description=_sentence(rng, 40),
                category=rng.choice(Commitment.Category.values),
                amount=rng.randrange(1, 10_000) * 1_000_000 if has_amount else None,
                currency=rng.choice(["EUR", "USD", "GBP"]) if has_amount else "",
                announced_on=on,
                announced_precision=precision,
                lead_actor=rng.choice(actors),
                condition=condition,
                condition_description=_sentence(rng, 6) if condition == "other" else "",
                condition_triggered=rng.random() < 0.1,
                visibility=_visibility(rng, share),
            )
        )
    Commitment.objects.bulk_create(commitments, batch_size=BATCH)
    commitments = list(Commitment.objects.filter(slug__startswith=PREFIX).order_by("pk"))

    through = Commitment.actors.through
    Commitment.actors.through.objects.bulk_create(
        [
            through(commitment_id=c.pk, actor_id=a.pk)
            for c in commitments
            for a in {c.lead_actor, *rng.sample(actors, rng.randint(0, 2))}
        ],
        batch_size=BATCH,
    )
    through = Commitment.sources.through
    through.objects.bulk_create(
        [
            through(commitment_id=c.pk, source_id=s.pk)
            for c in commitments
            for s in {marker, *rng.sample(sources, rng.randint(0, 2))}
        ],
        batch_size=BATCH,
    )

    changes = []
    per_commitment = counts.status_changes // max(1, counts.commitments)
    path = Commitment.Progress.values
    for c in commitments:
        start = c.announced_on or datetime.date(2024, 1, 1)
        for step in range(per_commitment):
            changes.append(
                StatusChange(
                    commitment=c,
                    occurred_on=start + datetime.timedelta(days=30 * step),
                    occurred_precision="day",
                    progress=path[min(step, len(path) - 1)],
                    legal_form=rng.choice(["", *Commitment.LegalForm.values]),
                    summary=_sentence(rng, 8),
                    source=marker,
                    visibility=_visibility(rng, share),
                )
            )
    StatusChange.objects.bulk_create(changes, batch_size=BATCH)
    Commitment.objects.filter(slug__startswith=PREFIX).refresh_states()

    speakers = [a for a in actors if a.kind == Actor.Kind.PERSON] or actors
    statements = []
    for n in range(counts.statements):
        on, precision = _date(rng)
        language = rng.choice(LANGUAGES)
        statements.append(
            Statement(
                speaker=rng.choice(speakers),
                speaker_role="Synthetic role",
                slug=f"{PREFIX}statement-{n}",
                said_on=on,
                said_precision=precision,
                occasion=rng.choice(PLACES),
                quote=_sentence(rng, rng.randint(10, 40)),
                language=language,
                translation=_sentence(rng, 12) if language != "en" else "",
                visibility=_visibility(rng, share),
            )
        )
    Statement.objects.bulk_create(statements, batch_size=BATCH)
    statements = list(Statement.objects.filter(slug__startswith=PREFIX).only("pk"))
    Statement.sources.through.objects.bulk_create(
        [Statement.sources.through(statement_id=s.pk, source_id=marker.pk) for s in statements],
        batch_size=BATCH,
    )
    Statement.tiers.through.objects.bulk_create(
        [
            Statement.tiers.through(statement_id=s.pk, tier_id=rng.choice(tiers).pk)
            for s in statements
        ],
        batch_size=BATCH,
    )
    Statement.commitments.through.objects.bulk_create(
        [
            Statement.commitments.through(
                statement_id=s.pk, commitment_id=rng.choice(commitments).pk
            )
            for s in statements
            if commitments and rng.random() < 0.5
        ],
        batch_size=BATCH,
    )
    return counts
