"""The editorial workflow: draft → in review → published, and back to draft with a reason.

One place for the rules that the admin forms, the admin actions and imports all apply:

- who may move a record between states (``visibility_change_error``): only an editor (the
  ``tiers.publish_records`` permission) may publish, unpublish, change or delete a published
  record;
- what a record needs before it can be published (``publication_problems``): a commitment,
  status change, figure or statement cites a source; every record it is shown with (its model's
  ``SHOWN_WITH``, tiers/models/base.py) is public, so that publishing it makes it public; and
  nothing published points to an unpublished actor, source or tier.
- what a record needs before it can be published (``publication_problems``): a commitment, status
  change or statement cites a source; every record it is shown with (its model's ``SHOWN_WITH``,
  tiers/models/base.py) is public, so that publishing it makes it public; and nothing published
  points to an unpublished actor, source or tier;
- what a published record should still have (``translation_warnings``): Ukrainian text beside
  the English, and a statement's quote a translation into each site language. These warn and
  never block.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _

from .history import refresh_public_changes
from .models import (
    Commitment,
    CuratedModel,
    Figure,
    Membership,
    Statement,
    StatusChange,
    Visibility,
)
from .roles import PUBLISH_PERMISSION
from .translation import LANGUAGES, column, translated_fields

DRAFT, REVIEW, PUBLISHED = Visibility.DRAFT, Visibility.REVIEW, Visibility.PUBLISHED


def can_publish(user) -> bool:
    return bool(user and user.has_perm(PUBLISH_PERMISSION))


def visibility_change_error(user, old, new) -> str | None:
    """Why ``user`` may not set a record's visibility from ``old`` (None: a new record) to
    ``new`` in a form, or None. Editors may publish from a form, being the reviewers; leaving
    publication goes through the “Return to draft” action, which records a reason."""
    if old == new:
        return None
    if PUBLISHED in (old, new) and not can_publish(user):
        return _("Only an editor can publish or unpublish a record.")
    if old == PUBLISHED:
        return _(
            "To unpublish a record, use the “Return to draft” action, which asks for a reason."
        )
    return None


def may_edit(user, record) -> bool:
    """Analysts may not change or delete a record once it is published."""
    return record is None or record.visibility != PUBLISHED or can_publish(user)


# -- completeness ---------------------------------------------------------------------------------

# How the problems name the records a record is shown with (any other: "Its <field name>").
PARENT_LABELS = {
    "tier": gettext_lazy("Its tier"),
    "speaker": gettext_lazy("Its speaker"),
    "member": gettext_lazy("Its member"),
    "organisation": gettext_lazy("Its organisation"),
    "commitment": gettext_lazy("Its commitment"),
    "status_change": gettext_lazy("Its status change"),
}


def publication_problems(record, relations=None) -> list[str]:
    """What is missing before ``record`` can be published, in words; empty when nothing is."""
    return [message for _field, message in publication_problems_by_field(record, relations)]


def publication_problems_by_field(record, relations=None) -> list[tuple[str, str]]:
    """Each problem with the name of the field it concerns, for forms to show it there.

    ``relations`` gives many-to-many values as a form holds them before they are saved
    (``{"sources": [...], "actors": [...]}``); otherwise they are read from the database.
    """
    relations = relations or {}

    def related(name):
        if name in relations:
            return list(relations[name] or [])
        return list(getattr(record, name).all()) if record.pk else []

    problems = []

    def must_be_published(field, obj, what):
        if obj is not None and obj.visibility != PUBLISHED:
            message = _("%(what)s “%(name)s” is not published yet.") % {"what": what, "name": obj}
            problems.append((field, message))

    def cites_published_sources(sources):
        if not sources:
            problems.append(("sources", _("Cite at least one source before publishing.")))
        for source in sources:
            must_be_published("sources", source, _("Its source"))

    def fk(name):  # the related record, or None, without failing on an unsaved form's empty id
        return getattr(record, name) if getattr(record, f"{name}_id") is not None else None

    if not isinstance(record, CuratedModel):
        raise TypeError(f"{type(record).__name__} is not a curated record")
    problems += _hidden_parents(record, fk)

    if isinstance(record, Commitment):
        cites_published_sources(related("sources"))
        must_be_published("lead_actor", fk("lead_actor"), _("Its lead actor"))
        for actor in related("actors"):
            must_be_published("actors", actor, _("Its actor"))
    elif isinstance(record, StatusChange):
        if record.source_id is None:
            problems.append(("source", _("Give the source that reports this change.")))
        must_be_published("source", fk("source"), _("Its source"))
        must_be_published("statement", fk("statement"), _("Its evidence statement"))
    elif isinstance(record, Statement):
        cites_published_sources(related("sources"))
        must_be_published("on_behalf_of", fk("on_behalf_of"), _("The actor it speaks for"))
        for tier in related("tiers"):
            must_be_published("tiers", tier, _("Its tier"))
    elif isinstance(record, Membership):
        must_be_published("source", fk("source"), _("Its source"))
    elif isinstance(record, Figure):
        if record.source_id is None:
            problems.append(("source", _("Give the source that states this figure.")))
        must_be_published("source", fk("source"), _("Its source"))
    return problems


def _hidden_parents(record, fk) -> list[tuple[str, str]]:
    """The records ``record`` is shown with (its ``SHOWN_WITH``) that are not public.

    A record already published stays so when one of them is returned to draft (it is hidden with
    it, see ``tiers.models.base``); it may still be edited then, and shows again with it. Moving
    it to another hidden record is refused, as publishing it there would be.
    """
    problems = []
    for name in type(record).SHOWN_WITH:
        parent = fk(name)
        if parent is None or parent.is_shown or _kept_published_with(record, name):
            continue
        what = PARENT_LABELS.get(name) or _("Its %(field)s") % {
            "field": record._meta.get_field(name).verbose_name
        }
        if not parent.is_published:
            message = _("%(what)s “%(name)s” is not published yet.")
        else:
            message = _(
                "%(what)s “%(name)s” is published but hidden, because a record it is shown "
                "with is not published."
            )
        problems.append((name, message % {"what": what, "name": parent}))
    return problems


def _kept_published_with(record, name) -> bool:
    if record.pk is None or record._state.adding:
        return False
    stored = type(record)._default_manager.filter(pk=record.pk, visibility=PUBLISHED)
    return stored.filter(**{f"{name}_id": getattr(record, f"{name}_id")}).exists()


def check_publishable(record, relations=None):
    """Raise a ValidationError listing what is missing, for imports and other bulk paths."""
    if problems := publication_problems(record, relations):
        raise ValidationError(problems)


def missing_ukrainian(record) -> list[str]:
    """The labels of the record's fields that have English text and no Ukrainian."""
    missing = []
    for name in translated_fields(type(record)):
        if getattr(record, column(name, "en")) and not getattr(record, column(name, "uk")):
            missing.append(str(type(record)._meta.get_field(name).verbose_name))
    return missing


