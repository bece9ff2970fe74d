// The dashboard's only script (served from the jar; the CSP allows no other). It never builds
// markup from data: every value goes in through textContent.
"use strict";
(function () {
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute("content") : "";

  function call(url, body, type) {
    var headers = { "X-CSRF-Token": csrf };
    if (type) { headers["Content-Type"] = type; }
    return fetch(url, { method: "POST", headers: headers, body: body, credentials: "same-origin" })
      .then(function (r) {
        return r.text().then(function (t) {
          var doc = null;
          try { doc = JSON.parse(t); } catch (e) { doc = { error: t }; }
          if (!r.ok) { throw new Error((doc && doc.error) || ("HTTP " + r.status)); }
          return doc;
        });
      });
  }

  function showError(msg) {
    var el = document.getElementById("api-error") || document.getElementById("scan-verdict");
    if (el) { el.hidden = false; el.textContent = msg; }
  }

  document.querySelectorAll("form[data-api]").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var doc = {};
      new FormData(form).forEach(function (v, k) { doc[k] = v; });
      call(form.getAttribute("data-api"), JSON.stringify(doc), "application/json")
        .then(function () { window.location.reload(); })
        .catch(function (e) { showError(e.message); });
    });
  });

  function scan(file) {
    var out = document.getElementById("scan-verdict");
    var table = document.querySelector("#scan-findings tbody");
    out.textContent = "Scanning " + file.name + " …";
    while (table.firstChild) { table.removeChild(table.firstChild); }
    call("/v1/scan?name=" + encodeURIComponent(file.name), file, "application/octet-stream")
      .then(function (doc) {
        var files = doc.results || [];
        var verdict = doc.verdict || (files[0] && files[0].verdict) || "unknown";
        out.textContent = file.name + ": " + verdict;
        files.forEach(function (f) {
          (f.findings || []).forEach(function (x) {
            var tr = document.createElement("tr");
            [x.rule, x.severity, x.location, x.message, x.evidence].forEach(function (v) {
              var td = document.createElement("td");
              td.textContent = v == null ? "" : String(v);
              tr.appendChild(td);
            });
            table.appendChild(tr);
          });
        });
      })
      .catch(function (e) { showError(e.message); });
  }

  var drop = document.getElementById("drop");
  var input = document.getElementById("scan-file");
  if (drop && input) {
    input.addEventListener("change", function () { if (input.files[0]) { scan(input.files[0]); } });
    drop.addEventListener("dragover", function (ev) { ev.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
    drop.addEventListener("drop", function (ev) {
      ev.preventDefault();
      drop.classList.remove("over");
      if (ev.dataTransfer.files[0]) { scan(ev.dataTransfer.files[0]); }
    });
  }
})();
