"""The API's JSON is written by orjson (tiers/open_data/api/rendering.py), byte for byte as DRF's
own JSONRenderer writes it, for every answer the seed gives and for the values orjson would write
differently."""

import json

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer

from tiers.open_data.api.rendering import FastJSONRenderer
from tiers.open_data.api.views import VIEWSETS

LISTS = [f"/api/v1/{viewset.plural}/?page_size=100" for viewset in VIEWSETS]


def drf_bytes(body: bytes) -> bytes:
    return JSONRenderer().render(json.loads(body))


@pytest.mark.django_db
@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("language", ["en", "uk"])
def test_every_list_and_its_first_record_as_drf_writes_them(client, seed, url, language):
    response = client.get(f"{url}&lang={language}")
    assert response.status_code == 200
    assert response.content == drf_bytes(response.content)
    first = json.loads(response.content)["results"][0]
    detail = client.get(first.get("api_url") or f"{url.split('?')[0]}{first['id']}/")
    assert detail.status_code == 200
    assert detail.content == drf_bytes(detail.content)


@pytest.mark.django_db
def test_an_error_in_words_as_drf_writes_it(client):
    response = client.get("/api/v1/commitments/?tier=not-a-tier&colour=red")
    assert response.status_code == 400
    assert response.content == drf_bytes(response.content)


@pytest.mark.parametrize(
    "data",
    [
        {"text": "Київ — line\u2028and paragraph\u2029separators", "n": 12, "none": None},
        {"lazy": gettext_lazy("Not found."), "list": [True, False, "é"]},
        {"big": 2**70, "negative": -(2**70)},
        [],
        "",
    ],
    ids=["separators", "lazy-text", "beyond-64-bits", "empty-list", "empty-string"],
)
def test_values_orjson_writes_otherwise(data):
    assert FastJSONRenderer().render(data) == JSONRenderer().render(data)


def test_nothing_renders_as_no_body():
    assert FastJSONRenderer().render(None) == b""


def test_an_indent_asked_for_is_given():
    rendered = FastJSONRenderer().render({"a": [1]}, "application/json; indent=2")
    assert rendered == b'{\n  "a": [\n    1\n  ]\n}'
