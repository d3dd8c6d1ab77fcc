from . import (  # noqa: F401
    actors,
    background_tasks,
    commitments,
    login_records,
    sources,
    statements,
    tiers,
    users,
)
