// renkei serve: the page works without this file; with it, results come as you type (the query in
// the URL, for a bookmark or a link to share), "/" focuses the box, arrows move between results,
// and a file dropped on the page is read for a preview (with --allow-upload).
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var box = document.getElementById("q");
  var results = document.getElementById("results");
  var timer = null, pending = null, shown = box ? box.value : "";

  function query() {
    return new URLSearchParams(new FormData(form)).toString();
  }

  function update() {
    var params = query();
    if (pending) pending.abort();
    pending = new AbortController();
    fetch("/results?" + params, {headers: {"X-Requested-With": "fetch"}, signal: pending.signal})
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r); })
      .then(function (html) {
        results.innerHTML = html;   // the server's HTML: every value in it is escaped there
        shown = box.value;
        history.replaceState(null, "", params ? "/?" + params : "/");
        document.title = (box.value || document.title.split(" — ").pop()) + " — renkei";
      })
      .catch(function () {});
  }

  if (form && box && results) {
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { if (box.value !== shown) update(); }, 200);
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); update(); });
  }

  function links() { return Array.prototype.slice.call(document.querySelectorAll("a.hit-link")); }

  document.addEventListener("keydown", function (e) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (e.key === "/" && !typing && box) { e.preventDefault(); box.focus(); box.select(); return; }
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    var all = links(), at = all.indexOf(document.activeElement);
    if (!all.length || (typing && document.activeElement !== box)) return;
    e.preventDefault();
    if (e.key === "ArrowDown") { (all[at + 1] || all[all.length - 1]).focus(); }
    else if (at <= 0) { if (box) box.focus(); }
    else { all[at - 1].focus(); }
  });   // Enter on a focused result opens it: it is a link

  // --- uploads (the page has them only with --allow-upload) ---
  var upload = document.getElementById("upload-form");
  var preview = document.getElementById("upload-preview");
  if (!upload || document.body.dataset.upload !== "1") return;

  function send(file) {
    var data = new FormData();
    data.append("csrf", document.body.dataset.csrf);
    data.append("file", file);
    preview.textContent = "…";
    fetch("/upload", {method: "POST", body: data,
                      headers: {"X-Requested-With": "fetch", "X-CSRF-Token": document.body.dataset.csrf}})
      .then(function (r) {
        var type = r.headers.get("content-type") || "";
        return (type.indexOf("json") >= 0 ? r.json().then(function (j) { throw new Error(j.error); }) : r.text());
      })
      .then(function (html) { preview.innerHTML = html; var b = document.getElementById("confirm"); if (b) b.focus(); })
      .catch(function (err) {
        var p = document.createElement("p");
        p.className = "error";
        p.textContent = err.message;   // text, never markup
        preview.replaceChildren(p);
      });
  }

  upload.addEventListener("submit", function (e) {
    var file = document.getElementById("file").files[0];
    if (!file) return;
    e.preventDefault();
    send(file);
  });
  document.addEventListener("dragover", function (e) { e.preventDefault(); document.body.classList.add("dragging"); });
  document.addEventListener("dragleave", function (e) {
    if (!e.relatedTarget) document.body.classList.remove("dragging");
  });
  document.addEventListener("drop", function (e) {
    e.preventDefault();
    document.body.classList.remove("dragging");
    if (e.dataTransfer && e.dataTransfer.files.length) send(e.dataTransfer.files[0]);
  });
})();
