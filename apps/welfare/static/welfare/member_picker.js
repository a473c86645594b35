// Member picker: fills <datalist id="member-options"> from people:member_search as the officer types.
(function () {
  document.querySelectorAll("input[data-member-picker]").forEach(function (input) {
    var list = document.getElementById("member-options");
    var url = input.form.dataset.memberSearch;
    if (!list || !url) return;
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 1 || text.indexOf("（") !== -1) return;
      timer = setTimeout(function () {
        fetch(url + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            list.innerHTML = "";
            data.results.forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.label;
              list.appendChild(option);
            });
          });
      }, 200);
    });
  });
})();
