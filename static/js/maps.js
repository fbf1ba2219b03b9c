/* World maps drawn from the site's own files (Natural Earth via world-atlas, d3-geo, topojson-client).
   Each <figure data-map="ID" data-topology="URL"> reads its data from <script id="ID" type="application/json">
   (Django's json_script): [{code, numeric, name, count, level, url}]. Countries are shaded by class
   (map-l0 … map-l5): no inline style, within the site's Content Security Policy. A country with a url
   is a link to the filtered list. The table beside each map says the same for screen readers. */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var topologies = {};

  function topology(url) {
    if (!topologies[url]) {
      topologies[url] = fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); });
    }
    return topologies[url];
  }

  function element(name, attributes) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    return node;
  }

  function draw(figure, world, rows) {
    var byNumeric = {};
    rows.forEach(function (row) { byNumeric[row.numeric] = row; });
    var small = figure.hasAttribute("data-map-small");
    var width = 960, height = small ? 500 : 470;
    var countries = topojson.feature(world, world.objects.countries);
    var projection = d3.geoNaturalEarth1();
    var focus = countries.features.filter(function (f) { return byNumeric[f.id]; });
    if (small && focus.length) {
      var shown = { type: "FeatureCollection", features: focus };
      projection.fitExtent([[60, 60], [width - 60, height - 60]], shown);
      if (projection.scale() > 600) {
        // A small country alone: zoom less, and centre it again (the scale moved it).
        projection.scale(600);
        var box = d3.geoPath(projection).bounds(shown), t = projection.translate();
        projection.translate([t[0] + width / 2 - (box[0][0] + box[1][0]) / 2, t[1] + height / 2 - (box[0][1] + box[1][1]) / 2]);
      }
    } else {
      projection.fitSize([width, height], { type: "Sphere" });
    }
    var path = d3.geoPath(projection);
    // Hidden from assistive technologies: the table of the figure says the same, with the same links.
    var svg = element("svg", { viewBox: "0 0 " + width + " " + height, class: "world-map", "aria-hidden": "true",
      focusable: "false" });
    svg.appendChild(element("path", { d: path({ type: "Sphere" }), class: "map-sphere" }));
    countries.features.forEach(function (feature) {
      var row = byNumeric[feature.id];
      var shape = element("path", { d: path(feature) || "", class: "map-country map-l" + (row ? row.level : 0) });
      if (!row) { svg.appendChild(shape); return; }
      var title = element("title");
      title.textContent = row.name + " : " + row.count;
      shape.appendChild(title);
      if (row.url) {
        var link = element("a", { href: row.url, tabindex: "-1" });
        link.appendChild(shape);
        svg.appendChild(link);
      } else {
        svg.appendChild(shape);
      }
    });
    var holder = figure.querySelector(".map-canvas");
    holder.textContent = "";
    holder.appendChild(svg);
  }

  function init(root) {
    (root || document).querySelectorAll("figure[data-map]").forEach(function (figure) {
      var data = document.getElementById(figure.getAttribute("data-map"));
      if (!data || !window.d3 || !window.topojson) return;
      var rows = JSON.parse(data.textContent);
      topology(figure.getAttribute("data-topology")).then(function (world) { draw(figure, world, rows); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  // Lists update in place with htmx: redraw the maps of the new content.
  document.addEventListener("htmx:afterSettle", function (event) { init(event.target); });
})();
