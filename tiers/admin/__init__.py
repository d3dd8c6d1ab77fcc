from . import actors, commitments, sources, statements, tiers  # noqa: F401 (registers)
