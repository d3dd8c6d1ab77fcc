// Suggestions for a field that names a record by its slug: as the reader types part of a name,
// the API's list (data-suggest) is asked for the first matches, which fill the field's datalist
// (the option's value is the slug, its label the name). Loaded once, whatever the fields.
(function () {
  "use strict";
  if (window.suggestLoaded) {
    return;
  }
  window.suggestLoaded = true;

  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2 || text === asked) {
        return;
      }
      timer = window.setTimeout(function () {
        asked = text;
        var url = input.dataset.suggest + "?page_size=10&q=" + encodeURIComponent(text);
        fetch(url, { headers: { Accept: "application/json" } })
          .then(function (response) {
            return response.ok ? response.json() : { results: [] };
          })
          .then(function (data) {
            if (asked !== text) {
              return;
            }
            list.replaceChildren.apply(
              list,
              data.results.map(function (record) {
                var option = document.createElement("option");
                option.value = record.slug;
                option.label = record.name;
                option.textContent = record.name;
                return option;
              })
            );
          })
          .catch(function () {});
      }, 200);
    });
  }

  function start() {
    document.querySelectorAll("input[data-suggest]").forEach(attach);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
