from . import actors, commitments, sources, statements, tiers, users  # noqa: F401 (registers)
