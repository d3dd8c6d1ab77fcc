"""Query parameters of the API: each declared once, read strictly, and described in OpenAPI.

A parameter accepts exactly what its OpenAPI schema allows and rejects everything else with a 400
naming the parameter, so that the document and the server agree (schemathesis checks both ways).
"""

import datetime
import re
from dataclasses import dataclass, field

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
# RFC 3339 date-time, as OpenAPI's "date-time" format means: a time zone is required.
DATETIME_PATTERN = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})$"
)


class ParamError(ValueError):
    """A parameter's value is not one the API accepts; the message says why in words."""


@dataclass(frozen=True)
class Param:
    name: str
    description: str
    schema: dict = field(default_factory=lambda: {"type": "string"})

    def parse(self, raw: str):
        return raw

    def openapi(self) -> dict:
        return {
            "name": self.name,
            "in": "query",
            "required": False,
            "description": self.description,
            "schema": self.schema,
        }


@dataclass(frozen=True)
class IntParam(Param):
    minimum: int = 1
    maximum: int = 1_000_000

    def __post_init__(self):
        schema = {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}
        object.__setattr__(self, "schema", schema)

    def parse(self, raw: str) -> int:
        if not re.fullmatch(r"[0-9]+", raw):
            raise ParamError(f"“{raw}” is not a whole number.")
        value = int(raw)
        if not self.minimum <= value <= self.maximum:
            raise ParamError(f"Give a number from {self.minimum} to {self.maximum}.")
        return value


@dataclass(frozen=True)
class SlugParam(Param):
    def __post_init__(self):
        schema = {"type": "string", "pattern": SLUG_PATTERN, "maxLength": 200}
        object.__setattr__(self, "schema", schema)

    def parse(self, raw: str) -> str:
        if len(raw) > 200 or not re.fullmatch(SLUG_PATTERN, raw):
            raise ParamError(f"“{raw}” is not a slug: use letters, digits, hyphens, underscores.")
        return raw


@dataclass(frozen=True)
class ChoiceParam(Param):
    choices: tuple[str, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "schema", {"type": "string", "enum": list(self.choices)})

    def parse(self, raw: str) -> str:
        if raw not in self.choices:
            raise ParamError(f"“{raw}” is not one of: {', '.join(self.choices)}.")
        return raw


@dataclass(frozen=True)
class TextParam(Param):
    max_length: int = 200

    def __post_init__(self):
        # No NUL: PostgreSQL cannot compare text that holds one.
        schema = {
            "type": "string",
            "minLength": 1,
            "maxLength": self.max_length,
            "pattern": "^[^\\u0000]*$",
        }
        object.__setattr__(self, "schema", schema)

    def parse(self, raw: str) -> str:
        if not raw or len(raw) > self.max_length:
            raise ParamError(f"Give from 1 to {self.max_length} characters.")
        if "\x00" in raw:
            raise ParamError("The text contains a NUL character.")
        return raw


@dataclass(frozen=True)
class PatternParam(Param):
    pattern: str = ".*"

    def __post_init__(self):
        object.__setattr__(self, "schema", {"type": "string", "pattern": self.pattern})

    def parse(self, raw: str) -> str:
        if not re.fullmatch(self.pattern.strip("^$"), raw):
            raise ParamError(f"“{raw}” does not have the form {self.pattern}.")
        return raw


@dataclass(frozen=True)
class DateTimeParam(Param):
    def __post_init__(self):
        object.__setattr__(self, "schema", {"type": "string", "format": "date-time"})

    def parse(self, raw: str) -> datetime.datetime:
        if not DATETIME_PATTERN.fullmatch(raw):
            raise ParamError(f"“{raw}” is not a date and time such as 2026-02-03T12:00:00Z.")
        try:
            value = datetime.datetime.fromisoformat(raw.upper().replace("Z", "+00:00"))
        except ValueError:
            raise ParamError(f"“{raw}” is not a real date and time.") from None
        try:
            return value.astimezone(datetime.UTC)
        except OverflowError:
            # An offset carried the instant past year 1 or 9999: the nearest instant there is.
            edge = datetime.datetime.min if value.year == 1 else datetime.datetime.max
            return edge.replace(tzinfo=datetime.UTC)


PAGE = IntParam("page", "Page number, from 1.", maximum=1_000_000)
PAGE_SIZE = IntParam("page_size", "Records per page (default 50).", maximum=100)
UPDATED_SINCE = DateTimeParam(
    "updated_since",
    "Only records created or changed at or after this instant (RFC 3339, with a time zone), "
    "for incremental sync.",
)
COMMON = (PAGE, PAGE_SIZE, UPDATED_SINCE)


def read(query, params) -> tuple[dict, dict]:
    """Parse ``query`` (a QueryDict) with ``params``; return ``(values, errors)``.

    Absent parameters are left out; a parameter given twice is an error, so that no value is
    silently dropped.
    """
    values, errors = {}, {}
    for param in params:
        if param.name not in query:
            continue
        given = query.getlist(param.name)
        if len(given) > 1:
            errors[param.name] = ["Give this parameter once."]
            continue
        try:
            values[param.name] = param.parse(given[0])
        except ParamError as error:
            errors[param.name] = [str(error)]
    return values, errors
