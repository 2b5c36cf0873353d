/* The map page's behaviour: layers filled with the data the desktop sends, live marker updates,
   clicks reported back through the QWebChannel object "bridge". No network, no globals besides
   window.gridcc. */
(function () {
  "use strict";
  var LIGHT_RANK = { none: 0, green: 1, yellow: 2, red: 3 };
  var LOAD_STEPS = [[1, "#dbe8f6"], [3, "#a9c9ec"], [6, "#6fa4dc"], [11, "#f0a35e"], [Infinity, "#d9534f"]];
  var LIGHT_FILL = { red: "#d93025", yellow: "#f2a600", green: "#1e8e3e" };
  var LABEL_LIMIT = 600;   // more grids than this: names on hover only, permanent labels cost too much
  var LABEL_ZOOM = 14;

  var G = window.gridcc = {
    layers: {}, bridge: null, markers: {}, gridLayers: {}, stats: {}, mode: "load",
    picking: false, counts: { grids: 0, communities: 0, streets: 0 }, heatPoints: 0, updates: 0,
    lights: { red: 0, yellow: 0, green: 0, none: 0 }, markerCount: 0
  };
  var icons = {};

  function icon(light) {
    if (!icons[light]) {
      icons[light] = L.divIcon({ className: "gcc-case gcc-" + light, iconSize: [14, 14], iconAnchor: [7, 7] });
    }
    return icons[light];
  }

  G.start = function (names) {
    Object.keys(names).forEach(function (key) { G.layers[key] = names[key] ? window[names[key]] : null; });
    G.map = G.layers.map;
    L.control.scale({ imperial: false }).addTo(G.map);
    G.map.attributionControl.setPrefix("Leaflet");
    G.map.on("zoomend", showLabels);
    G.map.on("click", onMapClick);
    new QWebChannel(qt.webChannelTransport, function (channel) {
      G.bridge = channel.objects.bridge;
      G.bridge.pageReady();
    });
  };

  /* Everything at first in one call: mode and grid figures before the shapes, so each grid is
     styled once (not drawn, restyled for the mode, restyled again for the figures). */
  G.load = function (regions, mode, stats, markers) {
    G.mode = mode;
    G.stats = stats;
    G.setRegions(regions, true);
    G.setCases(markers);
  };

  /* grids and boundaries ------------------------------------------------------------------ */
  G.setRegions = function (collections, fit) {
    ["streets", "communities", "grids"].forEach(function (key) { G.layers[key].clearLayers(); });
    G.gridLayers = {};
    addOutline(collections.street, G.layers.streets, "gcc-street", { color: "#8e24aa", weight: 3, dashArray: "8 6" }, "streets");
    addOutline(collections.community, G.layers.communities, "gcc-community", { color: "#37474f", weight: 2 }, "communities");
    var grids = collections.grid.features;
    var labels = grids.length <= LABEL_LIMIT;
    var layer = L.geoJSON(collections.grid, {
      style: function (feature) { return gridStyle(feature.properties.id); },
      onEachFeature: function (feature, polygon) {
        var p = feature.properties;
        G.gridLayers[p.id] = polygon;
        polygon.bindTooltip(p.name, labels ? { permanent: true, direction: "center", className: "gcc-grid-label" }
                                           : { sticky: true, className: "gcc-grid-tip" });
        polygon.on("click", function (event) {
          if (G.picking) { return; }
          L.DomEvent.stopPropagation(event);
          G.bridge.gridClicked(p.id, p.code, p.name);
        });
      }
    });
    layer.addTo(G.layers.grids);
    G.counts.grids = grids.length;
    G.counts.gridShapes = Object.keys(G.gridLayers).length;
    G.map.invalidateSize();
    if (fit && grids.length) { G.map.fitBounds(layer.getBounds(), { padding: [16, 16], animate: false }); }
    showLabels();
  };

  function addOutline(collection, group, className, style, key) {
    var layer = L.geoJSON(collection, { interactive: false, style: function () {
      return L.extend({ fill: false, opacity: 0.85, className: className }, style); } });
    layer.addTo(group);
    G.counts[key] = collection.features.length;
  }

  function showLabels() {
    var hide = G.map.getZoom() < LABEL_ZOOM;
    G.map.getContainer().classList.toggle("gcc-hide-labels", hide);
  }

  function gridStyle(id) {
    var stat = G.stats[id] || { open: 0, worst: null };
    var fill;
    if (G.mode === "light") {
      fill = stat.worst ? LIGHT_FILL[stat.worst] : "#eef1f5";
    } else {
      fill = "#f4f6f9";
      for (var i = 0; i < LOAD_STEPS.length && stat.open > 0; i++) {
        if (stat.open < LOAD_STEPS[i][0]) { fill = LOAD_STEPS[i][1]; break; }
      }
    }
    return { color: "#4a6583", weight: 1, fillColor: fill, fillOpacity: G.mode === "light" && stat.worst ? 0.38 : 0.6 };
  }

  G.setGridStats = function (stats, replace) {
    if (replace) { G.stats = {}; }
    var ids = replace ? Object.keys(G.gridLayers) : Object.keys(stats);
    Object.keys(stats).forEach(function (id) { G.stats[id] = stats[id]; });
    ids.forEach(function (id) { if (G.gridLayers[id]) { G.gridLayers[id].setStyle(gridStyle(id)); } });
  };

  G.setMode = function (mode) {
    G.mode = mode;
    Object.keys(G.gridLayers).forEach(function (id) { G.gridLayers[id].setStyle(gridStyle(id)); });
  };

  /* case markers --------------------------------------------------------------------------- */
  function makeMarker(data) {
    var marker = L.marker([data.lat, data.lon], { icon: icon(data.light), light: data.light,
      title: data.no + "  " + data.title + "（" + data.status + "）", keyboard: false });
    marker.caseNo = data.no;
    G.lights[data.light] += 1;
    G.markerCount += 1;
    marker.on("click", function () { if (!G.picking) { G.bridge.caseClicked(marker.caseNo); } });
    return marker;
  }

  G.setCases = function (list) {
    G.layers.cluster.clearLayers();
    G.markers = {};
    G.lights = { red: 0, yellow: 0, green: 0, none: 0 };
    G.markerCount = 0;
    var made = list.map(function (data) { var m = makeMarker(data); G.markers[data.no] = m; return m; });
    G.layers.cluster.addLayers(made);
  };

  G.updateCases = function (list, removed) {
    var cluster = G.layers.cluster;
    removed.forEach(function (no) {
      var gone = G.markers[no];
      if (gone) { cluster.removeLayer(gone); delete G.markers[no]; G.lights[gone.options.light] -= 1; G.markerCount -= 1; }
    });
    var refreshed = [];
    list.forEach(function (data) {
      var marker = G.markers[data.no];
      if (!marker) {
        marker = G.markers[data.no] = makeMarker(data);
        cluster.addLayer(marker);
        return;
      }
      var where = marker.getLatLng();
      if (where.lat !== data.lat || where.lng !== data.lon) {
        cluster.removeLayer(marker);
        marker.setLatLng([data.lat, data.lon]);
        cluster.addLayer(marker);
      }
      G.lights[marker.options.light] -= 1;
      G.lights[data.light] += 1;
      marker.options.light = data.light;
      marker.options.title = data.no + "  " + data.title + "（" + data.status + "）";
      marker.setIcon(icon(data.light));
      refreshed.push(marker);
    });
    if (refreshed.length) { cluster.refreshClusters(refreshed); }
    G.updates += 1;
  };

  G.clusterIcon = function (cluster) {
    var worst = "none";
    cluster.getAllChildMarkers().forEach(function (m) {
      if (LIGHT_RANK[m.options.light] > LIGHT_RANK[worst]) { worst = m.options.light; }
    });
    var count = cluster.getChildCount();
    var size = count < 10 ? 34 : count < 100 ? 40 : 48;
    return L.divIcon({ html: "<div><span>" + count + "</span></div>", className: "gcc-cluster gcc-cluster-" + worst,
                       iconSize: L.point(size, size) });
  };

  G.setHeat = function (points) {
    G.layers.heat.setLatLngs(points);
    G.heatPoints = points.length;
  };

  /* focus, picking, reading back ----------------------------------------------------------- */
  G.focusCase = function (no, lat, lon) {
    var marker = G.markers[no];
    if (G.focusRing) { G.map.removeLayer(G.focusRing); }
    G.focusRing = L.circleMarker([lat, lon], { radius: 16, color: "#1f5fae", weight: 3, fill: false,
                                               interactive: false, className: "gcc-focus" }).addTo(G.map);
    if (marker && G.map.hasLayer(G.layers.cluster)) {
      G.layers.cluster.zoomToShowLayer(marker, function () { G.map.panTo([lat, lon]); });
    } else {
      G.map.setView([lat, lon], Math.max(G.map.getZoom(), 16));
    }
  };

  G.startPick = function () {
    G.picking = true;
    G.map.getContainer().classList.add("gcc-picking");
  };

  G.stopPick = function () {
    G.picking = false;
    G.map.getContainer().classList.remove("gcc-picking");
  };

  function onMapClick(event) {
    if (!G.picking) { return; }
    G.stopPick();
    if (G.pickMark) { G.map.removeLayer(G.pickMark); }
    G.pickMark = L.circleMarker(event.latlng, { radius: 8, color: "#1f5fae", fillColor: "#5aa2ff",
                                                fillOpacity: 0.9, interactive: false }).addTo(G.map);
    G.bridge.pointPicked(event.latlng.lng, event.latlng.lat);
  }

  G.markerLight = function (no) { return G.markers[no] ? G.markers[no].options.light : null; };

  /* One live change in one call: markers, grid figures, heat points (null: unchanged); returns the summary. */
  G.applyDelta = function (list, removed, grids, heat) {
    if (list.length || removed.length) { G.updateCases(list, removed); }
    if (Object.keys(grids).length) { G.setGridStats(grids, false); }
    if (heat) { G.setHeat(heat); }
    return G.summary();
  };

  /* Counts kept as markers come and go (a summary after each change must not walk 10,000 markers). */
  G.summary = function () {
    return JSON.stringify({ grids: G.counts.grids, communities: G.counts.communities, streets: G.counts.streets,
             gridShapes: G.counts.gridShapes, markers: G.markerCount,
             lights: L.extend({}, G.lights), heat: G.heatPoints, updates: G.updates, mode: G.mode,
             onMap: G.map.hasLayer(G.layers.cluster) });
  };
}());
