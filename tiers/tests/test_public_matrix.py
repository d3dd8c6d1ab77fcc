"""Nothing that is not public reaches any public surface: a generated matrix.

Every curated record type (``curated_models``) × every way it can be hidden — its own visibility
draft or in review, then each record it is shown with, from the ``SHOWN_WITH`` declarations,
returned to draft in turn — × every public address in the URL configuration, in each language.
The hidden record carries a unique marker in its text and its slug; neither may appear in any
response, downloads (ZIP entries and workbooks decompressed) and the change log included.

The addresses are walked from ``get_resolver()``, not listed by hand, so a surface added later is
covered too; an address whose arguments this test cannot fill fails it, naming the address.
"""

import io
import re
import zipfile

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from tiers.models import (
    Actor,
    Commitment,
    Figure,
    Membership,
    Release,
    Source,
    Statement,
    StatusChange,
    Tier,
    Visibility,
)
from tiers.models.base import curated_models
from tiers.open_data import downloads, releases
from tiers.views.results import TIMELINE_TYPES

from .factories import (
    ActorFactory,
    CommitmentFactory,
    FigureFactory,
    MembershipFactory,
    SourceFactory,
    StatementFactory,
    StatusChangeFactory,
    TierFactory,
)

DRAFT, REVIEW, PUBLISHED = Visibility.DRAFT, Visibility.REVIEW, Visibility.PUBLISHED
SEARCH_WORD = "Zebra"  # in every hidden text, so that searches for it would find the record

# Addresses that are not public surfaces: the admin (with its pages outside the admin site's own
# namespace: the review queue and the imports of several files) and the load balancers' health
# checks.
NOT_PUBLIC_NAMESPACES = {"admin"}
NOT_PUBLIC_NAMES = {
    "healthz",
    "readyz",
    "admin_review_queue",
    "admin_review_publish_all",
    "admin_import_upload",
    "admin_import_batch",
    "admin_import_problems",
}


# -- the hidden ways, from the declarations ------------------------------------------------------


def ancestor_paths(model, prefix=""):
    """Each record a record of ``model`` is shown with, as a lookup (commitment__tier…)."""
    for name in model.SHOWN_WITH:
        parent = model._meta.get_field(name).related_model
        yield f"{prefix}{name}"
        yield from ancestor_paths(parent, f"{prefix}{name}__")


def hidden_ways(model):
    return ["own-draft", "own-review", *ancestor_paths(model)]


CASES = [(model, way) for model in curated_models() for way in hidden_ways(model)]


# -- the small dataset ---------------------------------------------------------------------------


def make_background():
    """Published records of every type that the hidden record is linked to, so that a leak
    would show on their pages, and that fill the addresses' arguments."""
    tier = TierFactory(name="Open tier", slug="open-tier")
    actor = ActorFactory(name="Open actor", slug="open-actor", kind=Actor.Kind.STATE)
    coalition = ActorFactory(name="Open coalition", slug="open-coalition")
    person = ActorFactory(name="Open person", slug="open-person", kind=Actor.Kind.PERSON)
    source = SourceFactory(title="Open source", key="open-source")
    commitment = CommitmentFactory(
        tier=tier, title="Open commitment", slug="open-commitment", lead_actor=actor
    )
    change = StatusChangeFactory(commitment=commitment, source=source, summary="Open change")
    statement = StatementFactory(
        speaker=person, slug="open-statement", sources=[source], tiers=[tier]
    )
    statement.commitments.add(commitment)
    membership = MembershipFactory(member=actor, organisation=coalition, source=source)
    figure = FigureFactory(key="open-figure", commitment=commitment, source=source, note="Open")
    return {
        Tier: tier,
        Actor: actor,
        Source: source,
        Commitment: commitment,
        StatusChange: change,
        Statement: statement,
        Membership: membership,
        Figure: figure,
        "coalition": coalition,
        "person": person,
    }


# Each ends in a letter no way ends in, so that no case's marker or slug begins another's (a
# figure is hidden by its commitment and, apart, by that commitment's tier).
def marker(model, way):
    return f"Quagga{model.__name__}{re.sub(r'[^a-z]', '', way.lower())}Z"


def slug(model, way):
    return f"quagga-{model._meta.model_name}-{way.replace('__', '-')}-z"


