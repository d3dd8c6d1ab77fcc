"""Every admin URL that accepts POST, for every role: who may write, and does the database change.

The cases come from the admin site's own URL patterns (``admin.site.get_urls()`` and each
ModelAdmin's ``get_urls``, every action of every change list), so a URL added later is covered
without editing this file; a URL this file does not know how to fill fails with its name. What
each role may do is derived from its permissions and the editorial rules (``may`` below), and
the outcome is judged by whether the database changed, not by what the page says.
"""

import datetime
import hashlib
import io

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.test import Client
from django.urls import URLResolver, reverse
from django.utils import timezone

from tiers import workflow
from tiers.models import Visibility
from tiers.roles import ADMINISTRATOR, ANALYST, EDITOR
from tiers.tests import factories
from tiers.tests.admin_forms import form_data

ANONYMOUS, STAFF, VIEWER, SUPERUSER = "anonymous", "staff", "viewer", "superuser"
ROLES = [ANONYMOUS, STAFF, VIEWER, ANALYST, EDITOR, ADMINISTRATOR, SUPERUSER]
DRAFT, REVIEW, PUBLISHED = Visibility.DRAFT, Visibility.REVIEW, Visibility.PUBLISHED
PASSWORD = "a-Long-pass-phrase-42"

# Views that never write, whoever posts to them.
READ_ONLY = {
    "index",
    "app_list",
    "jsi18n",
    "autocomplete",
    "view_on_site",
    "password_change_done",
    "catch_all",
    "object_redirect",
    "history",
    "import",  # the preview: it reads the file and writes nothing until confirmed
    "export",
    "login",  # posted with a wrong password (login protection's own records are not compared)
    "logout",
}
# Login records are written by django-axes alone: nobody adds or edits them in the admin.
WRITTEN_BY_AXES = {AccessAttempt, AccessLog, AccessFailureLog}
# Not part of what a POST may change: sessions, the admin's log of what it was asked to do
# (saving a form unchanged logs "no fields changed"); and, on logging in and out, login
# protection's own bookkeeping.
NOT_COMPARED = {Session, LogEntry}
NOT_COMPARED_ON = {"login": WRITTEN_BY_AXES, "logout": WRITTEN_BY_AXES}

# The editorial actions: what each needs, by the rules of tiers.workflow.
TRANSITION_ACTIONS = {
    "submit_for_review": workflow.SUBMIT,
    "publish": workflow.PUBLISH,
    "return_to_draft": workflow.RETURN_TO_DRAFT,
}
NON_WRITING_ACTIONS = {"export_admin_action"}  # shows the export form
DELETING_ACTIONS = {"delete_selected", "cleanup_expired_attempts"}


def _samples():
    """One record of each registered model, as a case needs it (curated ones as drafts)."""
    draft = {"visibility": DRAFT}
    return {
        model._meta.model: (lambda f=model: f(**draft))
        for model in (
            factories.TierFactory,
            factories.ActorFactory,
            factories.MembershipFactory,
            factories.SourceFactory,
            factories.CommitmentFactory,
            factories.StatusChangeFactory,
            factories.FigureFactory,
            factories.StatementFactory,
        )
    } | {
        User: lambda: User.objects.create_user("sample", password="old-pw", is_staff=True),
        Group: lambda: Group.objects.create(name="Sample group"),
        AccessAttempt: lambda: AccessAttempt.objects.create(
            username="x", ip_address="10.0.0.1", failures_since_start=1
        ),
        AccessLog: lambda: AccessLog.objects.create(username="x", ip_address="10.0.0.1"),
        AccessFailureLog: lambda: AccessFailureLog.objects.create(
            username="x", ip_address="10.0.0.1"
        ),
    }


SAMPLES = _samples()


# -- the cases, from the URL patterns -------------------------------------------------------------


def _walk(patterns, prefix, model_admin, found):
    by_prefix = {f"{m._meta.app_label}/{m._meta.model_name}/": a for m, a in _registry().items()}
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            _walk(pattern.url_patterns, route, by_prefix.get(route, model_admin), found)
        else:
            found.append((route, pattern.name, model_admin))


