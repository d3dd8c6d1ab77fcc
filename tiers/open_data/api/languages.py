"""The language of the records' texts in an API answer.

One convention for every address: ``?lang=en`` or ``?lang=uk`` when given, otherwise the client's
``Accept-Language`` as Django reads it (the best of the site's languages), otherwise English. Each
record says which language each of its translated texts is in (``text_languages``): the one asked
for, or ``en`` where that text has no translation yet. Messages (errors, the document) stay in
English.
"""

import operator

from django.conf import settings
from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers

from ...translation import LANGUAGES, column, translated_fields

PARAMETER = "lang"
FALLBACK = LANGUAGES[0]  # what a text with no translation comes in

LANGUAGE_PARAMETER = OpenApiParameter(
    PARAMETER,
    str,
    OpenApiParameter.QUERY,
    enum=list(LANGUAGES),
    description=(
        "The language of the records' texts: en or uk. Without it, the best match of the "
        "Accept-Language header, else en. A text with no translation comes in English, and "
        "`text_languages` says so."
    ),
)


def parameter_errors(query) -> dict:
    value = query.get(PARAMETER)
    if value is not None and value not in LANGUAGES:
        return {PARAMETER: [f"“{value}” is not a language of the records; give one of: en, uk."]}
    return {}


def requested_language(request) -> str:
    """``?lang=`` if valid, else the language Django negotiated from Accept-Language."""
    given = request.query_params.get(PARAMETER)
    if given in LANGUAGES:
        return given
    negotiated = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    return negotiated if negotiated in LANGUAGES else settings.LANGUAGE_CODE


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "string", "enum": list(LANGUAGES)},
        "description": "For each translated text of the record, the language it is given in.",
    }
)
class TextLanguagesField(serializers.Field):
    """``{"name": "uk", "summary": "en"}``: the language each translated text is given in."""

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        return self.getter(operator.attrgetter)(record)

    def getter(self, read):
        names, language = translated_fields(self.model), get_language()
        if language == FALLBACK:
            every = dict.fromkeys(names, language)
            return lambda record: every.copy()
        columns = [(name, read(column(name, language))) for name in names]
        return lambda record: {name: language if get(record) else FALLBACK for name, get in columns}
