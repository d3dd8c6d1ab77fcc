"""What the downloads hold, described for tools: a typed, keyed Frictionless Data Package, and
the typed JSON the downloads write.

Each column's kind is read once from the import resource's field (``column_kind``): the same kind
gives the column's type and constraints in ``datapackage.json`` and the value a JSON download
writes for it. A CSV cell stays text in the import format (``yes``, ``2025-08``, ``a|b``); the
schema says how to read it. A JSON download writes numbers as numbers, booleans as booleans, lists
as arrays and an empty cell as ``null``, and the import reads that form as well as the older one
of strings.

The tier is named by its number in the files (the import's natural key) and by its slug in the
API: ``tiers.csv`` holds both, the documented mapping between them (docs/open-data.md).
"""

import functools
import json
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist

from ..importing.columns import (
    SEPARATOR,
    ChoiceWidget,
    DateWidget,
    DecimalWidget,
    KeysWidget,
    KeyWidget,
    PartialDateField,
    StatusChangeWidget,
    WholeNumberWidget,
    YesNoWidget,
)
from ..importing.resources import RESOURCES

# A date known to the year, the month or the day, as the files write it.
PARTIAL_DATE_PATTERN = r"[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?"
# The type a reference's key has in the file it names: the tier's number, every other key is text.
KEY_TYPES = {"tier": "integer"}
# What another record is named by, by lookup index: the file and column its key is in.
KEY_TARGETS = {
    "tier": ("tiers", "number"),
    "source": ("sources", "key"),
    "actor": ("actors", "slug"),
    "commitment": ("commitments", "slug"),
    "statement": ("statements", "slug"),
}
CSV_ENCODING = "utf-8-sig"  # the CSV files start with a byte-order mark, for spreadsheets
JSON_ENCODING = "utf-8"


@dataclass(frozen=True)
class Column:
    """One column of a type's file: its name, its kind and what a tool needs to read it."""

    name: str
    kind: str  # text, integer, number, boolean, date, partial-date, choice, key, keys
    required: bool = False
    choices: tuple[str, ...] = ()
    target: tuple[str, str] | None = None  # (type name, column) a key names
    # A key column that may be unknown (a membership's start): written as "", a value of the
    # key, since a primary key has no missing values.
    empty_key: bool = False

    def field(self, extension: str) -> dict:
        """The Table Schema field of this column in a CSV or JSON file."""
        field = {"name": self.name}
        constraints = {}
        if self.kind in ("integer", "number", "date"):
            field["type"] = self.kind
        elif self.kind == "boolean":
            field["type"] = "boolean"
            field["trueValues"], field["falseValues"] = ["yes"], ["no"]
        elif self.kind == "partial-date":
            field["type"] = "string"
            field["format"] = "default"
            constraints["pattern"] = (
                f"({PARTIAL_DATE_PATTERN})?" if self.empty_key else PARTIAL_DATE_PATTERN
            )
        elif self.kind == "keys":
            if extension == "csv":
                field["type"] = "list"
                field["delimiter"] = SEPARATOR
            else:
                field["type"] = "array"
        elif self.kind == "key":
            field["type"] = KEY_TYPES.get(self.target_index, "string")
        else:
            field["type"] = "string"
        if self.choices:
            constraints["enum"] = list(self.choices)
        if self.required:
            constraints["required"] = True
        if constraints:
            field["constraints"] = constraints
        if self.empty_key:
            field["missingValues"] = []
        return field

    @property
    def target_index(self) -> str:
        return next(index for index, target in KEY_TARGETS.items() if target == self.target)

    def typed(self, cell):
        """A cell as the JSON download writes it."""
        if self.kind == "keys":
            return [part for part in cell.split(SEPARATOR) if part] if cell else []
        if cell == "" or cell is None:
            return "" if self.empty_key else None
        if self.kind == "integer" or (self.kind == "key" and self.target == ("tiers", "number")):
            return int(cell)
        if self.kind == "number":
            return Decimal(cell)
        if self.kind == "boolean":
            return cell == "yes"
        return cell


