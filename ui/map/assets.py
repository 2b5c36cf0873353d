"""Where the map page's scripts, styles and images come from: installed packages, never a CDN.

Leaflet, jQuery and Leaflet.markercluster are the `xstatic-*` packages' files; Leaflet.heat is
the copy folium ships in its own package; our page script and style are in resources/map; Qt
ships qwebchannel.js as a resource. `asset_path(group, name)` resolves a request safely (no way
out of a package's folder); `ASSET_URLS` are the addresses the page uses for them.
"""

from __future__ import annotations

import mimetypes
from functools import cache
from pathlib import Path

import importlib.util
import xstatic.pkg.jquery
import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster

import resources

SCHEME = "gridcc"
APP_HOST = "app"
TILE_HOST = "tiles"
BASE_URL = f"{SCHEME}://{APP_HOST}"

_FOLDERS = {
    "leaflet": Path(xstatic.pkg.leaflet.BASE_DIR),
    "jquery": Path(xstatic.pkg.jquery.BASE_DIR),
    "markercluster": Path(xstatic.pkg.leaflet_markercluster.BASE_DIR),
    # folium's own copy of Leaflet.heat, found without importing folium (slow) at start-up
    "heat": Path(importlib.util.find_spec("folium").origin).parent / "templates",
    "map": Path(resources.__file__).parent / "map",
}

#: (name, url) pairs in the form folium's default_js / default_css take them
LEAFLET_JS = [("leaflet", f"{BASE_URL}/leaflet/leaflet.js"), ("jquery", f"{BASE_URL}/jquery/jquery.min.js")]
LEAFLET_CSS = [("leaflet_css", f"{BASE_URL}/leaflet/leaflet.css")]
CLUSTER_JS = [("markerclusterjs", f"{BASE_URL}/markercluster/leaflet.markercluster.js")]
CLUSTER_CSS = [("markerclustercss", f"{BASE_URL}/markercluster/MarkerCluster.css"),
               ("markerclusterdefaultcss", f"{BASE_URL}/markercluster/MarkerCluster.Default.css")]
HEAT_JS = [("leaflet-heat.js", f"{BASE_URL}/heat/leaflet_heat.min.js")]
PAGE_JS = [f"{BASE_URL}/qt/qwebchannel.js", f"{BASE_URL}/map/map.js"]
PAGE_CSS = [f"{BASE_URL}/map/map.css"]
QWEBCHANNEL_RESOURCE = ":/qtwebchannel/qwebchannel.js"


def asset_path(group: str, name: str) -> Path | None:
    """The file for gridcc://app/<group>/<name>, or None when there is no such asset."""
    folder = _FOLDERS.get(group)
    if folder is None or not name:
        return None
    path = (folder / name).resolve()
    if not path.is_file() or not path.is_relative_to(folder.resolve()):
        return None
    return path


@cache
def asset_bytes(group: str, name: str) -> bytes | None:
    """The file's bytes (kept after the first read: the same few files serve every page load)."""
    path = asset_path(group, name)
    return path.read_bytes() if path is not None else None


def mime_type(name: str) -> bytes:
    """The content type the page needs for a file (scripts must be served as JavaScript)."""
    guessed = {".js": "text/javascript", ".css": "text/css", ".html": "text/html"}.get(Path(name).suffix)
    return (guessed or mimetypes.guess_type(name)[0] or "application/octet-stream").encode()
