import csv
import io
import json

from sitrep.export.acled import COLUMNS, write_acled
from sitrep.export.csv import write_csv
from sitrep.export.geojson import write_geojson
from sitrep.export.jsonl import write_jsonl
from sitrep.export.rows import NUMBER
from sitrep.export.ucdp import write_ucdp
from sitrep.schema import validate_event
from tests.store.test_store import make_document, make_event


def events():
    document = make_document()
    located = make_event(document)
    unlocated = make_event(
        document,
        1,
        latitude=None,
        longitude=None,
        event_type="Violence against civilians",
        sub_event_type="Attack",
        actor2="Civilians (Syria)",
        inter2=7,
    )
    return [located, unlocated]


def test_acled_header_order_and_derived_fields():
    out = io.StringIO()
    assert write_acled(events(), out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == COLUMNS
    assert (rows[0]["disorder_type"], rows[0]["interaction"], rows[0]["iso"], rows[0]["region"]) == (
        "Political violence",
        "12",
        "760",
        "Middle East",
    )
    assert rows[1]["civilian_targeting"] == "Civilian targeting"
    assert rows[0]["notes"].startswith("Militants attacked")


def test_geojson_is_lon_lat_and_counts_skipped():
    out = io.StringIO()
    assert write_geojson(events(), out) == 1
    collection = json.loads(out.getvalue())
    assert collection["features"][0]["geometry"]["coordinates"] == [38.28, 34.56]
    assert collection["skipped"] == 1


def test_jsonl_lines_validate_and_csv_ucdp_write_all():
    out = io.StringIO()
    write_jsonl(events(), out)
    for line in out.getvalue().splitlines():
        validate_event(json.loads(line))
    for writer in (write_csv, write_ucdp):
        buffer = io.StringIO()
        assert writer(events(), buffer) == 2
        assert len(list(csv.DictReader(io.StringIO(buffer.getvalue())))) == 2


def test_csv_cells_that_a_spreadsheet_would_run_are_text():
    document = make_document()
    hostile = make_event(
        document,
        actor1='=HYPERLINK("http://example.invalid","click")',
        location="@SUM(A1:A9)",
        text="-2+3 rockets hit the town",
        latitude=-33.5,
        longitude=-0.25,
    )
    for writer in (write_acled, write_csv, write_ucdp):
        buffer = io.StringIO()
        writer([hostile], buffer)
        cells = [cell for row in csv.reader(io.StringIO(buffer.getvalue())) for cell in row]
        formulas = [c for c in cells if c.startswith(("=", "+", "-", "@")) and not NUMBER.fullmatch(c)]
        assert formulas == []
        assert any(c.startswith("'=HYPERLINK") for c in cells) or writer is write_ucdp
        assert "-33.5" in cells or "-33.5000" in cells  # numbers keep their sign
