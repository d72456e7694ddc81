"""The dashboard's files: served by the API, complete, and loading nothing from outside the server."""

import re
from importlib.resources import files

import pytest

WEB = files("sitrep").joinpath("web")


def test_the_dashboard_and_every_file_it_names_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assets = re.findall(r'(?:src|href)="(static/[^"]+)"', page.text)
    assert any("leaflet.js" in a for a in assets) and any("supercluster" in a for a in assets)
    for asset in assets:
        assert client.get(f"/{asset}").status_code == 200, asset
    assert client.get("/dashboard/config").json() == {"tile_url": "", "tile_attribution": ""}


@pytest.mark.parametrize("name", ["index.html", "app.js", "style.css"])
def test_our_dashboard_files_fetch_nothing_from_other_hosts(name):
    text = WEB.joinpath(name).read_text(encoding="utf-8")
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", text)
    assert not re.search(r"""fetch\(\s*["'`]https?:""", text)
    assert "@import" not in text


def test_vendored_libraries_keep_their_licences_and_provenance():
    vendor = WEB.joinpath("vendor")
    assert "Agafonkin" in vendor.joinpath("leaflet", "LICENSE").read_text(encoding="utf-8")
    assert "ISC" in vendor.joinpath("supercluster", "LICENSE").read_text(encoding="utf-8")
    assert "ISC" in vendor.joinpath("supercluster", "kdbush", "LICENSE").read_text(encoding="utf-8")
    provenance = vendor.joinpath("README.md").read_text(encoding="utf-8")
    assert "leaflet@1.9.4" in provenance and "supercluster@9.1.0" in provenance
