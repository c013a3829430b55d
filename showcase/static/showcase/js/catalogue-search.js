/*
 * Catalogue search: autocomplete for the search box, as progressive enhancement.
 *
 * Without this script the form works as a plain GET form. With it, the input
 * becomes an ARIA 1.2 combobox (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/):
 * typing two or more characters asks /cases/suggest/?q=… for the titles of
 * visible cases; Arrow Down/Up move through the list, Enter opens the chosen
 * case (or submits the search when none is chosen), Escape closes the list.
 * Suggestions are inserted as text (textContent), never as HTML.
 */
(function () {
  "use strict";

  var input = document.getElementById("catalogue-q");
  if (!input || !input.dataset.suggestUrl || !window.fetch) {
    return;
  }
  var url = input.dataset.suggestUrl;
  var listId = "catalogue-q-suggestions";
  var list = document.createElement("ul");
  list.id = listId;
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggested use cases");
  list.hidden = true;
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  input.parentNode.appendChild(list);
  input.parentNode.appendChild(status);
  input.parentNode.classList.add("has-suggestions");

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listId);

  var items = [];
  var active = -1;
  var timer = null;
  var controller = null;
  var lastQuery = "";

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function setActive(index) {
    items.forEach(function (item, i) {
      item.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", items[index].id);
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function render(suggestions) {
    list.textContent = "";
    items = suggestions.map(function (suggestion, i) {
      var option = document.createElement("li");
      option.id = listId + "-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.url = suggestion.url;
      option.textContent = suggestion.title;
      option.addEventListener("mousedown", function (event) {
        event.preventDefault(); // keep the focus in the input
        window.location.assign(suggestion.url);
      });
      list.appendChild(option);
      return option;
    });
    active = -1;
    if (items.length) {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = items.length === 1 ? "1 suggestion" : items.length + " suggestions";
    } else {
      close();
      status.textContent = "";
    }
  }

  function fetchSuggestions() {
    var query = input.value.trim();
    if (query === lastQuery) {
      return;
    }
    lastQuery = query;
    if (query.length < 2 || query.length > 100) {
      render([]);
      return;
    }
    if (controller) {
      controller.abort();
    }
    controller = window.AbortController ? new AbortController() : null;
    fetch(url + "?q=" + encodeURIComponent(query), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) {
        return response.ok ? response.json() : { suggestions: [] };
      })
      .then(function (data) {
        if (input.value.trim() === query) {
          render(Array.isArray(data.suggestions) ? data.suggestions : []);
        }
      })
      .catch(function () {
        /* aborted or offline: the plain search still works */
      });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(fetchSuggestions, 150);
  });

  input.addEventListener("keydown", function (event) {
    if (list.hidden || !items.length) {
      return;
    }
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setActive((active + 1) % items.length);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive(active <= 0 ? items.length - 1 : active - 1);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.assign(items[active].dataset.url);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });

  input.addEventListener("blur", function () {
    window.setTimeout(close, 100);
  });
})();

/*
 * The filters' disclosure (<details data-open-when-wide>): closed on a narrow screen so the results
 * come first, open on a wide one where the filters sit beside the results. Without this script it
 * is a plain <details>, closed, that opens on click. Once the reader opens or closes it, it is left
 * as they chose until the screen crosses the width again.
 */
(function () {
  "use strict";

  var wide = window.matchMedia ? window.matchMedia("(min-width: 56em)") : null;
  var disclosures = document.querySelectorAll("details[data-open-when-wide]");
  if (!wide || !disclosures.length) {
    return;
  }
  function follow() {
    Array.prototype.forEach.call(disclosures, function (details) {
      details.open = wide.matches;
    });
  }
  follow();
  if (wide.addEventListener) {
    wide.addEventListener("change", follow);
  }
})();
