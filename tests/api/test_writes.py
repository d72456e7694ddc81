"""POST /documents: ingest through the real pipeline, behind the API key and a body size limit."""

import pytest
from fastapi.testclient import TestClient

from sitrep.api import ApiConfig, create_app

from .conftest import API_KEY

ARTICLE = {
    "id": "submitted/raid-1",
    "text": "Government warplanes bombed the town of Saraqib on Monday, killing 7 civilians, a local rescue team said.",
    "published": "2021-04-06",
    "publisher": "Submitted Wire",
}


def test_a_submitted_document_is_coded_stored_and_listed(client):
    response = client.post("/documents", json=ARTICLE, headers={"X-API-Key": API_KEY})
    assert response.status_code == 201, response.text
    result = response.json()
    assert result["status"] == "new" and result["revision"] == 1 and result["events"]
    listed = client.get("/events", params={"publisher": "Submitted Wire"}).json()["events"]
    assert [r["event_id"] for e in listed for r in e["reports"]] == result["events"]  # merged on ingest
    assert listed[0]["event_date"] == "2021-04-05" and listed[0]["fatalities_best"] == 7
    again = client.post("/documents", json=ARTICLE, headers={"X-API-Key": API_KEY}).json()
    assert again["status"] == "unchanged"


@pytest.mark.parametrize(("headers", "status"), [({}, 401), ({"X-API-Key": "guess"}, 403), ({"X-API-Key": ""}, 401)])
def test_writing_needs_the_configured_key(client, headers, status):
    response = client.post("/documents", json=ARTICLE, headers=headers)
    assert response.status_code == status
    assert client.get("/events", params={"publisher": "Submitted Wire"}).json()["events"] == []


def test_without_a_configured_key_the_api_is_read_only(db_url):
    with TestClient(create_app(ApiConfig(db_url=db_url, api_key=None))) as read_only:
        response = read_only.post("/documents", json=ARTICLE, headers={"X-API-Key": "anything"})
        assert response.status_code == 403 and "SITREP_API_KEY" in response.json()["error"]


@pytest.mark.parametrize(
    ("body", "parameter"),
    [
        ({"id": "x", "text": "Clashes erupted.", "published": "last week"}, "published"),
        ({"id": "", "text": "Clashes erupted."}, "id"),
        ({"id": "x"}, "body"),
    ],
)
def test_a_bad_document_is_refused_naming_the_field(client, body, parameter):
    response = client.post("/documents", json=body, headers={"X-API-Key": API_KEY})
    assert response.status_code == 422 and response.json()["parameter"] == parameter


def test_bodies_over_the_limit_are_refused_before_reading_them(db_url):
    with TestClient(create_app(ApiConfig(db_url=db_url, api_key=API_KEY, max_body_bytes=1000))) as small:
        big = {**ARTICLE, "text": "Clashes erupted near the town. " * 100}
        response = small.post("/documents", json=big, headers={"X-API-Key": API_KEY})
        assert response.status_code == 413 and "1,000-byte" in response.json()["error"]
        chunks = small.post(
            "/documents",
            content=iter([b'{"id": "x", "text": "', b"a" * 1500, b'"}']),
            headers={"X-API-Key": API_KEY, "Content-Type": "application/json"},
        )
        assert chunks.status_code == 413  # no Content-Length: counted while reading
        assert small.post("/documents", json=ARTICLE, headers={"X-API-Key": API_KEY}).status_code == 201
