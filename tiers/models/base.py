"""What every curated record shares: visibility, timestamps and a natural key.

What is public is declared here, once. A curated record is *public* (may reach any public
surface: pages, search, counts, charts, the change log, feeds, the sitemap, the API, downloads,
citations) when it is published and so is every record it cannot be shown without, as its model's
``SHOWN_WITH`` names them, recursively: a status change needs its commitment, which needs its tier.
``public_q`` builds that condition for queries, ``CuratedModel.is_shown`` checks it in Python, and
``dependant_paths`` reads the declarations in reverse (which records a change of visibility
hides or shows). Most optional references (a commitment's lead actor, a status change's source)
are not declared: a record that is not public is left out where it would appear, the record
stays. An optional reference that is declared (a figure's status change) hides the record only
while it is set.
"""

from functools import cache

from django.apps import apps
from django.db import models
from django.db.models.functions import Now
from django.dispatch import Signal
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator

from ..cache_tags import links_tag, list_tag, record_loaded, record_tag
from ..content_version import content_changed


class Visibility(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")


# Django's four permissions, plus bulk import and export (checked by django-import-export).
CURATED_PERMISSIONS = ("add", "change", "delete", "view", "import", "export")


PUBLISHED = Visibility.PUBLISHED
CHUNK = 500  # ids per IN (…) list, well under SQLite's limit on query parameters
# A record whose visibility changes drops the cached pages of the records linked to it, up to
# this many per relation; beyond it, every cached page (tiers.cache_tags).
LINKED_TAGS = 200

# Sent (sender: the model, ids: the records) when a queryset update changed the visibility of
# records without writing a historical row, so that the change log, built on the models
# (tiers.history), shows or hides their changes. Connected in tiers.signals.
visibility_updated = Signal()


def public_q(model, prefix: str = "", known: tuple[str, ...] = ()) -> models.Q:
    """The condition for a record of ``model`` (reached through ``prefix``) to be public;
    ``known``: references of its own (``SHOWN_WITH``) that the caller already knows to be
    public, such as the commitments of a page listing their figures, whose condition it leaves
    out rather than join them again."""
    unknown = set(known) - set(model.SHOWN_WITH)
    if unknown:
        raise ValueError(f"{model.__name__} is not shown with {', '.join(sorted(unknown))}")
    condition = models.Q(**{f"{prefix}visibility": PUBLISHED})
    for name in model.SHOWN_WITH:
        if name in known:
            continue
        field = model._meta.get_field(name)
        parent_public = public_q(field.related_model, f"{prefix}{name}__")
        if field.null:  # an optional reference hides the record only when it is set
            parent_public |= models.Q(**{f"{prefix}{name}__isnull": True})
        condition &= parent_public
    return condition


def curated_models() -> list[type]:
    return [m for m in apps.get_app_config("tiers").get_models() if issubclass(m, CuratedModel)]


@cache
def choice_labels(field) -> dict:
    """A field's choices by value, their labels left lazy (translated when shown)."""
    return dict(make_hashable(field.flatchoices))


@cache
def dependant_paths(model) -> tuple[tuple[type, str], ...]:
    """Every (model, lookup) whose records are shown only with a record of ``model``, however
    indirectly: for a tier, commitments through ``tier`` and status changes through
    ``commitment__tier``. The ``SHOWN_WITH`` declarations read in reverse."""
    found = []
    for dependant in curated_models():
        for name in dependant.SHOWN_WITH:
            if dependant._meta.get_field(name).related_model is model:
                found.append((dependant, name))
                found += [
                    (further, f"{path}__{name}") for further, path in dependant_paths(dependant)
                ]
    return tuple(dict.fromkeys(found))


def public_dependants(model, ids) -> list:
    """Public records that would be hidden if these records of ``model`` were not public."""
    ids, found = list(ids), []
    for dependant, lookup in dependant_paths(model):
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            queryset = dependant._default_manager.public().filter(**{f"{lookup}__in": chunk})
            found += list(queryset.order_by("pk"))
    return list(dict.fromkeys(found))


@cache
def curated_foreign_keys(model) -> tuple[tuple[str, type], ...]:
    """(attname, model) of each foreign key of ``model`` to a curated record."""
    return tuple(
        (field.attname, field.related_model)
        for field in model._meta.concrete_fields
        if field.many_to_one and issubclass(field.related_model, CuratedModel)
    )


@cache
def curated_links(model, reverse: bool) -> tuple[tuple[str, type], ...]:
    """(accessor, model) of each many-to-many relation of ``model`` to curated records, its own
    (``reverse=False``) or declared on the other side with reverse foreign keys (``True``)."""
    found = []
    for field in model._meta.get_fields():
        related = field.related_model
        if related is None or not issubclass(related, CuratedModel):
            continue
        if field.auto_created and reverse and (field.many_to_many or field.one_to_many):
            found.append((field.get_accessor_name(), related))
        elif not field.auto_created and not reverse and field.many_to_many:
            found.append((field.name, related))
    return tuple(found)


def _any_published(queryset, pks) -> bool:
    pks = [pk for pk in pks if pk is not None]
    return any(
        queryset.filter(pk__in=pks[i : i + CHUNK], visibility=PUBLISHED).exists()
        for i in range(0, len(pks), CHUNK)
    )


class CuratedQuerySet(models.QuerySet):
    def published(self):
        """Records published themselves, whatever they depend on: for editorial rules. Public
        surfaces use ``public()``."""
        return self.filter(visibility=PUBLISHED)

    def public(self, known: tuple[str, ...] = ()):
        """The only records any public surface may show (see ``public_q``, and its ``known``)."""
        return self.filter(public_q(self.model, known=known))

    # The keys of the rows in their order, as the query that chose them gave them (a ranked
    # search), with the conditions and the order they hold for (``knowing_keys``).
    _known_keys = None

    def _clone(self):
        clone = super()._clone()
        clone._known_keys = self._known_keys
        return clone

    def knowing_keys(self, keys):
        """These records, knowing that ``keys`` are theirs in their order: ``keys_in_order``
        then gives them without reading them again, until a filter or an order changes."""
        clone = self._chain()
        clone._known_keys = (list(keys), clone.query.where, clone.query.order_by)
        return clone

    def keys_in_order(self, limit: int) -> list:
        """The keys of the first ``limit`` of these records, in their order: known, or read in
        one query."""
        known = self._known_keys
        query = self.query
        if known and known[1:] == (query.where, query.order_by) and not query.is_sliced:
            return known[0][:limit]
        return list(self.values_list("pk", flat=True)[:limit])

    # Bulk writes change the content version (tiers/content_version.py) when they can change
    # what the public sees: a row published before or after the write. Single records do the
    # same in CuratedModel.save and delete. A row that is not published is not public, and
    # neither is any record shown only with it, so a write to drafts alone changes nothing public.
    def update(self, **kwargs):
        public_before = self.filter(visibility=PUBLISHED).exists()
        new = kwargs.get("visibility")
        # An expression (not a plain value) might publish: count it as publishing.
        publishes = "visibility" in kwargs and (new == PUBLISHED or not isinstance(new, str))
        moved = list(self.values_list("pk", flat=True)) if "visibility" in kwargs else []
        rows = super().update(**kwargs)
        if moved:
            visibility_updated.send(sender=self.model, ids=moved)
        if rows and (public_before or publishes):
            content_changed(self.db)
        return rows

    def delete(self):
        public_before = self.filter(visibility=PUBLISHED).exists()
        deleted = super().delete()
        if public_before:
            content_changed(self.db)
        return deleted

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        created = super().bulk_create(objs, *args, **kwargs)
        if any(obj.visibility == PUBLISHED for obj in objs):
            content_changed(self.db)
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        fields = with_translation_columns(self.model, fields)
        public_before = _any_published(self, [obj.pk for obj in objs])
        rows = super().bulk_update(objs, fields, *args, **kwargs)
        published_now = "visibility" in fields and any(o.visibility == PUBLISHED for o in objs)
        if rows and (public_before or published_now):
            content_changed(self.db)
        return rows


def with_translation_columns(model, fields) -> list[str]:
    """``fields`` with each translated field's language columns (title → title, title_en,
    title_uk; see tiers/translation.py): a bulk write names the field, the columns hold the text."""
    try:
        translated = translator.get_options_for_model(model).all_fields
    except NotRegistered:
        return list(fields)
    expanded = []
    for name in fields:
        expanded.append(name)
        expanded += [column.name for column in translated.get(name, ())]
    return list(dict.fromkeys(expanded))


class CuratedManager(models.Manager.from_queryset(CuratedQuerySet)):
    def get_by_natural_key(self, *key):
        return self.get(**dict(zip(self.model.NATURAL_KEY, key, strict=True)))


class CuratedModel(models.Model):
    """An abstract record that analysts curate and editors publish."""

    # Field lookups that identify a record without its database id, in fixtures and import files.
    NATURAL_KEY: tuple[str, ...] = ("slug",)
    # The records (foreign keys to curated records) this one cannot be shown without: it is
    # public only while they are, whatever its own visibility; a nullable one only while it is
    # set. See ``public_q``.
    SHOWN_WITH: tuple[str, ...] = ()
    # The lookup to the tiers a record belongs to, for filtering the change log by tier.
    TIERS_LOOKUP: str | None = None

    visibility = models.CharField(
        _("visibility"),
        max_length=9,
        choices=Visibility.choices,
        default=Visibility.DRAFT,
        help_text=_("Only published records appear on the public site, feeds, API and downloads."),
    )
    # The database defaults also cover fixture loading, which bypasses auto_now.
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_default=Now())
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_default=Now())

    objects = CuratedManager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        public = self.may_be_public()
        fresh = self._state.adding and self.pk is None  # a new row, not one overwritten by id
        stored = None if fresh else getattr(self, "_visibility_in_db", UNKNOWN)
        super().save(*args, **kwargs)
        if public:
            moved = not fresh and stored != self.visibility
            withdrawn = moved and self.visibility != PUBLISHED
            tags = self.cache_tags_touched(fresh, moved, stored is UNKNOWN, withdrawn)
            content_changed(self._state.db, tags=tags)
        self._visibility_in_db = self.visibility
        self._foreign_keys_in_db = self._foreign_keys()

    def delete(self, *args, **kwargs):
        public = self.may_be_public()
        unknown = self._visibility_unknown()
        tags = self.cache_tags_touched(False, True, unknown, withdrawn=True) if public else None
        deleted = super().delete(*args, **kwargs)
        if public:
            content_changed(kwargs.get("using") or self._state.db or "default", tags=tags)
        return deleted

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._visibility_in_db = instance.__dict__.get("visibility", UNKNOWN)
        instance._row_in_db = (field_names, values)
        record_loaded(instance)
        return instance

    def _foreign_keys(self) -> dict:
        return {name: getattr(self, name) for name, _model in curated_foreign_keys(type(self))}

    def _foreign_keys_before(self) -> dict | None:
        """The foreign keys as they are in the database, or None when that is unknown."""
        if hasattr(self, "_foreign_keys_in_db"):
            return self._foreign_keys_in_db
        if not hasattr(self, "_row_in_db"):
            return None
        row = dict(zip(*self._row_in_db, strict=True))
        names = [name for name, _model in curated_foreign_keys(type(self))]
        return {name: row[name] for name in names} if all(n in row for n in names) else None

    def cache_tags_touched(
        self, adding: bool, moved: bool, unknown: bool, withdrawn: bool = False
    ) -> set[str] | None:
        """The cache tags (tiers.cache_tags) that a write to this record touches, or None for
        every cached page: the record, its model's lists, and the records whose pages list it:
        those it points to (through foreign keys before and after the write, and its own
        many-to-many relations) and, when it appears or disappears (``moved``), those that
        point to it. A change of visibility of a record that others are shown with
        (``SHOWN_WITH``) hides or shows them too, wherever they are: every page. So does a
        write over a row whose visibility or links were not read (``unknown``), and one to a
        record that more than ``LINKED_TAGS`` records point to through one relation.

        A write that may take a public record out of sight — returned to draft or review,
        deleted (``withdrawn``), or moved under another record it is shown with — touches every
        page too: lists may be served for a few seconds after their tags move
        (``cache_tags.may_lag``), a hidden record never."""
        model = type(self)
        if unknown or withdrawn or (moved and dependant_paths(model)):
            return None
        before = {} if adding else self._foreign_keys_before()
        if before is None:
            return None
        if not adding and any(
            before.get(model._meta.get_field(name).attname)
            != getattr(self, model._meta.get_field(name).attname)
            for name in self.SHOWN_WITH
        ):
            return None
        tags = {record_tag(model, self.pk), list_tag(model)}
        for name, parent in curated_foreign_keys(model):
            for pk in {before.get(name), getattr(self, name)} - {None}:
                tags.add(links_tag(parent, pk))
        if adding:
            return tags  # nothing is linked to it yet
        for accessor, related in curated_links(model, reverse=False) + (
            curated_links(model, reverse=True) if moved else ()
        ):
            pks = list(
                getattr(self, accessor).order_by().values_list("pk", flat=True)[: LINKED_TAGS + 1]
            )
            if len(pks) > LINKED_TAGS:
                return None
            tags.update(links_tag(related, pk) for pk in pks)
        return tags

    def _visibility_unknown(self) -> bool:
        return getattr(self, "_visibility_in_db", UNKNOWN) is UNKNOWN

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        fields = kwargs.get("fields")
        if fields is None or "visibility" in fields:
            self._visibility_in_db = self.visibility

    def may_be_public(self) -> bool:
        """Whether a write to this record may change what readers see: it is published in
        memory or was when loaded (or that is unknown: a row overwritten by id)."""
        if self._state.adding:
            stored = UNKNOWN if self.pk is not None else None
        else:
            stored = getattr(self, "_visibility_in_db", UNKNOWN)
        return PUBLISHED in (self.visibility, stored) or stored is UNKNOWN

    def _get_FIELD_display(self, field):
        # Django's, on choices read once: building them for each call hashed, and so
        # translated, every lazy label, the costliest part of a list row.
        value = getattr(self, field.attname)
        return force_str(choice_labels(field).get(make_hashable(value), value), strings_only=True)

    @property
    def is_published(self) -> bool:
        """Published itself; whether readers may see it is ``is_shown``."""
        return self.visibility == Visibility.PUBLISHED

    @property
    def is_shown(self) -> bool:
        """Public: published, and so is every record it is shown with (the Python side of
        ``public_q``; load those records with ``select_related``)."""
        return self.is_published and all(
            parent.is_shown
            if (parent := getattr(self, name)) is not None
            else self._meta.get_field(name).null
            for name in self.SHOWN_WITH
        )

    def natural_key(self):
        return tuple(self._natural_key_part(lookup) for lookup in self.NATURAL_KEY)

    def _natural_key_part(self, lookup: str):
        value = self
        for attr in lookup.split("__"):
            value = getattr(value, attr)
        return value.isoformat() if hasattr(value, "isoformat") else value


UNKNOWN = object()  # a visibility in the database not read with the record


# The two write paths that bypass save(), delete() and the queryset methods above; their
# receivers are connected in tiers.signals.


def on_m2m_changed(sender, instance, action, using, model, pk_set, **kwargs):
    """Linking records (a commitment's actors, a statement's sources…) shows the link only when
    both sides are published."""
    if not isinstance(instance, CuratedModel) or not action.startswith("post_"):
        return
    if not instance.may_be_public():
        return
    if pk_set is not None and not _any_published(model._default_manager.using(using), pk_set):
        return
    tags = None
    if pk_set is not None:
        # Both sides list each other: their pages, and the lists of both models.
        tags = {links_tag(type(instance), instance.pk), list_tag(type(instance)), list_tag(model)}
        tags.update(links_tag(model, pk) for pk in pk_set)
    content_changed(using, tags=tags)


def on_raw_save(sender, instance, raw, created, using, **kwargs):
    """Fixtures save without calling save(): a new draft changes nothing public, an overwritten
    row may."""
    if not raw or sender._meta.app_label != "tiers":
        return
    if created and getattr(instance, "visibility", PUBLISHED) != PUBLISHED:
        return
    content_changed(using)