def build(model, way, bg):
    """The record to hide, published with its own published parents, linked to the background."""
    text, key = f"{SEARCH_WORD} {marker(model, way)}", slug(model, way)
    fresh_tier = lambda: TierFactory(name="Parent tier")  # noqa: E731
    if model is Tier:
        record = TierFactory(name=text, slug=key)
        bg[Statement].tiers.add(record)
    elif model is Actor:
        record = ActorFactory(name=text, slug=key)
        bg[Commitment].actors.add(record)
        StatementFactory(speaker=bg["person"], on_behalf_of=record, sources=[bg[Source]])
        MembershipFactory(member=record, organisation=bg["coalition"], source=bg[Source])
    elif model is Source:
        record = SourceFactory(title=text, key=key)
        bg[Commitment].sources.add(record)
        bg[Statement].sources.add(record)
    elif model is Membership:
        record = MembershipFactory(
            member=ActorFactory(kind=Actor.Kind.STATE),
            organisation=ActorFactory(kind=Actor.Kind.COALITION),
            role=Membership.Role.POSITION,
            title=text,
            source=bg[Source],
        )
    elif model is Commitment:
        record = CommitmentFactory(
            tier=fresh_tier(), title=text, slug=key, lead_actor=bg[Actor], sources=[bg[Source]]
        )
        bg[Statement].commitments.add(record)
        StatusChangeFactory(commitment=record, source=bg[Source])
    elif model is StatusChange:
        parent = CommitmentFactory(tier=fresh_tier(), lead_actor=bg[Actor], sources=[bg[Source]])
        record = StatusChangeFactory(commitment=parent, summary=text, source=bg[Source])
    elif model is Figure:
        # On a commitment of its own, beside a public figure of that commitment, so that its
        # page shows; reporting a status change of its own, which it is hidden with.
        parent = CommitmentFactory(tier=fresh_tier(), lead_actor=bg[Actor], sources=[bg[Source]])
        change = StatusChangeFactory(commitment=parent, source=bg[Source])
        FigureFactory(commitment=parent, source=bg[Source])
        record = FigureFactory(
            key=key, commitment=parent, status_change=change, source=bg[Source], note=text
        )
    elif model is Statement:
        record = StatementFactory(
            speaker=ActorFactory(kind=Actor.Kind.PERSON),
            slug=key,
            quote=f"{text} will not be said.",
            sources=[bg[Source]],
            tiers=[bg[Tier]],
            commitments=[bg[Commitment]],
        )
        StatusChangeFactory(commitment=bg[Commitment], source=bg[Source], statement=record)
    else:
        pytest.fail(f"No hidden record can be built for {model.__name__}: add it to build()")
    return record


def follow(record, path):
    for name in path.split("__"):
        record = getattr(record, name)
    return record


def hide(record, way):
    """Hide the record the way says, as editors would: by saving a visibility."""
    if way.startswith("own-"):
        target, visibility = record, REVIEW if way == "own-review" else DRAFT
    else:
        target, visibility = follow(record, way), DRAFT
    target.visibility = visibility
    target.save()


# -- the surfaces, from the URL configuration ----------------------------------------------------


def walk(patterns, namespace=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespace, pattern.namespace) if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield namespace, pattern


def public_patterns():
    for namespace, pattern in walk(get_resolver().url_patterns):
        if NOT_PUBLIC_NAMESPACES & set(namespace) or pattern.name in NOT_PUBLIC_NAMES:
            continue
        yield namespace, pattern


def arguments(pattern) -> list[str]:
    """The names of a pattern's arguments, whether it is a path() or a regular expression."""
    return list(pattern.pattern.regex.groupindex)


def pattern_model(pattern):
    """The curated model whose records a pattern's arguments name, or None."""
    viewset = getattr(pattern.callback, "cls", None)  # the API's viewsets
    if viewset is not None and hasattr(viewset, "records"):
        return viewset.records().model
    by_name = {model._meta.model_name: model for model in curated_models()}
    # The first word of the name that is a model's: commitment_detail, embed_commitment.
    words = re.split(r"[_-]", pattern.name or "")
    return next((by_name[word] for word in words if word in by_name), None)


def record_kwargs(pattern, record):
    """The pattern's arguments for one record, or None when they are not its fields."""
    kwargs = {}
    for name in arguments(pattern):
        if not hasattr(record, name):
            return None
        kwargs[name] = str(getattr(record, name))
    return kwargs


def choice_kwargs(pattern):
    """Arguments that range over a fixed set rather than over records."""
    names = set(arguments(pattern))
    if names == {"section"} and "sitemaps" in pattern.default_args:
        return [{"section": section} for section in pattern.default_args["sitemaps"]]
    # The releases the responses fixture cut once every case was hidden, and their files.
    if names == {"name"}:
        return [{"name": release.name} for release in Release.objects.all()]
    if names == {"name", "file_name"}:
        return [
            {"name": release.name, "file_name": file_name}
            for release in Release.objects.all()
            for file_name in releases.FILE_NAMES
        ]
    if names == {"type_name"} and pattern.name == "timeline_results":
        return [{"type_name": type_name} for type_name in TIMELINE_TYPES]
    if names == {"type_name", "extension"}:
        return [
            {"type_name": type_name, "extension": extension}
            for type_name in downloads.TYPE_NAMES
            for extension in downloads.FORMATS
        ]
    return None


