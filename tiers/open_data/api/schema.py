"""How each API operation is described in the OpenAPI document (drf-spectacular).

Each operation is described here once for every record type (``described``), which the viewsets
(views.py) wear; the document itself is assembled in document.py.
"""

from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)

from .as_of import DESCRIPTION as AS_OF_DESCRIPTION
from .as_of import PARAMETER as AS_OF_PARAMETER
from .as_of import PATTERN as AS_OF_PATTERN
from .languages import LANGUAGE_PARAMETER
from .serializers import ErrorSerializer

MAX_ID = 10**18 - 1  # the largest id a detail address takes (18 digits, a 64-bit column)

VALIDATORS = [
    OpenApiParameter(
        "ETag",
        str,
        OpenApiParameter.HEADER,
        response=[200],
        description=(
            "A validator of this body (weak, W/…, when the response is gzipped); "
            "send it back in If-None-Match."
        ),
    ),
    OpenApiParameter(
        "Last-Modified",
        str,
        OpenApiParameter.HEADER,
        response=[200],
        description="When the records in this response last changed.",
    ),
    OpenApiParameter(
        "Retry-After",
        int,
        OpenApiParameter.HEADER,
        response=[429],
        description="Seconds to wait before the next request.",
    ),
]
AS_OF = OpenApiParameter(
    AS_OF_PARAMETER,
    {"type": "string", "pattern": AS_OF_PATTERN},
    OpenApiParameter.QUERY,
    description=AS_OF_DESCRIPTION,
)
NOT_MODIFIED = OpenApiResponse(
    description="The copy the client holds (If-None-Match or If-Modified-Since)."
)
THROTTLED = OpenApiResponse(
    ErrorSerializer, description="Too many requests from this address; see Retry-After."
)


def lookup_schema(lookup: str) -> dict:
    if lookup == "id":
        return {"type": "integer", "minimum": 1, "maximum": MAX_ID}
    return {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$", "maxLength": 200}


def described(viewset):
    """The list and detail operations of a record type's viewset, in words."""
    plural, singular, lookup = viewset.plural, viewset.singular, viewset.lookup_field
    list_operation = extend_schema(
        operation_id=f"list_{plural}",
        summary=f"List published {plural}",
        description=viewset.about + " Ordered by id, which never changes.",
        tags=[plural],
        parameters=[*VALIDATORS, LANGUAGE_PARAMETER, AS_OF],
        responses={
            200: OpenApiResponse(viewset.serializer_class, description=f"A page of {plural}."),
            304: NOT_MODIFIED,
            400: OpenApiResponse(
                ErrorSerializer, description="A query parameter is not valid; `errors` names it."
            ),
            404: OpenApiResponse(
                ErrorSerializer, description="The page number is past the last page."
            ),
            429: THROTTLED,
        },
    )
    detail_operation = extend_schema(
        operation_id=f"get_{singular}",
        summary=f"One published {singular}",
        description=f"One published {singular}, by its {lookup}.",
        tags=[plural],
        parameters=[
            *VALIDATORS,
            LANGUAGE_PARAMETER,
            AS_OF,
            OpenApiParameter(
                lookup,
                lookup_schema(lookup),
                OpenApiParameter.PATH,
                description=f"The {singular}'s {lookup}.",
            ),
        ],
        responses={
            200: OpenApiResponse(viewset.serializer_class, description=f"The {singular}."),
            304: NOT_MODIFIED,
            400: OpenApiResponse(ErrorSerializer, description=f"Not a valid {lookup}."),
            404: OpenApiResponse(
                ErrorSerializer, description=f"No published {singular} has this {lookup}."
            ),
            429: THROTTLED,
        },
    )
    return extend_schema_view(list=list_operation, retrieve=detail_operation)(viewset)