def _registry():
    return admin.site._registry


def _kind(route, name, model_admin):
    if model_admin is None:
        if name is None:
            return "catch_all" if route.endswith("(?P<url>.*)$") else None
        return name
    opts = model_admin.opts
    if name is None:
        return "object_redirect" if route.endswith("<path:object_id>/") else None
    return name.removeprefix(f"{opts.app_label}_{opts.model_name}_")


# Views through which privileges can be given: each is also posted with privileges added.
GRANTING_VIEWS = {(User, "change"), (User, "add"), (Group, "change")}


def _cases():
    found = []
    _walk(admin.site.get_urls(), "", None, found)
    cases = []
    for route, name, model_admin in found:
        kind = _kind(route, name, model_admin)
        model = model_admin.model if model_admin else None
        label = name or route
        if kind == "changelist":
            for _func, action, _description in model_admin._get_base_actions():
                cases.append((label, "action", model, action))
        elif (model, kind) in GRANTING_VIEWS:
            cases += [(label, kind, model, "details"), (label, kind, model, "grant")]
        elif model is User and kind == "password_change":
            cases += [(label, kind, model, "plain user"), (label, kind, model, "superuser")]
        else:
            cases.append((label, kind, model, ""))
    return cases


CASES = _cases()


def _case_id(case):
    label, kind, model, variant = case
    return "-".join(str(part) for part in (label, variant) if part)


# -- who is who -----------------------------------------------------------------------------------


def make_actor(role):
    if role == ANONYMOUS:
        return None
    user = User.objects.create_user(
        f"{role.lower()}-person", password="pw", is_staff=True, is_superuser=role == SUPERUSER
    )
    if role == VIEWER:
        user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    elif role in (ANALYST, EDITOR, ADMINISTRATOR):
        user.groups.add(Group.objects.get(name=role))
    return User.objects.get(pk=user.pk)  # a fresh permission cache


def holds(user, model, action):
    opts = model._meta
    return user is not None and user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")


def holds_all_of(actor, target):
    """The rule for users: an account that holds more than you is not yours to change."""
    if actor.is_superuser:
        return True
    return not target.is_superuser and target.get_all_permissions() <= actor.get_all_permissions()


def may(actor, kind, model, variant, record):
    """Whether ``actor`` may make the write that this case posts."""
    if actor is None or kind in READ_ONLY:
        return False
    if kind == "password_change" and model is None:  # one's own password
        return True
    if model in WRITTEN_BY_AXES and kind != "delete" and variant not in DELETING_ACTIONS:
        return False
    if variant == "grant":
        # The add form has no privileged fields: privileges are given on the change form.
        return actor.is_superuser and kind != "add"
    if kind == "action":
        if variant in NON_WRITING_ACTIONS:
            return False
        if variant in DELETING_ACTIONS:
            needed = holds(actor, model, "delete")
        elif variant in TRANSITION_ACTIONS:
            transition = TRANSITION_ACTIONS[variant]
            moves_publication = PUBLISHED in (record.visibility, transition.target)
            needed = holds(actor, model, "change") and (
                not moves_publication or workflow.can_publish(actor)
            )
        else:
            pytest.fail(f"{variant}: an admin action that this test does not know")
        if hasattr(record, "visibility"):
            needed = needed and workflow.may_edit(actor, record)
        return needed
    action = {
        "add": "add",
        "change": "change",
        "simple_history": "change",
        "delete": "delete",
        "process_import": "import",
        "password_change": "change",
    }[kind]
    allowed = holds(actor, model, action)
    if model is User and kind != "add":
        allowed = allowed and holds_all_of(actor, record)
    if hasattr(record, "visibility"):
        allowed = allowed and workflow.may_edit(actor, record)
    return allowed


# -- the database, before and after ---------------------------------------------------------------