def translation_warnings(record) -> list[str]:
    """What a record to be published lacks in the other language, in words; never a refusal."""
    warnings = []
    if missing := missing_ukrainian(record):
        fields = ", ".join(missing)
        warnings.append(_("No Ukrainian text yet for: %(fields)s.") % {"fields": fields})
    if isinstance(record, Statement) and record.pk:
        have = {record.language, *record.translations.values_list("language", flat=True)}
        for language in LANGUAGES:
            if language not in have:
                warnings.append(
                    _("The quote has no translation into %(language)s yet.")
                    % {"language": _language_name(language)}
                )
    return warnings


def _language_name(code):
    return get_language_info(code)["name_translated"]


# -- transitions ----------------------------------------------------------------------------------


class Transition:
    """A move of selected records from some states to one, as an admin action performs it."""

    def __init__(self, name, label, sources, target, needs_reason=False):
        self.name = name
        self.label = label
        self.sources = sources
        self.target = target
        self.needs_reason = needs_reason

    def __str__(self):
        return str(self.label)


SUBMIT = Transition("submit", gettext_lazy("Submit for review"), {DRAFT}, REVIEW)
PUBLISH = Transition("publish", gettext_lazy("Publish"), {REVIEW}, PUBLISHED)
RETURN_TO_DRAFT = Transition(
    "return_to_draft",
    gettext_lazy("Return to draft"),
    {REVIEW, PUBLISHED},
    DRAFT,
    needs_reason=True,
)
TRANSITIONS = {t.name: t for t in (SUBMIT, PUBLISH, RETURN_TO_DRAFT)}


class Outcome:
    """What a transition did to each record: moved, skipped (already there) or refused, and why."""

    def __init__(self):
        self.moved = []
        self.skipped = []
        self.refused = []  # (record, [reasons])

    @property
    def ok(self):
        return not self.refused


def apply(transition, records, user, reason=""):
    """Move ``records`` as ``transition`` says, all or none.

    Records already in the target state are skipped. If any record may not move (a permission,
    a state the transition does not start from, something missing for publication), none moves
    and the outcome lists every refusal. Each record that moves is saved on its own, so that its
    model's rules run and one historical row records who, when and why.
    """
    if transition.needs_reason and not reason.strip():
        raise ValueError("a reason is required")
    outcome = Outcome()
    for record in records:
        if record.visibility == transition.target:
            outcome.skipped.append(record)
            continue
        reasons = []
        opts = record._meta
        if not user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
            reasons.append(
                _("You may not change %(records)s.") % {"records": opts.verbose_name_plural}
            )
        elif record.visibility not in transition.sources:
            reasons.append(
                _("It is %(state)s; “%(action)s” applies only to records that are %(from)s.")
                % {
                    "state": str(record.get_visibility_display()).lower(),
                    "action": transition.label,
                    "from": _(" or ").join(
                        str(Visibility(s).label).lower() for s in sorted(transition.sources)
                    ),
                }
            )
        elif PUBLISHED in (record.visibility, transition.target) and not can_publish(user):
            reasons.append(_("Only an editor can publish or unpublish a record."))
        elif transition.target == PUBLISHED:
            reasons += publication_problems(record)
        if reasons:
            outcome.refused.append((record, list(dict.fromkeys(reasons))))
        else:
            outcome.moved.append(record)
    if not outcome.ok:
        return outcome
    with transaction.atomic():
        for record in outcome.moved:
            record.visibility = transition.target
            record._history_user = user
            record._change_reason = _reason_text(transition, reason)
            record.save(update_fields=["visibility", "updated_at"])
    if outcome.moved:
        # A commitment's status changes appear or disappear with it.
        refresh_public_changes(type(outcome.moved[0]), [r.pk for r in outcome.moved])
    return outcome


def _reason_text(transition, reason):
    return f"{transition.label}: {reason.strip()}" if reason.strip() else str(transition.label)
