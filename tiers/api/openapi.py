"""The OpenAPI 3 document, built from the same declarations that render the responses."""

import functools

from . import params
from .resources import CITATION_SCHEMA, RESOURCES, STATUS_CHANGE_SCHEMA

VERSION = "1.0.0"
JSON = "application/json"


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def json_content(schema: dict) -> dict:
    return {JSON: {"schema": schema}}


VALIDATOR_HEADERS = {
    "ETag": {
        "description": (
            "A validator of this body (weak, W/…, when the response is gzipped); "
            "send it back in If-None-Match."
        ),
        "schema": {"type": "string"},
    },
    "Last-Modified": {
        "description": "When the records in this response last changed.",
        "schema": {"type": "string"},
    },
}
NOT_MODIFIED = {"description": "The copy the client holds (If-None-Match or If-Modified-Since)."}


def error_response(description: str) -> dict:
    return {"description": description, "content": json_content(ref("Error"))}


def list_operation(resource) -> dict:
    return {
        "operationId": f"list_{resource.name}",
        "summary": f"List published {resource.name}",
        "description": resource.description + " Ordered by id, which never changes.",
        "tags": [resource.name],
        "parameters": [param.openapi() for param in (*params.COMMON, *resource.filters)],
        "responses": {
            "200": {
                "description": f"A page of {resource.name}.",
                "headers": VALIDATOR_HEADERS,
                "content": json_content(ref(f"{resource.schema_name}Page")),
            },
            "304": NOT_MODIFIED,
            "400": error_response("A query parameter is not valid; `errors` names it."),
            "404": error_response("The page number is past the last page."),
        },
    }


def detail_operation(resource) -> dict:
    return {
        "operationId": f"get_{resource.singular}",
        "summary": f"One published {resource.singular}",
        "tags": [resource.name],
        "parameters": [
            {
                "name": resource.lookup,
                "in": "path",
                "required": True,
                "description": f"The {resource.singular}'s {resource.lookup}.",
                "schema": resource.lookup_schema,
            }
        ],
        "responses": {
            "200": {
                "description": f"The {resource.singular}.",
                "headers": VALIDATOR_HEADERS,
                "content": json_content(ref(resource.schema_name)),
            },
            "304": NOT_MODIFIED,
            "400": error_response(f"Not a valid {resource.lookup}."),
            "404": error_response(f"No published {resource.singular} has this {resource.lookup}."),
        },
    }


def page_schema(resource) -> dict:
    link = {"type": "string", "format": "uri", "nullable": True}
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["count", "page", "pages", "page_size", "next", "previous", "results"],
        "properties": {
            "count": {"type": "integer", "minimum": 0, "description": "Records in all pages."},
            "page": {"type": "integer", "minimum": 1},
            "pages": {"type": "integer", "minimum": 1},
            "page_size": {"type": "integer", "minimum": 1},
            "next": link,
            "previous": link,
            "results": {"type": "array", "items": ref(resource.schema_name)},
        },
    }


ERROR_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["detail"],
    "properties": {
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "Messages for each query parameter that is not valid.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
}


@functools.cache
def document() -> dict:
    paths, schemas = {}, {}
    for resource in RESOURCES:
        paths[f"/{resource.name}/"] = {"get": list_operation(resource)}
        paths[f"/{resource.name}/{{{resource.lookup}}}/"] = {"get": detail_operation(resource)}
        schemas[resource.schema_name] = resource.component()
        schemas[f"{resource.schema_name}Page"] = page_schema(resource)
    schemas.update(StatusChange=STATUS_CHANGE_SCHEMA, Citation=CITATION_SCHEMA, Error=ERROR_SCHEMA)
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Ukraine Security Guarantees Tracker API",
            "version": VERSION,
            "description": (
                "Read-only access to the published records of the tracker. Data under CC BY 4.0: "
                "cite the tracker (every record carries its citation)."
            ),
            "license": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
        },
        "servers": [{"url": "/api/v1"}],
        "paths": paths,
        "components": {"schemas": schemas},
    }