def fingerprint(kind):
    """Every row of every table (but those in NOT_COMPARED), as one digest."""
    digest = hashlib.sha256()
    skipped = NOT_COMPARED | NOT_COMPARED_ON.get(kind, set())
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            if model in skipped or not model._meta.managed:
                continue
            table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
            cursor.execute(f"SELECT * FROM {table} ORDER BY {pk}")  # noqa: S608 (model names)
            digest.update(f"{table}:{cursor.fetchall()!r}".encode())
    return digest.hexdigest()


# -- filling each case ----------------------------------------------------------------------------


class Case:
    """The URL and data of one POST, prepared with a superuser's browser."""

    def __init__(self, case, actor):
        label, self.kind, self.model, self.variant = case
        kind, self.actor = self.kind, actor
        self.root = Client()
        self.root.force_login(User.objects.create_superuser("root", password="pw"))
        self.record = None
        self.check = None  # a callable saying whether the write happened, if not "anything"
        filler = getattr(self, f"fill_{kind}", None)
        if filler is None:
            pytest.fail(f"admin URL {label}: this test does not know how to post to it")
        self.url, self.data = filler()

    def url_of(self, view, *args):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)

    def sample(self):
        if self.model not in SAMPLES:
            pytest.fail(f"{self.model.__name__}: no sample record for the admin POST matrix")
        self.record = SAMPLES[self.model]()
        return self.record

    def page(self, url):
        response = self.root.get(url)
        assert response.status_code == 200, (url, response.status_code)
        data = form_data(response, f"{response.context['opts'].model_name}_form")
        data.pop("csrfmiddlewaretoken", None)
        return data | {"_save": "Save"}

    # site views
    def fill_index(self):
        return reverse("admin:index"), {}

    def fill_app_list(self):
        return reverse("admin:app_list", args=["tiers"]), {}

    def fill_jsi18n(self):
        return reverse("admin:jsi18n"), {}

    def fill_autocomplete(self):
        return reverse("admin:autocomplete"), {"term": "a"}

    def fill_password_change_done(self):
        return reverse("admin:password_change_done"), {}

    def fill_catch_all(self):
        return reverse("admin:index") + "no-such-page/", {}

    def fill_login(self):
        return reverse("admin:login"), {"username": "root", "password": "wrong"}

    def fill_logout(self):
        return reverse("admin:logout"), {}

    def fill_view_on_site(self):
        self.model = factories.SourceFactory._meta.model
        record = self.sample()
        content_type = ContentType.objects.get_for_model(record)
        return reverse("admin:view_on_site", args=[content_type.pk, record.pk]), {}

    def fill_password_change(self):
        if self.model is User:  # someone else's password
            target = self.sample()
            if self.variant == "superuser":
                target.is_superuser = True
                target.save()
            self.check = lambda _actor: not User.objects.get(pk=target.pk).check_password("old-pw")
            url = self.url_of("password_change", target.pk)
            return url, {"password1": PASSWORD, "password2": PASSWORD, "usable_password": "true"}
        self.check = lambda actor: (
            actor is not None and User.objects.get(pk=actor.pk).check_password(PASSWORD)
        )
        data = {"old_password": "pw", "new_password1": PASSWORD, "new_password2": PASSWORD}
        return reverse("admin:password_change"), data

    # a model's views
    def fill_object_redirect(self):
        return self.url_of("changelist") + f"{self.sample().pk}/", {}

    def fill_history(self):
        return self.url_of("history", self.sample().pk), {}

    def fill_delete(self):
        return self.url_of("delete", self.sample().pk), {"post": "yes"}

    def fill_change(self):
        if self.model is User and self.variant == "grant":
            target = self.actor or self.sample()  # one's own account, as it was seen
            self.record = target
            data = self.page(self.url_of("change", target.pk)) | self.privileges()
            before = self.privileges_of(target)
            self.check = lambda _actor: self.privileges_of(target) != before
            return self.url_of("change", target.pk), data
        record = self.sample()
        data = self.page(self.url_of("change", record.pk))
        if self.model is Group and self.variant == "grant":
            data["permissions"] = [
                str(pk) for pk in Permission.objects.values_list("pk", flat=True)
            ]
            self.check = lambda _actor: Group.objects.get(pk=record.pk).permissions.exists()
            return self.url_of("change", record.pk), data
        name = self.text_field(data)
        if name is not None:
            data[name] += " edited"
        return self.url_of("change", record.pk), data

    def fill_add(self):
        if self.model is User:
            data = self.page(self.url_of("add"))
            data |= {"username": "newcomer", "password1": PASSWORD, "password2": PASSWORD}
            if self.variant == "grant":
                data |= self.privileges()
                self.check = lambda _actor: any(
                    self.granted(u) for u in User.objects.filter(username="newcomer")
                )
            return self.url_of("add"), data
        if self.model is Group:
            return self.url_of("add"), self.page(self.url_of("add")) | {"name": "New group"}
        if self.model in WRITTEN_BY_AXES:
            return self.url_of("add"), {"username": "x", "ip_address": "10.0.0.2"}
        record = self.sample()
        data = self.page(self.url_of("change", record.pk))
        data.pop("edit_version", None)
        for key in [k for k in data if k.endswith("-TOTAL_FORMS") or k.endswith("-INITIAL_FORMS")]:
            data[key] = "0"
        self.model._default_manager.filter(pk=record.pk).delete()
        self.record = None
        return self.url_of("add"), data

    def fill_simple_history(self):
        record = self.sample()
        first = record.history.earliest("history_date")
        name = self.text_field(self.page(self.url_of("change", record.pk)))
        setattr(record, name, getattr(record, name) + " edited")
        record.save()
        return self.url_of("simple_history", record.pk, first.history_id), self.page(
            self.url_of("simple_history", record.pk, first.history_id)
        )

    def fill_action(self):
        record = self.sample()
        if self.variant in TRANSITION_ACTIONS:
            transition = TRANSITION_ACTIONS[self.variant]
            start = PUBLISHED if PUBLISHED in transition.sources else min(transition.sources)
            type(record)._default_manager.filter(pk=record.pk).update(visibility=start)
            record.refresh_from_db()
        if self.variant == "cleanup_expired_attempts":
            self.before_post = self.expire_attempt
        data = {"action": self.variant, "_selected_action": [record.pk], "post": "yes"}
        return self.url_of("changelist"), data | {"reason": "Checked", "format": "0"}

    def export_file(self):
        prefix = self.model_admin().resource_classes[0].__name__.lower()
        fields = self.model_admin().resource_classes[0]().get_export_order()
        data = {"format": "0", "resource": "0"} | {f"{prefix}_{f}": "on" for f in fields}
        response = self.root.post(self.url_of("export"), data)
        assert response.status_code == 200
        upload = io.BytesIO(b"".join(response.streaming_content))
        upload.name = "records.csv"
        return upload, data

    def fill_export(self):
        self.sample()
        return self.url_of("export"), self.export_file()[1]

    def fill_import(self):
        self.sample()
        return self.url_of("import"), {"resource": "0", "format": "0"}

    def fill_process_import(self):
        record = self.sample()
        upload, _data = self.export_file()
        self.model._default_manager.filter(pk=record.pk).delete()
        preview = self.root.post(
            self.url_of("import"), {"resource": "0", "format": "0", "import_file": upload}
        )
        assert "confirm_form" in preview.context, preview.content.decode()[-2000:]
        self.record = None
        return self.url_of("process_import"), preview.context["confirm_form"].initial

    # helpers
    def before_post(self):
        """What to do once the role has logged in, just before it posts."""

    def expire_attempt(self):
        # After the login, which itself cleans expired attempts up.
        long_ago = timezone.now() - datetime.timedelta(days=30)
        AccessAttempt.objects.filter(pk=self.record.pk).update(attempt_time=long_ago)

    def model_admin(self):
        return _registry()[self.model]

    def text_field(self, data):
        """A free-text field of the form that any value suits, to make a visible change: one that
        need not be unique if there is one (a username, say, has rules of its own)."""
        candidates = [
            field
            for field in self.model._meta.fields
            if field.get_internal_type() in ("CharField", "TextField")
            and not field.choices
            and field.name in data
            and (field.max_length or 1000) >= 100
        ]
        candidates.sort(key=lambda field: field.unique)
        return candidates[0].name if candidates else None

    @staticmethod
    def privileges():
        return {
            "is_superuser": "on",
            "is_staff": "on",
            "groups": [str(Group.objects.get(name=EDITOR).pk)],
            "user_permissions": [str(Permission.objects.get(codename="publish_records").pk)],
        }

    @staticmethod
    def privileges_of(user):
        user = User.objects.get(pk=user.pk)
        return (
            user.is_superuser,
            user.is_staff,
            set(user.groups.values_list("pk", flat=True)),
            set(user.user_permissions.values_list("pk", flat=True)),
        )

    @staticmethod
    def granted(user):
        return (
            user.is_superuser
            or user.groups.filter(name=EDITOR).exists()
            or user.user_permissions.exists()
        )


