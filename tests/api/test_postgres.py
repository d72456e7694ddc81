"""The API over PostgreSQL (`sitrep serve --db postgresql://…`): canonical events, filters, full text and
review behave as on SQLite, against a real server."""

import pytest
from fastapi.testclient import TestClient

from sitrep.api import ApiConfig, create_app

from .conftest import API_KEY
from .seed import CURRENT_EVENTS, CURRENT_REPORTS, seed_store


@pytest.fixture
def pg_client(postgres_server_url):
    from tests.postgres_server import fresh_database

    url = fresh_database(postgres_server_url)
    seed_store(url).close()
    with TestClient(create_app(ApiConfig(db_url=url, api_key=API_KEY))) as client:
        yield client


def test_canonical_events_reports_and_review_on_postgresql(pg_client):
    events = pg_client.get("/events", params={"count": "true"}).json()
    assert events["total"] == CURRENT_EVENTS and pg_client.get("/reports").json()["count"] == CURRENT_REPORTS
    [ambush] = [e for e in events["events"] if e["location"] == "Tall Rif'at"]
    assert ambush["outlets"] == 2 and (ambush["fatalities_low"], ambush["fatalities_high"]) == (2, 9)
    assert [c["kind"] for c in ambush["conflict"]] == ["killed"]
    map_fields = {"fields": "location,sources,outlets,conflict"}
    columns = pg_client.get("/events", params={**map_fields, "format": "columns"}).json()["columns"]
    listed = pg_client.get("/events", params=map_fields).json()["events"]
    assert [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)] == listed
    assert [e["sources"] for e in listed if e["location"] == "Tall Rif'at"] == [ambush["sources"]]
    one = pg_client.get("/events", params={"fields": "outlets", "format": "columns"}).json()["columns"]["outlets"]
    assert sorted(one) == sorted(e["outlets"] for e in listed)
    assert [e["location"] for e in pg_client.get("/events", params={"q": "insurgents"}).json()["events"]] == [
        "Tall Rif'at"
    ]
    assert pg_client.get("/stats").json()["fatalities"] == 2 + 6 + 11 + 5
    body = {"reports": ["coast/patrol-attack"], "by": "analyst-pg", "reason": "two ambushes"}
    split = pg_client.post(f"/events/{ambush['event_id']}/split", json=body, headers={"X-API-Key": API_KEY})
    assert split.status_code == 200, split.text
    assert pg_client.get("/events").json()["count"] == CURRENT_EVENTS + 1
    log = pg_client.get(f"/events/{ambush['event_id']}").json()["review_log"]
    assert [(e["who"], e["action"]) for e in log] == [("analyst-pg", "split")]
