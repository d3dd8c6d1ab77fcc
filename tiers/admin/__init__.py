from . import actors, commitments, login_records, sources, statements, tiers, users  # noqa: F401