@pytest.fixture(autouse=True)
def fast_setup(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # where an import waits for its confirmation
    # Each case creates a few accounts; a deliberately slow hash would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


OWN_REDIRECTS = {"login", "logout"}  # views that anyone may post to, answering their own way


def is_login_redirect(response):
    return response.status_code == 302 and "/login/" in response["Location"]


def prepared_per_actor(kind, model, variant):
    """Cases whose page depends on who posts: one's own account, one's own password."""
    own = (kind, model, variant) in {("change", User, "grant"), ("password_change", None, "")}
    return own or kind == "process_import"  # a confirmed upload is used up, even if refused


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_a_post_writes_exactly_when_the_role_may(db, case):
    """Each role posts in a savepoint rolled back afterwards, to the same prepared page."""
    label, kind, model, variant = case
    shared = None if prepared_per_actor(kind, model, variant) else Case(case, None)
    wrong = []
    for role in ROLES:
        with transaction.atomic():
            actor = make_actor(role)
            prepared = shared or Case(case, actor)
            client = Client()
            if actor is not None:
                client.force_login(actor)
            expected = may(actor, kind, prepared.model, variant, prepared.record)
            prepared.before_post()
            before = fingerprint(kind)

            response = client.post(prepared.url, prepared.data)

            check = prepared.check
            wrote = check(actor) if check is not None else fingerprint(kind) != before
            status = response.status_code
            if wrote != expected:
                did = "wrote" if wrote else "wrote nothing"
                wrong.append(f"{role}: {did}, expected the opposite (status {status})")
            elif (
                actor is None
                and kind not in ("login", "logout")
                and not is_login_redirect(response)
            ):
                wrong.append(f"{role}: status {status}, not sent to the login page")
            transaction.set_rollback(True)
    assert not wrong, f"POST {label} {variant}:\n" + "\n".join(wrong)


def test_every_admin_url_is_in_the_matrix():
    """Each ModelAdmin's URLs, as the site lists them, give cases (none silently skipped)."""
    for model, model_admin in _registry().items():
        names = {p.name for p in model_admin.get_urls() if p.name}
        covered = {label for label, _kind, case_model, _v in CASES if case_model is model}
        assert names - {f"{model._meta.app_label}_{model._meta.model_name}_changelist"} <= covered


def test_the_history_revert_and_the_superuser_grant_are_in_the_matrix():
    kinds = {(kind, model, variant) for _label, kind, model, variant in CASES}
    assert ("change", User, "grant") in kinds
    assert any(kind == "simple_history" for kind, _m, _v in kinds)


def test_a_url_the_matrix_cannot_fill_fails_with_its_name(db):
    with pytest.raises(pytest.fail.Exception, match="tiers_tier_frobnicate"):
        Case(("tiers_tier_frobnicate", "frobnicate", factories.TierFactory._meta.model, ""), None)
