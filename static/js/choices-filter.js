/* Searchable checkbox lists (core.widgets.SearchableCheckboxSelectMultiple): typing narrows the list,
   accents and case ignored; checked boxes always stay visible. */
(function () {
  function plain(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  document.querySelectorAll("[data-choice-filter]").forEach(function (box) {
    var input = box.querySelector(".choice-filter-input");
    var items = [];
    box.querySelectorAll(".choice-scroll label").forEach(function (label) { items.push(label.parentElement); });
    input.hidden = false;
    input.addEventListener("input", function () {
      var query = plain(input.value.trim());
      items.forEach(function (item) {
        var checkbox = item.querySelector("input");
        var match = !query || plain(item.textContent).indexOf(query) !== -1;
        item.hidden = !(match || (checkbox && checkbox.checked));
      });
    });
  });
})();