def addresses(records):
    """(address, record named or None) for every public pattern, in every language.

    ``records`` fill the arguments of patterns that name a record: each record of the pattern's
    model among them. A pattern whose arguments cannot be filled fails the test.
    """
    found = {}
    for namespace, pattern in public_patterns():
        name = ":".join((*namespace, pattern.name)) if pattern.name else None
        assert name, f"The public address {pattern.pattern} has no name, so it cannot be tested"
        converters, choices = arguments(pattern), None
        if not converters:
            fillings = [({}, None)]
        elif (choices := choice_kwargs(pattern)) is not None:  # a set, even an empty one
            fillings = [(kwargs, None) for kwargs in choices]
        else:
            model = pattern_model(pattern)
            fillings = [
                (kwargs, record)
                for record in records
                if model is not None
                and isinstance(record, model)
                and (kwargs := record_kwargs(pattern, record)) is not None
            ]
        assert fillings or choices is not None, (
            f"The public address “{name}” ({pattern.pattern}) has arguments "
            f"{sorted(converters)} that the public matrix cannot fill: teach it how"
        )
        for language, _label in settings.LANGUAGES:
            with translation.override(language):
                for kwargs, record in fillings:
                    found[reverse(name, kwargs=kwargs)] = record
    return found


# -- reading responses ---------------------------------------------------------------------------


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def texts(data: bytes):
    """The response's text, and that of each entry when it is a ZIP (a workbook, the archive)."""
    if data.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for entry in archive.namelist():
                yield from texts(archive.read(entry))
    else:
        yield data.decode("utf-8", errors="replace")


# -- the matrix ----------------------------------------------------------------------------------


def shown_records(bg):
    return [record for record in bg.values() if isinstance(record, tuple(curated_models()))]


@pytest.fixture(scope="module")
def responses(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every case built in one dataset and every address fetched once, then rolled back.

    Each case has its own hidden record and its own parents, so the cases cannot hide one
    another; each test below reads the responses for its own markers.
    """
    cases = {}
    # Downloads are built when a request finds them out of date: here at once, in the test.
    builds = override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        STORAGES=settings.STORAGES
        | {
            "downloads": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": tmp_path_factory.mktemp("downloads")},
            }
        },
    )
    with (
        django_db_blocker.unblock(),
        builds,
        transaction.atomic(),
        translation.override("en"),
    ):
        cache.clear()
        bg = make_background()
        for model, way in CASES:
            record = build(model, way, bg)
            hide(record, way)
            record = model._default_manager.get(pk=record.pk)
            chain = [record] + [follow(record, path) for path in ancestor_paths(model)]
            cases[model, way] = {
                "public": model._default_manager.public().filter(pk=record.pk).exists(),
                "hidden": [r for r in chain if not r.is_shown],
                "chain": chain,
            }
        # A release cut now must hold none of the hidden records either.
        releases.cut()
        chains = [r for case in cases.values() for r in case["chain"]]
        urls = addresses([*shown_records(bg), *chains])
        urls |= {f"{url}?q={SEARCH_WORD}": None for url, named in urls.items() if named is None}
        client = Client()
        fetched = {}
        for url, named in urls.items():
            response = client.get(url, follow=True)
            fetched[url] = (named, response.status_code, list(texts(body(response))))
        transaction.set_rollback(True)
    return cases, fetched


@pytest.mark.parametrize(("model", "way"), CASES, ids=[f"{m.__name__}-{w}" for m, w in CASES])
def test_a_hidden_record_reaches_no_public_surface(responses, model, way):
    cases, fetched = responses
    case = cases[model, way]
    assert not case["public"]
    record = case["chain"][0]
    text = marker(model, way)
    forbidden = {text} | {getattr(record, "slug", None), getattr(record, "key", None)} - {None}
    problems = []
    for url, (named, status, bodies) in fetched.items():
        if status >= 500:
            problems.append(f"{url} fails with {status}")
        if named is not None and named in case["hidden"]:
            # Its own address: not found, and its slug only where the request put it.
            if status != 404:
                problems.append(f"{url} answers {status}, not 404")
            words = {text}
        else:
            words = forbidden
        problems += [f"{word} on {url}" for word in words for body in bodies if word in body]
    assert not problems, f"{model.__name__} hidden by {way}: " + "; ".join(sorted(set(problems)))


def test_the_addresses_of_public_records_answer(responses):
    _cases, fetched = responses
    hidden = {id(r) for case in _cases.values() for r in case["hidden"]}
    # A search added to an address that takes no such parameter may be refused (the API is
    # strict); every address as it stands must answer.
    failing = [
        f"{url} answers {status}"
        for url, (named, status, _bodies) in fetched.items()
        if status != 200
        and (named is None or id(named) not in hidden)
        and not (status == 400 and url.endswith(f"?q={SEARCH_WORD}"))
    ]
    assert not failing


def test_every_curated_type_has_a_case_for_each_way_it_can_be_hidden():
    assert {model for model, _way in CASES} == set(curated_models())
    assert ("StatusChange", "commitment__tier") in {(m.__name__, w) for m, w in CASES}


def test_an_address_the_matrix_cannot_fill_fails_it(db, monkeypatch):
    from django.urls import path

    def view(request, riddle):
        raise AssertionError("never called")

    unknown = path("riddles/<slug:riddle>/", view, name="riddle")
    resolver = get_resolver()
    monkeypatch.setattr(resolver, "url_patterns", [*resolver.url_patterns, unknown])
    with pytest.raises(AssertionError, match="“riddle”.*cannot fill"):
        addresses(shown_records(make_background()))
