"""GET /events: filters, cursor pages, formats and parameter errors, through the ASGI client."""

import csv
import io

import pytest

from .seed import CURRENT_EVENTS, CURRENT_REPORTS


def _ids(response):
    assert response.status_code == 200, response.text
    return [e["event_id"] for e in response.json()["events"]]


def _locations(client, **params):
    response = client.get("/events", params={"fields": "location", **params})
    assert response.status_code == 200, response.text
    return [e["location"] for e in response.json()["events"]]


def test_lists_current_events_in_date_order_with_canonical_fields(client):
    body = client.get("/events").json()
    assert body["count"] == CURRENT_EVENTS and body["next_cursor"] is None
    dates = [e["event_date"] for e in body["events"]]
    assert dates == sorted(dates) and dates[0] == "2021-02-19"
    bomb = next(e for e in body["events"] if e["location"] == "A'zaz")
    assert bomb["fatalities_best"] == 5, "the superseded first revision must not be listed"
    assert [(r["document_id"], r["source"], r["published"]) for r in bomb["reports"]] == [
        ("local/azaz-bomb", "Northern Desk", "2021-03-11")
    ]
    assert bomb["event_id"].startswith("c") and bomb["reports"][0]["event_id"] != bomb["event_id"]
    assert bomb["claims"][0]["outlet"] == "Northern Desk" and bomb["outlets"] == 1


def test_two_outlets_reporting_one_ambush_are_one_event_with_two_reports_a_range_and_a_conflict(client):
    ambushes = [e for e in client.get("/events").json()["events"] if e["location"] == "Tall Rif'at"]
    assert len(ambushes) == 1
    ambush = ambushes[0]
    assert [r["source"] for r in ambush["reports"]] == ["Test Wire", "Coast Daily"]
    assert ambush["outlets"] == 2 and ambush["sources"] == ["Test Wire", "Coast Daily"]
    assert (ambush["fatalities_low"], ambush["fatalities_best"], ambush["fatalities_high"]) == (2, 2, 9)
    assert ambush["fatalities"] == 2  # ACLED's conservative value: the lowest figure
    assert {(c["value"], c["claimant"], c["outlet"]) for c in ambush["claims"]} == {
        (9, "Activists", "Test Wire"),
        (4, "state media", "Test Wire"),
        (2, "an army source", "Coast Daily"),
    }
    [conflict] = ambush["conflict"]
    assert conflict["kind"] == "killed"
    assert (conflict["low"]["value"], conflict["low"]["claimant"], conflict["low"]["outlet"]) == (
        2,
        "an army source",
        "Coast Daily",
    )
    assert (conflict["high"]["value"], conflict["high"]["outlet"], conflict["high"]["camp"]) == (
        9,
        "Test Wire",
        "opposition",
    )
    joined = next(r for r in ambush["reports"] if r["score"] is not None)
    assert joined["score"] >= 0.75 and joined["features"]["place"] == 1.0


def test_reports_list_each_reports_own_event_with_the_same_filters(client):
    body = client.get("/reports").json()
    assert body["count"] == CURRENT_REPORTS
    ambush_reports = client.get("/reports", params={"admin1": "Aleppo", "sub_type": "Armed clash"}).json()["events"]
    assert sorted(e["source"] for e in ambush_reports) == ["Coast Daily", "Test Wire"]
    assert {e["fatalities_best"] for e in ambush_reports} == {2, 9}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"from": "2021-03-05", "to": "2021-03-10"}, ["Saraqib", "As-Suwayda", "A'zaz"]),
        ({"bbox": "36.5,35.7,36.9,36.0"}, ["Saraqib", "Ariha"]),
        ({"admin1": "idleb"}, ["Saraqib", "Ariha"]),
        ({"type": "Explosions/Remote violence"}, ["Saraqib", "A'zaz", "Ariha"]),
        ({"type": "Air/drone strike"}, ["Ariha"]),
        ({"sub_type": "Peaceful protest"}, ["As-Suwayda"]),
        ({"actor": "russia"}, ["Ariha"]),
        ({"publisher": "Test Wire"}, ["Tall Rif'at", "Ariha"]),
        ({"publisher": "Coast Daily"}, ["Tall Rif'at"]),  # an event matches when one of its reports does
        ({"min_fatalities": 9}, ["Ariha"]),  # the ambush's best estimate is 2 (of 2 and 9)
        ({"q": "fuel"}, ["As-Suwayda"]),
        ({"q": "insurgents"}, ["Tall Rif'at"]),
        ({"admin1": "Aleppo", "min_fatalities": 2}, ["Tall Rif'at", "A'zaz"]),
    ],
)
def test_each_filter_keeps_exactly_the_matching_events(client, params, expected):
    assert _locations(client, **params) == expected


