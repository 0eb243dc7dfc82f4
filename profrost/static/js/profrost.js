// What the pages ask for by data- attributes. The Content-Security-Policy runs no inline script
// and no onclick=, so every page's behaviour lives in static files like this one (docs/deploy.md,
// «Заголовки»). Listeners sit on the document: HTMX swaps parts of the pages.
(function () {
  "use strict";

  // A formset's «Ещё …» button: the empty form of `<prefix>-empty` appended to
  // `#<prefix>-table`, and the management form's count raised.
  function addRow(button) {
    const prefix = button.dataset.addRow;
    const total = button.closest("form").querySelector("[name=" + prefix + "-TOTAL_FORMS]");
    const html = document.getElementById(prefix + "-empty").innerHTML.replace(/__prefix__/g, total.value);
    document.querySelector("#" + prefix + "-table tbody").insertAdjacentHTML("beforeend", html);
    total.value = parseInt(total.value, 10) + 1;
  }

  // The parts of a form marked data-kinds="a b" show only while its kind is one of them
  // (a question of an instrument, a field of a data request).
  function showKinds(root) {
    root.querySelectorAll("form").forEach(function (form) {
      const kind = form.querySelector("[name=kind], [name$='-kind']");
      if (!kind) return;
      form.querySelectorAll("[data-kinds]").forEach(function (part) {
        part.hidden = !part.dataset.kinds.split(" ").includes(kind.value);
      });
    });
  }

  // A table that stacks into cards on a phone (profrost.css, table-stack) names each cell by
  // its column: the header's text goes to the cell's data-label unless the template set one.
  function labelStackedCells(root) {
    root.querySelectorAll("table.table-stack").forEach(function (table) {
      const head = table.tHead && table.tHead.rows[0];
      if (!head) return;
      const names = [];
      Array.from(head.cells).forEach(function (cell) {
        for (let i = 0; i < cell.colSpan; i++) names.push(cell.textContent.trim());
      });
      Array.from(table.tBodies).forEach(function (body) {
        Array.from(body.rows).forEach(function (row) {
          let column = 0;
          Array.from(row.cells).forEach(function (cell) {
            const name = names[column];
            if (cell.tagName === "TD" && cell.colSpan === 1 && name && !cell.hasAttribute("data-label")) cell.dataset.label = name;
            column += cell.colSpan;
          });
        });
      });
    });
  }

  // A person or organization picker (core/lookups.py): the select holds only the chosen
  // option; Tom Select asks data-lookup for the rows matching what is typed, as JSON
  // {"results": [{"id", "text", "hint"}]}. The server has already searched and limited them,
  // so Tom Select keeps its own filter off and shows each row's hint (organization, position)
  // under the name. Without the script the select still posts the chosen value.
  function lookupUrl(select, query) {
    const url = new URL(select.dataset.lookup, window.location.origin);
    url.searchParams.set("q", query);
    return url;
  }

  function escapeText(text) {
    const span = document.createElement("span");
    span.textContent = text || "";
    return span.innerHTML;
  }

  function renderRow(row) {
    const hint = row.hint ? '<div class="small text-muted">' + escapeText(row.hint) + "</div>" : "";
    return "<div>" + escapeText(row.text) + hint + "</div>";
  }

  function startPicker(select) {
    if (select.tomselect || !window.TomSelect) return;
    const multiple = select.multiple;
    new window.TomSelect(select, {
      valueField: "id",
      labelField: "text",
      searchField: [],
      score: function () { return function () { return 1; }; },
      maxOptions: 20,
      loadThrottle: 250,
      allowEmptyOption: !multiple,
      placeholder: select.dataset.placeholder,
      plugins: multiple ? ["remove_button"] : ["clear_button"],
      shouldLoad: function (query) { return query.trim().length >= 2; },
      load: function (query, callback) {
        const picker = this;
        fetch(lookupUrl(select, query), { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then(function (response) { return response.json(); })
          .then(function (data) {
            picker.clearOptions();
            callback(data.results);
          })
          .catch(function () { callback(); });
      },
      render: {
        option: function (row) { return renderRow(row); },
        item: function (row) { return "<div>" + escapeText(row.text) + "</div>"; },
        no_results: function () { return '<div class="no-results">Никого не найдено</div>'; },
        not_loading: function (data) {
          return data.input.trim().length < 2 ? '<div class="no-results">Введите хотя бы две буквы</div>' : "";
        },
        loading: function () { return '<div class="no-results">Ищем…</div>'; },
      },
    });
  }

  function startPickers(root) {
    root.querySelectorAll("select[data-lookup]").forEach(startPicker);
  }

  function enhance(root) {
    showKinds(root);
    labelStackedCells(root);
    startPickers(root);
  }

  document.addEventListener("click", function (event) {
    const add = event.target.closest("[data-add-row]");
    if (add) addRow(add);
    if (event.target.closest("[data-print]")) window.print();
  });

  document.addEventListener("change", function (event) {
    const target = event.target;
    // «Выбрать всех на странице» of a list with bulk actions.
    if (target.matches("[data-select-all]")) {
      target.closest("form").querySelectorAll("input[name=ids]").forEach(function (box) {
        box.checked = target.checked;
      });
    }
    if (target.matches("[data-submit-on-change]")) target.form.submit();
    if (target.matches("[name=kind], [name$='-kind']")) showKinds(document);
  });

  document.addEventListener("htmx:afterSettle", function () { enhance(document); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
})();
