// Offline search over the index that search-index.js defines; results are built as DOM text, never HTML.
(function () {
  "use strict";
  var index = window.SPYGLASS_INDEX || { entities: [], claims: [] };
  var form = document.querySelector("form.search");
  var input = document.getElementById("q");
  var status = document.getElementById("status");
  var LIMIT = 50;

  function fold(text) {
    return text.normalize("NFKC").toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/\s+/g, " ").trim();
  }

  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  function show(list, section, items) {
    list.replaceChildren.apply(list, items);
    section.hidden = items.length === 0;
  }

  function findNames(query) {
    var hits = [];
    index.entities.forEach(function (e) {
      var best = 9;
      var matched = "";
      [e[2]].concat(e[3]).forEach(function (name, i) {
        var folded = fold(name);
        var rank = folded === query ? 0 : folded.indexOf(query) === 0 ? 1 : folded.indexOf(query) >= 0 ? 2 : 9;
        if (rank < best) { best = rank; matched = i ? name : ""; }
      });
      if (best < 9) hits.push([best, fold(e[2]), e, matched]);
    });
    hits.sort(function (a, b) { return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0); });
    return hits;
  }

  function findClaims(terms) {
    var hits = [];
    for (var i = 0; i < index.claims.length && hits.length < LIMIT; i++) {
      var c = index.claims[i];
      var text = fold(c[2] + " " + c[3].join(" "));
      if (terms.every(function (t) { return text.indexOf(t) >= 0; })) hits.push(c);
    }
    return hits;
  }

  function run(raw) {
    var query = fold(raw);
    if (!query) return;
    var names = findNames(query);
    var claims = findClaims(query.split(" "));
    show(document.getElementById("names"), document.getElementById("names-section"), names.slice(0, LIMIT).map(function (hit) {
      var e = hit[2];
      var li = document.createElement("li");
      li.appendChild(link("entity/" + e[0] + ".html", e[2]));
      var note = document.createElement("span");
      note.className = "result-kind";
      note.textContent = " " + e[1] + (hit[3] ? ", also called " + hit[3] : "");
      li.appendChild(note);
      return li;
    }));
    show(document.getElementById("claims"), document.getElementById("claims-section"), claims.map(function (c) {
      var li = document.createElement("li");
      var subject = index.entities[c[0]];
      li.appendChild(link("entity/" + subject[0] + ".html#" + c[1], subject[2] + ": " + c[2]));
      c[3].forEach(function (quote) {
        var q = document.createElement("blockquote");
        q.textContent = quote;
        li.appendChild(q);
      });
      return li;
    }));
    status.textContent = names.length + " name" + (names.length === 1 ? "" : "s") + " and " +
      (claims.length >= LIMIT ? "at least " : "") + claims.length + " claim" + (claims.length === 1 ? "" : "s") + " match \u201c" + raw + "\u201d.";
  }

  var wanted = new URLSearchParams(window.location.search).get("q") || "";
  if (wanted) { input.value = wanted; run(wanted); }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run(input.value);
    try {
      var url = new URL(window.location.href);
      url.searchParams.set("q", input.value);
      history.replaceState(null, "", url.href);
    } catch (refused) {
      // some browsers refuse to rewrite a file:// address; the results are shown all the same
    }
  });
})();
