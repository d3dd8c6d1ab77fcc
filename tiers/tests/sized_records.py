"""Records built once per data size for a whole test module, for query counts pinned at each."""

import pytest
from django.db import transaction


def sized_world(build, sizes, label: str = "records"):
    """The fixtures ``world_data`` (module-scoped: what ``build(size)`` returns, for each of
    ``sizes``, inside a transaction rolled back at the module's end) and ``world`` (the same for
    a test, with database access). Assign both: ``world_data, world = sized_world(...)``."""

    @pytest.fixture(scope="module", params=sizes, ids=lambda size: f"{size}-{label}")
    def world_data(request, django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            yield build(request.param)
            transaction.set_rollback(True)

    @pytest.fixture
    def world(world_data, db):
        return world_data

    return world_data, world
