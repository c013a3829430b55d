/*
 * A filter box for a long list of checkboxes (the countries of the wizard), as progressive enhancement.
 *
 * Without this script the list is a scrollable group of labelled checkboxes and
 * the form works as it is. With it, the filter box above the list appears:
 * typing hides the options with no word that starts with what was typed (case,
 * accents and punctuation ignored), a status line says how many are shown, and the
 * "Chosen:" line follows every tick. Hidden options keep their state, so a
 * choice is never lost by filtering; Enter in the box does not submit the form.
 * Every text comes from the page (data-* attributes, translated there).
 */
(function () {
  "use strict";

  // Case, accents and punctuation ignored; " " in front so a match can be asked to start a word.
  function fold(text) {
    return " " + text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  function enhance(root) {
    var box = root.querySelector(".filter-choices__filter");
    var input = root.querySelector("[data-filter-input]");
    var shown = root.querySelector(".filter-choices__shown");
    var chosen = root.querySelector("[data-chosen]");
    var names = root.querySelector("[data-chosen-names]");
    var options = Array.prototype.map.call(root.querySelectorAll("[data-filter-option]"), function (option) {
      return {
        element: option,
        checkbox: option.querySelector("input"),
        label: option.querySelector("label").textContent,
        key: fold(option.querySelector("label").textContent)
      };
    });
    if (!box || !input || !options.length) {
      return;
    }

    function showChosen() {
      var picked = options.filter(function (o) { return o.checkbox.checked; }).map(function (o) { return o.label; });
      names.textContent = picked.length ? picked.join(", ") : chosen.getAttribute("data-empty");
    }

    function filter() {
      var wanted = fold(input.value);  // " fr": "France", "Saint Martin (French part)", not "Central African…"
      var count = 0;
      options.forEach(function (option) {
        var match = wanted === " " || option.key.indexOf(wanted) !== -1;
        option.element.hidden = !match;
        if (match) {
          count += 1;
        }
      });
      if (wanted === " ") {
        shown.textContent = "";
      } else if (count === 0) {
        shown.textContent = shown.getAttribute("data-none");
      } else {
        shown.textContent = shown.getAttribute("data-shown")
          .replace("%(count)s", String(count))
          .replace("%(total)s", String(options.length));
      }
    }

    input.addEventListener("input", filter);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault(); // the box only filters; the form is sent with its buttons
      }
    });
    root.addEventListener("change", function (event) {
      if (event.target && event.target.type === "checkbox") {
        showChosen();
      }
    });
    box.hidden = false;
    filter();
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-filter-choices]"), enhance);
})();
