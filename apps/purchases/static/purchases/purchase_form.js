/* The purchase form (purchases/purchase_form.html): lines added and removed in the page, each line's products
 * those of the chosen supplier (fetched when the supplier changes: the page never holds the whole catalogue),
 * quantity × unit price and the purchase total computed as typed (the server computes them again on save),
 * a date in a year without a purchase task explained before saving, with a link to create that task, and the
 * supplier select offering a few suppliers (recent ones) until a name is searched for.
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-purchase-form]");
  var source = document.getElementById("purchase-form-data");
  if (!form || !source) { return; }
  var config = JSON.parse(source.textContent);
  var body = form.querySelector("[data-lines]");
  var template = form.querySelector("[data-line-template]");
  var totalCell = form.querySelector("[data-purchase-total]");
  var totalForms = form.querySelector("input[name='lines-TOTAL_FORMS']");
  var supplier = form.querySelector("[data-supplier-select]");
  var dateInput = form.querySelector("[data-purchase-date]");
  var hint = form.querySelector("[data-task-missing]");
  var supplierSearch = form.querySelector("[data-supplier-search]");
  var searchTimer = null;
  var products = null;  // the chosen supplier's products: [{id, label}], or null before they are known

  // ---------------------------------------------------------------- money, in whole cents (BigInt: no float)
  var TWO_PLACES = /^\s*(\d{1,10})(?:\.(\d{0,2}))?\s*$/;

  function hundredths(text) {
    var match = TWO_PLACES.exec(text || "");
    if (!match) { return null; }
    return BigInt(match[1]) * 100n + BigInt((match[2] || "").padEnd(2, "0"));
  }

  function lineCents(quantity, price) {
    var q = hundredths(quantity), p = hundredths(price);
    if (q === null || p === null || q === 0n || p === 0n) { return null; }
    return (q * p + 50n) / 100n;  // ten-thousandths of a yuan, rounded half up to the cent (as the server does)
  }

  function formatCents(cents) {
    var whole = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return whole + "." + (cents % 100n).toString().padStart(2, "0");
  }

  function recompute() {
    var total = 0n, any = false;
    body.querySelectorAll("[data-line-row]").forEach(function (row) {
      var cents = lineCents(row.querySelector("[data-line-quantity]").value, row.querySelector("[data-line-price]").value);
      row.querySelector("[data-line-amount]").textContent = cents === null ? "—" : formatCents(cents);
      if (cents !== null) { total += cents; any = true; }
    });
    totalCell.textContent = any ? formatCents(total) : "—";
  }

  // ---------------------------------------------------------------- rows: add, remove, number them for Django
  function renumber() {
    var rows = body.querySelectorAll("[data-line-row]");
    rows.forEach(function (row, index) {
      row.querySelectorAll("[name], [id], label[for]").forEach(function (element) {
        ["name", "id", "for"].forEach(function (attribute) {
          var value = element.getAttribute(attribute);
          if (value) { element.setAttribute(attribute, value.replace(/lines-(\d+|__prefix__)-/, "lines-" + index + "-")); }
        });
      });
    });
    totalForms.value = String(rows.length);
  }

  function fillOptions(select) {
    if (products === null) { return; }
    var chosen = select.value;
    var placeholder = select.options.length ? select.options[0].textContent : "";
    select.replaceChildren(new Option(placeholder, ""));
    products.forEach(function (product) {
      select.appendChild(new Option(product.label, String(product.id), false, String(product.id) === chosen));
    });
  }

  function addLine() {
    var row = template.content.firstElementChild.cloneNode(true);
    body.appendChild(row);
    fillOptions(row.querySelector("[data-line-product]"));
    renumber();
    row.querySelector("[data-line-product]").focus();
  }

  function removeLine(row) {
    if (body.querySelectorAll("[data-line-row]").length === 1) {
      row.querySelectorAll("input").forEach(function (input) { input.value = ""; });
      row.querySelector("[data-line-product]").value = "";
    } else {
      row.remove();
    }
    renumber();
    recompute();
  }

  // ---------------------------------------------------------------- the supplier's products
  function loadProducts() {
    if (!supplier.value) { return; }
    var wanted = supplier.value;
    fetch(config.products_url + "?supplier=" + encodeURIComponent(wanted), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { products: [] }; })
      .then(function (data) {
        if (supplier.value !== wanted) { return; }  // the supplier changed again meanwhile
        products = data.products;
        body.querySelectorAll("[data-line-product]").forEach(fillOptions);
        form.dataset.productsLoaded = wanted;
      });
  }

  // ---------------------------------------------------------------- suppliers by name (the list grows with the data)
  function searchSuppliers() {
    var wanted = supplierSearch.value.trim();
    fetch(config.suppliers_url + "?q=" + encodeURIComponent(wanted), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { suppliers: [] }; })
      .then(function (data) {
        if (supplierSearch.value.trim() !== wanted) { return; }
        var chosen = supplier.selectedIndex > 0 ? supplier.options[supplier.selectedIndex] : null;
        var keep = [supplier.options[0]];
        if (chosen) { keep.push(chosen); }
        supplier.replaceChildren.apply(supplier, keep);
        data.suppliers.forEach(function (item) {
          if (!chosen || String(item.id) !== chosen.value) { supplier.appendChild(new Option(item.label, String(item.id))); }
        });
        form.dataset.suppliersFound = wanted;
      });
  }

  // ---------------------------------------------------------------- a date in a year without a task
  function checkYear() {
    if (!dateInput || !hint) { return; }
    var year = parseInt((dateInput.value || "").slice(0, 4), 10);
    var missing = dateInput.value.length === 10 && config.task_years.indexOf(year) === -1;
    hint.classList.toggle("d-none", !missing);
    if (missing) {
      hint.querySelector("[data-task-missing-text]").textContent = config.missing_task.replace("{year}", year);
      hint.querySelector("[data-task-missing-link]").href = config.task_create_url + "?year=" + year;
    }
  }

  form.addEventListener("input", function (event) {
    if (event.target === supplierSearch) {
      window.clearTimeout(searchTimer);
      searchTimer = window.setTimeout(searchSuppliers, 250);
    }
    if (event.target.closest("[data-line-quantity], [data-line-price]")) { recompute(); }
    if (event.target === dateInput) { checkYear(); }
  });
  form.addEventListener("keydown", function (event) {
    if (event.target === supplierSearch && event.key === "Enter") { event.preventDefault(); searchSuppliers(); }
  });
  form.addEventListener("change", function (event) {
    if (event.target === supplier) { products = null; loadProducts(); }
    if (event.target === dateInput) { checkYear(); }
  });
  form.addEventListener("click", function (event) {
    if (event.target.closest("[data-add-line]")) { addLine(); }
    var remove = event.target.closest("[data-remove-line]");
    if (remove) { removeLine(remove.closest("[data-line-row]")); }
  });

  loadProducts();
  recompute();  // the year's hint is rendered by the server for the page as served; checkYear follows the typing
})();