def test_a_box_across_the_antimeridian_wraps_instead_of_matching_nothing(client):
    assert _locations(client, bbox="170,30,-170,40") == []
    assert len(_locations(client, bbox="36.7,30,-170,40")) == 3  # east of 36.7° through the antimeridian


@pytest.mark.parametrize("order", ["asc", "desc"])
def test_cursor_pages_walk_every_event_once_in_order(client, order):
    seen, cursor = [], None
    while True:
        params = {"limit": 2, "order": order, "fields": "event_date"}
        if cursor:
            params["cursor"] = cursor
        response = client.get("/events", params=params)
        body = response.json()
        assert len(body["events"]) <= 2
        seen.extend(body["events"])
        cursor = body["next_cursor"]
        if not cursor:
            assert "link" not in response.headers
            break
        assert response.headers["link"].endswith('rel="next"') and f"cursor={cursor}" in response.headers["link"]
    ids = [e["event_id"] for e in seen]
    assert len(ids) == len(set(ids)) == CURRENT_EVENTS
    dates = [e["event_date"] for e in seen]
    assert dates == sorted(dates, reverse=order == "desc")


def test_count_adds_the_total_of_every_matching_event(client):
    response = client.get("/events", params={"limit": 1, "count": "true", "admin1": "Idleb"})
    assert response.json()["total"] == 2 and response.headers["x-total-count"] == "2"


def test_geojson_puts_points_in_lon_lat_order_and_keeps_unlocated_events_without_geometry(client):
    response = client.get("/events", params={"format": "geojson"})
    assert response.headers["content-type"].startswith("application/geo+json")
    collection = response.json()
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == CURRENT_EVENTS
    saraqib = next(f for f in collection["features"] if f["properties"]["location"] == "Saraqib")
    assert saraqib["geometry"] == {"type": "Point", "coordinates": [36.81, 35.86]}
    assert collection["unlocated"] == 1
    assert [f["geometry"] for f in collection["features"] if f["properties"]["location"] is None] == [None]


