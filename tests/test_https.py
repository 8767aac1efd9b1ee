"""Behind TLS (DJANGO_HTTPS=1): plain HTTP is redirected, HTTPS answers carry HSTS,
health probes still answer over HTTP; every answer carries the security headers."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

TLS = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_REDIRECT_EXEMPT": [r"^healthz$", r"^readyz$"],
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
}


@pytest.fixture
def behind_tls(settings):
    for name, value in TLS.items():
        setattr(settings, name, value)
    return Client()


def test_plain_http_is_redirected_to_https(behind_tls):
    response = behind_tls.get("/cases/?kind=civil")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/cases/?kind=civil"


def test_https_through_the_proxy_carries_hsts(behind_tls):
    response = behind_tls.get("/cases/", headers={"X-Forwarded-Proto": "https"})

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_probes_answer_over_plain_http(behind_tls, path):
    assert behind_tls.get(path).status_code == 200


@pytest.mark.parametrize(
    "path", ["/", "/cases/", "/api/v1/cases/", "/api/docs/", "/admin/login/"]
)
def test_every_answer_carries_the_security_headers(client, path):
    response = client.get(path)

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self';" in policy
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_a_cached_page_keeps_its_security_headers(client):
    first = client.get("/cases/")
    second = client.get("/cases/")

    assert second["X-Response-Cache"] == "hit"
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
