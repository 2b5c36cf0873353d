"""The map page's HTML, built with folium: the Leaflet map, its layers and the layer control.

folium writes the skeleton (map, basemap, empty layers, marker cluster with our icon function,
heat layer, layer control); every script and style link is replaced with a gridcc:// address
of a packaged file, so the page loads nothing from the network. The data (GeoJSON, markers)
is not in the HTML: the page asks for it through the QWebChannel once it is ready
(resources/map/map.js).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import folium
from folium import plugins
from folium.elements import Element
from branca.element import CssLink, JavascriptLink

from ui.map.assets import (
    CLUSTER_CSS, CLUSTER_JS, HEAT_JS, LEAFLET_CSS, LEAFLET_JS, PAGE_CSS, PAGE_JS, SCHEME, TILE_HOST,
)

#: the cluster icon: the number of cases, coloured by the worst light among them
CLUSTER_ICON = "function (cluster) { return window.gridcc.clusterIcon(cluster); }"
_REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']https?://""", re.IGNORECASE)


@dataclass(frozen=True, kw_only=True)
class LayerNames:
    """The layer control's labels (translated by the caller)."""

    basemap: str
    grids: str
    cases: str
    heat: str
    communities: str
    streets: str


def build_page(names: LayerNames, *, center: tuple[float, float], zoom: int, basemap: dict) -> str:
    """The page's HTML; `basemap` is Basemap.as_dict() ('none', 'mbtiles' or 'xyz')."""
    fmap = folium.Map(location=list(center), zoom_start=zoom, tiles=None, prefer_canvas=True,
                      zoom_control=True, **{"maxZoom": 19, "minZoom": 3, "zoomSnap": 0.25})
    fmap.default_js, fmap.default_css = LEAFLET_JS, LEAFLET_CSS
    tiles = _tile_layer(basemap, names.basemap)
    if tiles is not None:
        tiles.add_to(fmap)
    streets = folium.FeatureGroup(name=names.streets, show=False).add_to(fmap)
    communities = folium.FeatureGroup(name=names.communities, show=True).add_to(fmap)
    grids = folium.FeatureGroup(name=names.grids, show=True).add_to(fmap)
    heat = plugins.HeatMap([], name=names.heat, show=False, radius=22, blur=18, min_opacity=0.35)
    heat.default_js = HEAT_JS
    heat.add_to(fmap)
    # no chunked loading: one synchronous addLayers is faster in total, and "drawn" then means drawn
    cluster = plugins.MarkerCluster(name=names.cases, icon_create_function=CLUSTER_ICON,
                                    options={"maxClusterRadius": 50, "chunkedLoading": False,
                                             "showCoverageOnHover": False})
    cluster.default_js, cluster.default_css = CLUSTER_JS, CLUSTER_CSS
    cluster.add_to(fmap)
    folium.LayerControl(collapsed=False, position="topright").add_to(fmap)
    root = fmap.get_root()
    for url in PAGE_CSS:
        root.header.add_child(CssLink(url))
    for url in PAGE_JS:
        root.header.add_child(JavascriptLink(url))
    layers = {"map": fmap.get_name(), "grids": grids.get_name(), "communities": communities.get_name(),
              "streets": streets.get_name(), "heat": heat.get_name(), "cluster": cluster.get_name(),
              "tiles": tiles.get_name() if tiles is not None else None}
    start = Element("<script>window.addEventListener('load', function () { window.gridcc.start("
                    + json.dumps(layers) + "); });</script>")
    root.html.add_child(start)
    html = root.render()
    if _REMOTE.search(html):
        raise ValueError("地图页面引用了网络上的脚本或样式")  # a folium upgrade added a CDN link
    return html


def _tile_layer(basemap: dict, name: str):
    """The basemap layer: MBTiles through gridcc://tiles/, an online XYZ address, or none."""
    kind = basemap.get("kind")
    if kind == "mbtiles":
        url = f"{SCHEME}://{TILE_HOST}/{{z}}/{{x}}/{{y}}"
    elif kind == "xyz" and basemap.get("url"):
        url = basemap["url"]
    else:
        return None
    return folium.TileLayer(tiles=url, attr=name, name=name, max_zoom=19, max_native_zoom=18, overlay=False,
                            control=True)
