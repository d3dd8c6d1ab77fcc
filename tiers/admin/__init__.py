from . import (  # noqa: F401
    actors,
    background_tasks,
    commitments,
    login_records,
    releases,
    sources,
    statements,
    tiers,
    users,
)
