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
    layers: {}, bridge: null, markers: {}, gridLayers: {}, stats: {}, mode: "load", dark: false,
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

  /* The boundaries, as soon as they are read (JSON text, parsed once); the view fits the grids. */
  G.loadRegions = function (text) {
    G.setRegions(JSON.parse(text), true);
  };

  /* The cases, drawn while the desktop was reading them: grid figures (the grids restyled once),
     markers and heat points in one JSON text, parsed once. Returns the summary. */
  G.load = function (text, mode) {
    var data = JSON.parse(text);
    G.mode = mode;
    G.setGridStats(data.stats, true);
    G.setCases(data.markers);
    G.setHeat(data.heat);
    return G.summary();
  };

  /* grids and boundaries ------------------------------------------------------------------ */
  /* The view is fitted before the shapes join the map: they are projected and drawn once. */
  G.setRegions = function (collections, fit) {
    ["streets", "communities", "grids"].forEach(function (key) { G.layers[key].clearLayers(); });
    G.gridLayers = {};
    var streets = outline(collections.street, "gcc-street", { color: "#8e24aa", weight: 3, dashArray: "8 6" });
    var communities = outline(collections.community, "gcc-community", { color: G.dark ? "#9fb6d1" : "#37474f", weight: 2 });
    var grids = gridShapes(collections.grid);
    G.counts.streets = collections.street.features.length;
    G.counts.communities = collections.community.features.length;
    G.counts.grids = collections.grid.features.length;
    G.counts.gridShapes = Object.keys(G.gridLayers).length;
    G.map.invalidateSize();
    G.gridBounds = G.counts.grids ? grids.getBounds() : null;
    if (fit && G.counts.grids) { G.map.fitBounds(G.gridBounds, { padding: [16, 16], animate: false }); }
    streets.addTo(G.layers.streets);
    communities.addTo(G.layers.communities);
    grids.addTo(G.layers.grids);
    showLabels();
  };

  function gridShapes(collection) {
    var labels = collection.features.length <= LABEL_LIMIT;
    return L.geoJSON(collection, {
      style: function (feature) { return gridStyle(feature.properties.id); },
      onEachFeature: function (feature, polygon) {
        var p = feature.properties;
        G.gridLayers[p.id] = polygon;
        polygon.bindTooltip(p.name, labels ? { permanent: true, direction: "center", className: "gcc-grid-label" }
                                           : { sticky: true, className: "gcc-grid-tip" });
        polygon.on("click", onGridClick);
      }
    });
  }

  function onGridClick(event) {
    if (G.picking) { return; }
    L.DomEvent.stopPropagation(event);
    var p = this.feature.properties;
    G.bridge.gridClicked(p.id, p.code, p.name);
  }

  function outline(collection, className, style) {
    return L.geoJSON(collection, { interactive: false, style: function () {
      return L.extend({ fill: false, opacity: 0.85, className: className }, style); } });
  }

  function showLabels() {
    var hide = G.map.getZoom() < LABEL_ZOOM;
    G.map.getContainer().classList.toggle("gcc-hide-labels", hide);
  }

  function gridStyle(id) {
    var stat = G.stats[id] || { open: 0, worst: null };
    var fill;
    if (G.dark) {
      fill = stat.worst ? LIGHT_FILL[stat.worst] : "#16304f";
      return { color: "#5f86b3", weight: 1, fillColor: fill, fillOpacity: stat.worst ? 0.55 : 0.7 };
    }
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

  /* Fit the grids to the view again (the wall's map after its panel changed size). */
  G.refit = function () {
    G.map.invalidateSize();
    if (G.gridBounds) { G.map.fitBounds(G.gridBounds, { padding: [8, 8], animate: false }); }
  };

  /* The wall's look: dark background and grids, no controls (nobody clicks a wall), the grids
     coloured by their worst light. */
  G.setDark = function (dark) {
    G.dark = dark;
    document.body.classList.toggle("gcc-dark", dark);
    G.setMode("light");
  };

  G.setMode = function (mode) {
    G.mode = mode;
    Object.keys(G.gridLayers).forEach(function (id) { G.gridLayers[id].setStyle(gridStyle(id)); });
  };

  /* case markers ----------------------------------------------------------------------------
     The desktop sends markers as columns (no, lat, lon, light, title, status: one entry per case
     in each), half the text of one object per marker. */
  function eachCase(columns, visit) {
    for (var i = 0; i < columns.no.length; i++) {
      visit(columns.no[i], columns.lat[i], columns.lon[i], columns.light[i], columns.title[i], columns.status[i]);
    }
  }

  function caseTitle(no, title, status) { return no + "  " + title + "（" + status + "）"; }

  function onMarkerClick() { if (!G.picking) { G.bridge.caseClicked(this.caseNo); } }

  function makeMarker(no, lat, lon, light, title, status) {
    var marker = L.marker([lat, lon], { icon: icon(light), light: light, title: caseTitle(no, title, status),
                                        keyboard: false });
    marker.caseNo = no;
    marker.on("click", onMarkerClick);
    G.markers[no] = marker;
    G.lights[light] += 1;
    G.markerCount += 1;
    return marker;
  }

  /* All markers in one synchronous addLayers (faster in total than chunks, and "drawn" then means
     drawn), without the group's per-marker layeradd events: nothing listens to them. */
  G.setCases = function (columns) {
    G.layers.cluster.clearLayers();
    G.markers = {};
    G.lights = { red: 0, yellow: 0, green: 0, none: 0 };
    G.markerCount = 0;
    var made = [];
    eachCase(columns, function (no, lat, lon, light, title, status) {
      made.push(makeMarker(no, lat, lon, light, title, status));
    });
    G.layers.cluster.addLayers(made, true);
  };

  G.updateCases = function (columns, removed) {
    var cluster = G.layers.cluster;
    removed.forEach(function (no) {
      var gone = G.markers[no];
      if (gone) { cluster.removeLayer(gone); delete G.markers[no]; G.lights[gone.options.light] -= 1; G.markerCount -= 1; }
    });
    var refreshed = [];
    eachCase(columns, function (no, lat, lon, light, title, status) {
      var marker = G.markers[no];
      if (!marker) {
        cluster.addLayer(makeMarker(no, lat, lon, light, title, status));
        return;
      }
      var where = marker.getLatLng();
      if (where.lat !== lat || where.lng !== lon) {
        cluster.removeLayer(marker);
        marker.setLatLng([lat, lon]);
        cluster.addLayer(marker);
      }
      G.lights[marker.options.light] -= 1;
      G.lights[light] += 1;
      marker.options.light = light;
      marker.options.title = caseTitle(no, title, status);
      marker.setIcon(icon(light));
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
  G.applyDelta = function (markers, removed, grids, heat) {
    if (markers.no.length || removed.length) { G.updateCases(markers, removed); }
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
