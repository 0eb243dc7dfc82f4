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

  function enhance(root) {
    showKinds(root);
    labelStackedCells(root);
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