def column_kind(field) -> tuple[str, tuple, tuple | None]:
    """A resource field's kind, its choices and the (type, column) a key names."""
    if isinstance(field, PartialDateField):
        return "partial-date", (), None
    widget = field.widget
    if isinstance(widget, KeysWidget):
        return "keys", (), KEY_TARGETS[widget.index]
    if isinstance(widget, StatusChangeWidget):
        # "2025-09-04 agreed": the date and progress of a change of the row's own commitment,
        # two columns of the status changes' key in one cell, so not a foreign key of its own.
        return "text", (), None
    if isinstance(widget, KeyWidget):
        return "key", (), KEY_TARGETS[widget.index]
    if isinstance(widget, ChoiceWidget):
        return "choice", tuple(widget.codes), None
    kinds = {
        WholeNumberWidget: "integer",
        DecimalWidget: "number",
        YesNoWidget: "boolean",
        DateWidget: "date",
    }
    return kinds.get(type(widget), "text"), (), None


@functools.cache
def columns(type_name: str) -> tuple[Column, ...]:
    """Every column of a type's file, in the file's order (read once per process)."""
    resource = RESOURCES[type_name]()
    model = resource._meta.model
    key = primary_key(type_name)
    found = []
    for field in resource.get_export_fields():
        kind, choices, target = column_kind(field)
        attribute = f"{field.name}_on" if kind == "partial-date" else field.attribute
        try:
            model_field = model._meta.get_field(attribute)
        except FieldDoesNotExist:  # a column written from related rows (a quote's translations)
            may_be_empty = True
        else:
            may_be_empty = model_field.null or model_field.blank or model_field.many_to_many
        required = field.column_name in key or (
            field.column_name in resource.required_columns and not may_be_empty
        )
        empty_key = field.column_name in key and may_be_empty
        found.append(Column(field.column_name, kind, required, choices, target, empty_key))
    return tuple(found)


@functools.cache
def primary_key(type_name: str) -> tuple[str, ...]:
    """The columns that identify a record of this type: the import's natural key."""
    resource = RESOURCES[type_name]()
    return tuple(resource.fields[name].column_name for name in resource.key_fields)


def schema(type_name: str, extension: str) -> dict:
    """The Table Schema of a type's file: typed fields, its primary key, its foreign keys."""
    cols = columns(type_name)
    foreign_keys = [
        {
            "fields": column.name,
            "reference": {
                "resource": f"{column.target[0]}-{extension}",
                "fields": column.target[1],
            },
        }
        for column in cols
        if column.kind == "key"
    ]
    result = {
        "fields": [column.field(extension) for column in cols],
        "primaryKey": list(primary_key(type_name)),
        "missingValues": [""],
    }
    if foreign_keys:
        result["foreignKeys"] = foreign_keys
    return result


def resource(type_name: str, extension: str, descriptions: dict, media_type: str) -> dict:
    """A Data Package resource: one type's file in one format."""
    table = schema(type_name, extension)
    for field in table["fields"]:
        field["description"] = descriptions[field["name"]]
    entry = {
        "name": f"{type_name}-{extension}",
        "path": f"{type_name}.{extension}",
        "profile": "tabular-data-resource",
        "format": extension,
        "mediatype": media_type,
        "encoding": CSV_ENCODING if extension == "csv" else JSON_ENCODING,
        "schema": table,
    }
    if extension == "csv":
        entry["dialect"] = {"delimiter": ",", "lineTerminator": "\r\n", "header": True}
    return entry


# -- Typed JSON --------------------------------------------------------------------------------


def _value(value) -> str:
    # An amount is written as the decimal it is, never through a float.
    return (
        format(value, "f") if isinstance(value, Decimal) else json.dumps(value, ensure_ascii=False)
    )


def typed_json_chunks(type_name: str, headers: list[str], rows):
    """A JSON download's bytes: one typed object per line, in a list."""
    kinds = {column.name: column for column in columns(type_name)}
    cols = [kinds[header] for header in headers]
    keys = [json.dumps(header, ensure_ascii=False) for header in headers]
    yield b"["
    separator = "\n"
    for row in rows:
        members = (
            f"{key}: {_value(column.typed(cell))}"
            for key, column, cell in zip(keys, cols, row, strict=True)
        )
        yield (separator + "{" + ", ".join(members) + "}").encode()
        separator = ",\n"
    yield b"\n]\n"


def iter_json_lines(handle):
    """The records of a JSON download as the text of each (``typed_json_chunks`` writes one per
    line), so that a file of any size is read in bounded memory."""
    for line in handle:
        text = line.strip().rstrip(b",")
        if text not in (b"", b"[", b"]"):
            yield text.decode()


def loads(text: str) -> dict:
    """A record of a JSON download, its amounts as exact decimals."""
    return json.loads(text, parse_float=Decimal)


def record_key(type_name: str, record: dict) -> str:
    """A record's identifier in a release: its primary key's values, joined by “/”."""
    return "/".join(str(record[name]) for name in primary_key(type_name))
