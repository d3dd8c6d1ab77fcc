import pytest

pytestmark = pytest.mark.django_db


def test_it_shows_the_three_tiers_side_by_side_with_a_chart_each(client, seed):
    response = client.get("/en/")
    assert response.status_code == 200
    text = response.content.decode()
    for name in [
        "Strengthening the Armed Forces of Ukraine",
        "A coalition of the willing led by the United Kingdom and France",
        "Participation of the United States",
    ]:
        assert name in text
    assert text.count('<svg class="chart" role="img"') == 3
    assert text.count("<caption>Commitments by progress</caption>") == 3


def test_it_lists_the_latest_changes_and_statements(client, seed):
    response = client.get("/en/")
    assert 0 < len(response.context["changes"]) <= 6
    assert 0 < len(response.context["statements"]) <= 6
    dates = [change.occurred_on for change in response.context["changes"]]
    assert dates == sorted(dates, reverse=True)


def test_it_links_into_every_section(client, seed):
    text = client.get("/en/").content.decode()
    for path in [
        "/en/commitments/",
        "/en/actors/",
        "/en/statements/",
        "/en/timeline/",
        "/en/about/",
    ]:
        assert f'href="{path}"' in text


def test_the_root_redirects_to_a_language(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="uk")
    assert response.status_code == 302
    assert response["Location"] == "/uk/"
