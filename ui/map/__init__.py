"""The map pane (一张图): the Leaflet page, its URL scheme and its live data."""
