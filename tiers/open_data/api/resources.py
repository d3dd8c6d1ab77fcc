"""The API's record types as the API page lists them: address, description, filters."""

from dataclasses import dataclass

from .filtering import parameters
from .views import VIEWSETS


@dataclass(frozen=True)
class Param:
    name: str
    description: str


@dataclass(frozen=True)
class Resource:
    name: str  # plural, as in the address: "commitments"
    singular: str
    lookup: str  # the natural key in the detail address
    description: str
    filters: tuple[Param, ...]


RESOURCES = tuple(
    Resource(
        name=viewset.plural,
        singular=viewset.singular,
        lookup=viewset.lookup_field,
        description=viewset.about,
        filters=tuple(
            Param(p["name"], p["description"])
            for p in parameters(viewset.filterset_class)
            if p["name"] != "updated_since"  # common to all lists, described once
        ),
    )
    for viewset in VIEWSETS
)