def test_csv_has_one_row_per_event_and_the_requested_columns(client):
    response = client.get("/events", params={"format": "csv", "fields": "event_date,location,claims"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert list(rows[0]) == ["event_id", "event_date", "location", "claims"]
    assert len(rows) == CURRENT_EVENTS
    assert '"claimant": "medics"' in next(r for r in rows if r["location"] == "Saraqib")["claims"]


MAP_FIELDS = "event_date,event_type,location,latitude,longitude,fatalities_best,sources,outlets,conflict"


def _as_rows(body):
    assert body["count"] == len(body["columns"]["event_id"]) and list(body["columns"]) == body["fields"]
    return [dict(zip(body["fields"], values, strict=True)) for values in zip(*body["columns"].values(), strict=True)]


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/events", MAP_FIELDS),
        ("/events", "changed_at,deleted,version,admin1"),  # columns only
        ("/events", "location,sources"),  # one field read out of the payload
        ("/events", "location,claims,reports"),  # the whole payload
        ("/events", None),
        ("/reports", MAP_FIELDS),
        ("/reports", None),
    ],
)
def test_columns_hold_the_same_events_as_json_one_list_per_field(client, path, fields):
    params = {"fields": fields} if fields else {}
    listed = client.get(path, params=params).json()["events"]
    response = client.get(path, params={**params, "format": "columns"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    assert _as_rows(response.json()) == listed and len(listed) >= CURRENT_EVENTS


def test_columns_pages_follow_the_cursor_and_an_empty_page_keeps_its_fields(client):
    seen, cursor = [], None
    while True:
        params = {
            "limit": 2,
            "fields": MAP_FIELDS,
            "format": "columns",
            "count": "true",
            **({"cursor": cursor} if cursor else {}),
        }
        body = client.get("/events", params=params).json()
        assert body["count"] <= 2 and body["total"] == CURRENT_EVENTS
        seen += _as_rows(body)
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert seen == client.get("/events", params={"fields": MAP_FIELDS}).json()["events"]
    assert [e["outlets"] for e in seen if e["location"] == "Tall Rif'at"] == [2]
    empty = client.get("/events", params={"fields": MAP_FIELDS, "format": "columns", "min_fatalities": 999}).json()
    assert empty["count"] == 0 and empty["columns"] == {name: [] for name in ["event_id", *MAP_FIELDS.split(",")]}


def test_fields_keeps_only_the_named_fields(client):
    events = client.get("/events", params={"fields": "latitude,longitude,conflict"}).json()["events"]
    assert all(set(e) == {"event_id", "latitude", "longitude", "conflict"} for e in events)


def test_disagreeing_tolls_are_flagged_as_a_conflict_and_agreeing_ones_are_not(client):
    events = {e["location"]: e for e in client.get("/events").json()["events"]}
    assert [c["kind"] for c in events["Tall Rif'at"]["conflict"]] == ["killed"]
    assert events["Ariha"]["conflict"] == []  # 11 killed and up to 15 wounded are different tolls
    reports = {e["source"]: e for e in client.get("/reports", params={"admin1": "Aleppo"}).json()["events"]}
    assert reports["Test Wire"]["conflict"] == [  # within one report: its two claimants' tolls cannot both be true
        {
            "kind": "killed",
            "side": "Military Forces of Syria (2000-)",
            "values": [4, 9],
            "claimants": ["Activists", "state media"],
        }
    ]


@pytest.mark.parametrize(
    ("params", "parameter", "status"),
    [
        ({"limit": 0}, "limit", 422),
        ({"limit": 10_001}, "limit", 422),
        ({"from": "yesterday"}, "from", 422),
        ({"from": "2021-03-10", "to": "2021-03-01"}, "from", 400),
        ({"format": "xml"}, "format", 422),
        ({"order": "sideways"}, "order", 422),
        ({"bbox": "36,35,37"}, "bbox", 400),
        ({"bbox": "36,37,37,35"}, "bbox", 400),
        ({"bbox": "a,b,c,d"}, "bbox", 400),
        ({"fields": "event_date,colour"}, "fields", 400),
        ({"cursor": "not-a-cursor"}, "cursor", 400),
        ({"min_fatalities": -1}, "min_fatalities", 422),
    ],
)
def test_a_bad_parameter_gets_a_4xx_that_names_it(client, params, parameter, status):
    response = client.get("/events", params=params)
    assert response.status_code == status, response.text
    body = response.json()
    assert body["parameter"] == parameter and f"'{parameter}'" in body["error"]
    assert "\n" not in body["error"]


def test_a_cursor_from_the_other_order_is_refused(client):
    cursor = client.get("/events", params={"limit": 1}).json()["next_cursor"]
    response = client.get("/events", params={"limit": 1, "order": "desc", "cursor": cursor})
    assert response.status_code == 400 and response.json()["parameter"] == "cursor"


def test_stats_count_events_and_fatalities_by_day_type_and_governorate(client):
    stats = client.get("/stats").json()
    assert stats["events"] == CURRENT_EVENTS and stats["fatalities"] == 2 + 6 + 11 + 5  # the ambush counts once
    assert {r["admin1"]: r["events"] for r in stats["by_admin1"]} == {"Aleppo": 2, "Idleb": 2, "As-Sweida": 1}
    assert stats["by_type"][0] == {"event_type": "Explosions/Remote violence", "events": 3, "fatalities": 22}
    assert [r["day"] for r in stats["by_day"]][:2] == ["2021-02-19", "2021-03-02"]
    publishers = {r["publisher"]: r["events"] for r in stats["by_publisher"]}
    assert publishers["Test Wire"] == 2 and publishers["Coast Daily"] == 1 and publishers["Northern Desk"] == 1
    assert client.get("/stats", params={"admin1": "Idleb"}).json()["fatalities"] == 17


@pytest.mark.parametrize("spelling", ["Idlib", "idleb", "Idlib Governorate"])
def test_a_governorate_in_any_spelling_the_geocoder_folds_finds_its_events(client, spelling):
    stored = _locations(client, admin1="Idleb")
    assert len(stored) == 2 and _locations(client, admin1=spelling) == stored
    assert client.get("/stats", params={"admin1": spelling}).json()["events"] == 2
    assert _locations(client, admin1="Nowhere Governorate") == []


def test_an_event_stored_before_a_field_existed_is_served_with_the_field_empty(client, db_url):
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    with engine.begin() as conn:  # as a store written before admin3 was a field keeps its payloads
        conn.execute(text("UPDATE clusters SET payload = json_remove(payload, '$.admin3')"))
    engine.dispose()
    for fmt in ("json", "columns"):
        response = client.get("/events", params={"fields": "admin3,claims", "format": fmt})
        assert response.status_code == 200, response.text
    events = client.get("/events", params={"fields": "admin3,claims"}).json()["events"]
    assert events and all(e["admin3"] is None for e in events)
    detail = client.get(f"/events/{events[0]['event_id']}")
    assert detail.status_code == 200 and detail.json()["admin3"] is None
