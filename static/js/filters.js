/* Live filtering: keep the pushed URL short — drop empty parameters and the default sort. */
document.addEventListener("htmx:configRequest", function (event) {
  var form = event.detail.elt;
  if (!form || !form.classList || !form.classList.contains("filters")) return;
  var params = event.detail.parameters;
  var defaultSort = form.getAttribute("data-default-sort");
  var names = [];
  if (typeof params.keys === "function") {
    for (var key of params.keys()) names.push(key);
  } else {
    names = Object.keys(params);
  }
  names.forEach(function (name) {
    var values = typeof params.getAll === "function" ? params.getAll(name) : [].concat(params[name]);
    var empty = values.every(function (value) { return value === ""; });
    if (empty || (name === "tri" && values.length === 1 && values[0] === defaultSort)) {
      if (typeof params.delete === "function") params.delete(name); else delete params[name];
    }
  });
});
