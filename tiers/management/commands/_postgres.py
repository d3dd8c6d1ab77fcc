"""What the backup and restore commands share: the PostgreSQL connection of a database alias."""

import os

from django.conf import settings
from django.core.management.base import CommandError


def client_environment(alias: str) -> dict[str, str]:
    """libpq's variables for ``pg_dump``/``pg_restore``: the password never reaches argv."""
    config = settings.DATABASES[alias]
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise CommandError(
            f"The {alias!r} database is {config['ENGINE'].rsplit('.', 1)[-1]}, not PostgreSQL: "
            "backups use pg_dump and pg_restore. Set DATABASE_URL to the PostgreSQL database."
        )
    env = dict(os.environ)
    values = {
        "PGDATABASE": config.get("NAME"),
        "PGUSER": config.get("USER"),
        "PGPASSWORD": config.get("PASSWORD"),
        "PGHOST": config.get("HOST"),
        "PGPORT": str(config.get("PORT") or ""),
        "PGSSLMODE": config.get("OPTIONS", {}).get("sslmode"),
    }
    env.update({name: value for name, value in values.items() if value})
    return env


def describe(alias: str) -> str:
    config = settings.DATABASES[alias]
    return f"{config.get('NAME')} on {config.get('HOST') or 'localhost'}"
