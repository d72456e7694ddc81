"""Review over HTTP: merge, split, set and delete canonical events behind the API key, into the audit log."""

import pytest

from .conftest import API_KEY

KEY = {"X-API-Key": API_KEY}


def _event_at(client, location):
    return next(e for e in client.get("/events").json()["events"] if e["location"] == location)


def test_split_moves_a_report_to_a_new_event_and_logs_who_and_why(client):
    ambush = _event_at(client, "Tall Rif'at")
    body = {"reports": ["coast/patrol-attack"], "by": "analyst-a", "reason": "a second ambush, not the same one"}
    response = client.post(f"/events/{ambush['event_id']}/split", json=body, headers=KEY)
    assert response.status_code == 200, response.text
    new = response.json()
    assert new["split_from"] == ambush["event_id"] and new["event_id"] != ambush["event_id"]
    assert [r["document_id"] for r in new["reports"]] == ["coast/patrol-attack"] and new["reports"][0]["reviewed"]
    listed = [e for e in client.get("/events").json()["events"] if e["location"] == "Tall Rif'at"]
    assert sorted(e["outlets"] for e in listed) == [1, 1]
    left = client.get(f"/events/{ambush['event_id']}").json()
    assert (left["fatalities_low"], left["fatalities_high"]) == (4, 9) and left["version"] > ambush["version"]
    [entry] = left["review_log"]
    assert (entry["who"], entry["action"], entry["reason"]) == ("analyst-a", "split", body["reason"])


def test_merge_joins_two_events_for_good(client):
    shelling, airstrike = _event_at(client, "Saraqib"), _event_at(client, "Ariha")
    body = {"others": [airstrike["event_id"]], "by": "analyst-b", "reason": "one attack"}
    merged = client.post(f"/events/{shelling['event_id']}/merge", json=body, headers=KEY).json()
    assert sorted(r["source"] for r in merged["reports"]) == ["Idlib Monitor", "Test Wire"]
    gone = client.get(f"/events/{airstrike['event_id']}").json()
    assert gone["deleted"] and shelling["event_id"] in gone["deletion_reason"]
    assert airstrike["event_id"] not in {e["event_id"] for e in client.get("/events").json()["events"]}
    assert merged["review_log"][-1]["who"] == "analyst-b"


def test_set_corrects_a_field_and_delete_keeps_the_event_marked(client):
    protest = _event_at(client, "As-Suwayda")["event_id"]
    body = {"field": "fatalities", "value": 1, "by": "analyst-c", "reason": "a hospital list"}
    assert client.post(f"/events/{protest}/set", json=body, headers=KEY).json()["corrections"] == {"fatalities": 1}
    deleted = client.post(
        f"/events/{protest}/delete", json={"by": "analyst-c", "reason": "a duplicate feed item"}, headers=KEY
    )
    assert deleted.json()["deleted"] and deleted.json()["deletion_reason"] == "a duplicate feed item"
    assert [e["action"] for e in client.get(f"/events/{protest}").json()["review_log"]] == ["set", "delete"]


@pytest.mark.parametrize(
    ("action", "body", "status", "says"),
    [
        ("set", {"field": "colour", "value": "red", "by": "a"}, 400, "field"),
        ("set", {"field": "fatalities", "value": -3, "by": "a"}, 400, "value"),
        ("split", {"reports": ["no/such/report"], "by": "a"}, 400, "reports"),
        ("merge", {"others": ["c000000000000000"], "by": "a"}, 400, "others"),
        ("delete", {"by": "a", "reason": ""}, 422, "reason"),
        ("merge", {"others": ["x"]}, 422, "by"),
    ],
)
def test_a_refused_review_names_what_is_wrong_and_changes_nothing(client, action, body, status, says):
    ambush = _event_at(client, "Tall Rif'at")
    response = client.post(f"/events/{ambush['event_id']}/{action}", json=body, headers=KEY)
    assert response.status_code == status and f"'{says}'" in response.json()["error"], response.text
    assert client.get(f"/events/{ambush['event_id']}").json()["version"] == ambush["version"]


def test_review_needs_the_key_and_an_existing_event(client):
    ambush = _event_at(client, "Tall Rif'at")["event_id"]
    body = {"reports": ["coast/patrol-attack"], "by": "intruder"}
    assert client.post(f"/events/{ambush}/split", json=body).status_code == 401
    assert client.post(f"/events/{ambush}/split", json=body, headers={"X-API-Key": "guess"}).status_code == 403
    assert len(_event_at(client, "Tall Rif'at")["reports"]) == 2
    missing = client.post("/events/cnosuchevent/delete", json={"by": "a", "reason": "x"}, headers=KEY)
    assert missing.status_code == 404 and "cnosuchevent" in missing.json()["error"]


def test_an_event_card_reads_its_review_entries_by_index_also_for_entries_logged_before_it(tmp_path):
    from sitrep.store import Store

    from .seed import seed_store

    url = f"sqlite:///{tmp_path / 'log.db'}"
    store = seed_store(url)
    with store.engine.connect() as conn:
        first, second, third = [row[0] for row in conn.exec_driver_sql("SELECT cluster_id FROM clusters LIMIT 3")]
    with store.writing() as session:
        session.log_review("amal", "merge", [first, second, first], {}, "one strike")
        session.log_review("omar", "set", [third], {"field": "admin1"}, None)
    with store.engine.begin() as conn:  # as a store migrated before the index existed
        conn.exec_driver_sql("DELETE FROM review_log_clusters")
        conn.exec_driver_sql("DELETE FROM schema_migrations WHERE name = '011_review_log_index'")
    store.close()
    store = Store.open(url)
    assert [e["who"] for e in store.review_entries(first)] == ["amal"]
    assert [e["who"] for e in store.review_entries(second)] == ["amal"]
    assert [(e["who"], e["clusters"]) for e in store.review_entries(third)] == [("omar", [third])]
    assert [e["who"] for e in store.review_entries()] == ["amal", "omar"]
    store.close()
