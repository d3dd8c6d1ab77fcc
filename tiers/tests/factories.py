"""factory_boy factories: valid, published records unless a test says otherwise."""

import datetime

import factory

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


class TierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tier
        django_get_or_create = ["number"]

    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Tier {n + 1}")
    slug = factory.Sequence(lambda n: f"tier-{n + 1}")
    summary = "A tier of guarantees."
    visibility = Visibility.PUBLISHED


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Actor {n}")
    slug = factory.Sequence(lambda n: f"actor-{n}")
    kind = Actor.Kind.ORGANISATION
    visibility = Visibility.PUBLISHED


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    key = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"Source {n}")
    publisher = "Publisher"
    url = factory.Sequence(lambda n: f"https://example.org/source/{n}")
    kind = Source.Kind.NEWS
    published_on = datetime.date(2025, 8, 18)
    published_precision = "day"
    visibility = Visibility.PUBLISHED


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    member = factory.SubFactory(ActorFactory, kind=Actor.Kind.STATE)
    organisation = factory.SubFactory(ActorFactory, kind=Actor.Kind.COALITION)
    role = Membership.Role.MEMBER
    source = factory.SubFactory(SourceFactory)
    visibility = Visibility.PUBLISHED


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment
        skip_postgeneration_save = True

    tier = factory.SubFactory(TierFactory)
    title = factory.Sequence(lambda n: f"Commitment {n}")
    slug = factory.Sequence(lambda n: f"commitment-{n}")
    category = Commitment.Category.TROOPS
    announced_on = datetime.date(2025, 9, 4)
    announced_precision = "day"
    lead_actor = factory.SubFactory(ActorFactory)
    visibility = Visibility.PUBLISHED

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        if create:
            self.sources.set(extracted if extracted is not None else [SourceFactory()])

    @factory.post_generation
    def actors(self, create, extracted, **kwargs):
        if create:
            actors = extracted if extracted is not None else [self.lead_actor]
            self.actors.set([a for a in actors if a is not None])


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusChange

    commitment = factory.SubFactory(CommitmentFactory)
    occurred_on = factory.Sequence(lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(n))
    occurred_precision = "day"
    progress = Commitment.Progress.ANNOUNCED
    summary = "Announced."
    source = factory.SubFactory(SourceFactory)
    visibility = Visibility.PUBLISHED


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement
        skip_postgeneration_save = True

    speaker = factory.SubFactory(ActorFactory, kind=Actor.Kind.PERSON)
    slug = factory.Sequence(lambda n: f"statement-{n}")
    said_on = datetime.date(2025, 8, 18)
    said_precision = "day"
    quote = factory.Sequence(lambda n: f"We will help, said speaker number {n}.")
    language = "en"
    visibility = Visibility.PUBLISHED

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        if create:
            self.sources.set(extracted if extracted is not None else [SourceFactory()])

    @factory.post_generation
    def tiers(self, create, extracted, **kwargs):
        if create and extracted:
            self.tiers.set(extracted)

    @factory.post_generation
    def commitments(self, create, extracted, **kwargs):
        if create and extracted:
            self.commitments.set(extracted)


class FigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Figure

    key = factory.Sequence(lambda n: f"figure-{n}")
    commitment = factory.SubFactory(CommitmentFactory)
    kind = Figure.Kind.MONEY
    value = factory.Sequence(lambda n: 1_000_000 * (n + 1))
    currency = "EUR"
    source = factory.SubFactory(SourceFactory)
    visibility = Visibility.PUBLISHED
