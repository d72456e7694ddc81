"""GET /events/{id}, /documents/{id}, /places and /outlines."""

from .seed import REVISED_TEXT_2, SHELLING_TEXT


def _event_at(client, location):
    events = client.get("/events", params={"fields": "location,document_id"}).json()["events"]
    return next(e for e in events if e["location"] == location)


def test_an_event_shows_every_claim_with_claimant_outlet_and_the_figure_in_its_sentence(client):
    event = client.get(f"/events/{_event_at(client, 'Ariha')['event_id']}").json()
    assert [(c["kind"], c["value"], c["claimant"], c["outlet"]) for c in event["claims"]] == [
        ("killed", 11, "rescuers", "Test Wire"),
        ("wounded", 15, "rescuers", "Test Wire"),
    ]
    figures = [c["text"][slice(*c["highlight"])] for c in event["claims"]]
    assert figures == ["11 bodies", "up to 15 people"]
    assert [(r["document_id"], r["title"]) for r in event["reports"]] == [("wire/ariha-market", "Market hit in Ariha")]


def test_a_merged_event_says_why_each_report_is_a_member_and_how_it_changed(client):
    ambush = _event_at(client, "Tall Rif'at")["event_id"]
    event = client.get(f"/events/{ambush}").json()
    opened, joined = sorted(event["reports"], key=lambda r: r["score"] is not None)
    assert opened["score"] is None and opened["linked_to"] is None
    assert joined["linked_to"] == opened["event_id"] and set(joined["features"]) >= {"date", "place", "type", "words"}
    figures = {c["value"]: c["text"][slice(*c["highlight"])] for c in event["claims"]}
    assert figures == {9: "9 soldiers", 4: "4 soldiers", 2: "2 soldiers"}
    assert [v["version"] for v in event["history"]] == list(range(1, len(event["history"]) + 1))
    assert event["history"][-1]["reason"] and event["review_log"] == []


def test_a_revised_report_keeps_its_history_and_names_what_changed(client):
    bomb = client.get("/reports", params={"fields": "location"}).json()["events"]
    bomb = next(e for e in bomb if e["location"] == "A'zaz")
    current = client.get(f"/reports/{bomb['event_id']}").json()
    history = current["revisions"]
    assert [(r["revision"], r["current"]) for r in history] == [(1, False), (2, True)]
    assert {"fatalities", "fatalities_best", "text"} <= set(history[1]["changed"])
    old = client.get(f"/reports/{history[0]['event_id']}").json()
    assert old["superseded"] is True and old["fatalities_best"] == 2
    assert old["current_event_id"] == current["event_id"]
    canonical = client.get(f"/events/{current['canonical_event_id']}").json()
    assert canonical["fatalities_best"] == 5 and canonical["reports"][0]["event_id"] == current["event_id"]


def test_an_unknown_event_is_a_404_naming_it(client):
    response = client.get("/events/0123456789abcdef")
    assert response.status_code == 404 and "0123456789abcdef" in response.json()["error"]
    assert client.get("/reports/0123456789abcdef").status_code == 404
    report = client.get("/reports", params={"limit": 1}).json()["events"][0]["event_id"]
    pointer = client.get(f"/events/{report}").json()["error"]
    assert f"/reports/{report}" in pointer and "canonical event c" in pointer
    assert client.get("/no/such/endpoint").json() == {"error": "Not Found"}


def test_a_document_comes_with_its_text_and_the_spans_of_its_event_and_claims(client):
    document = client.get("/documents/reports/saraqib.txt").json()
    assert document["text"] == SHELLING_TEXT and document["publisher"] == "Idlib Monitor"
    spans = {s["kind"]: document["text"][s["start"] : s["end"]] for s in document["spans"]}
    assert spans == {"event": SHELLING_TEXT, "claim": "at least 6 civilians"}
    assert document["events"][0]["sub_event_type"] == "Shelling/artillery/missile attack"


def test_a_document_revision_can_be_asked_for(client):
    latest = client.get("/documents/local/azaz-bomb").json()
    assert latest["revision"] == 2 and latest["text"] == REVISED_TEXT_2
    assert [r["current"] for r in latest["revisions"]] == [False, True]
    first = client.get("/documents/local/azaz-bomb", params={"revision": 1}).json()
    assert first["superseded"] is True and "killing 2 people" in first["text"]
    assert client.get("/documents/local/azaz-bomb", params={"revision": 3}).status_code == 404
    assert client.get("/documents/no/such/document").status_code == 404


def test_places_geocodes_names_and_explains_the_unresolved(client):
    places = client.get("/places", params=[("q", "Saraqib"), ("q", "Zzyzxville")]).json()["places"]
    assert places[0]["name"] == "Saraqib" and places[0]["admin1"] == "Idleb" and places[0]["precision"] == 1
    assert places[1]["latitude"] is None and places[1]["reason"]
    missing = client.get("/places")
    assert missing.status_code == 422 and missing.json()["parameter"] == "q"


def test_outlines_serve_the_packaged_base_map(client):
    governorates = client.get("/outlines", params={"level": "admin1"}).json()
    assert "Idlib" in {f["properties"]["name"] for f in governorates["features"]}
    assert client.get("/outlines", params={"level": "street"}).json()["parameter"] == "level"


def test_the_openapi_schema_lists_every_endpoint(client):
    schema = client.get("/openapi.json").json()
    assert {"/events", "/events/{event_id}", "/documents/{document_id}", "/documents", "/stats", "/places"} <= set(
        schema["paths"]
    )
    assert {"/reports", "/reports/{event_id}", "/events/{event_id}/merge", "/events/{event_id}/split"} <= set(
        schema["paths"]
    )
    assert "X-API-Key" in str(schema["components"]["securitySchemes"])
    assert client.get("/docs").status_code == 200


def test_every_endpoint_and_event_parameter_is_in_the_readme(client):
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    schema = client.get("/openapi.json").json()
    for path, methods in schema["paths"].items():
        if path.startswith("/dashboard"):
            continue
        for method in methods:
            assert f"`{method.upper()} {path.replace('{document_id}', '{id}').replace('{event_id}', '{id}')}" in readme
    for parameter in schema["paths"]["/events"]["get"]["parameters"]:
        assert f"`{parameter['name']}" in readme, parameter["name"]
