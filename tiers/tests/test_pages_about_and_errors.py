import pytest
from django.test import Client
from django.urls import path

from tiers.models import Commitment


def test_about_explains_every_state_legal_form_and_condition(client, db):
    text = client.get("/en/about/").content.decode()
    for choices in (Commitment.Progress, Commitment.LegalForm, Commitment.Condition):
        for label in choices.labels:
            assert f"<dt>{label}</dt>" in text
    assert "How records are curated and corrected" in text


def test_not_found_is_in_the_sites_style_and_language(client, db):
    response = client.get("/uk/commitments/no-such-thing/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "Сторінку не знайдено" in text
    assert 'class="skip-link"' in text


def boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", boom)]


@pytest.mark.urls(__name__)
def test_server_error_page_stands_alone(db, settings):
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    text = response.content.decode()
    assert "Something went wrong" in text
    assert 'lang="uk"' in text
