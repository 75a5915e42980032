import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_page_is_dutch_explains_the_three_users_and_links_to_sign_up_and_log_in(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl">' in html
    for heading in ("Voor ondernemers", "Voor sociale-economieorganisaties", "Voor coaches"):
        assert heading in html
    assert reverse("account_signup") in html and reverse("account_login") in html


def test_home_page_in_english_when_asked(client):
    response = client.get("/", headers={"accept-language": "en"})
    assert "For entrepreneurs" in response.content.decode()


def test_healthz_answers_ok():
    from django.test import Client

    response = Client().get("/healthz/")
    assert response.status_code == 200 and response.content == b"ok"
