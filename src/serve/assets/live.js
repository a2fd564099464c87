// cardsite serve: live reload and the build-error overlay (serve mode only).
(() => {
  const KEY = "cardsite-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(KEY);
  if (saved !== null) {
    sessionStorage.removeItem(KEY);
    window.addEventListener("load", () => window.scrollTo(0, Number(saved)));
  }
  const el = (tag, attrs = {}, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    for (const c of children) if (c != null) e.append(c);
    return e;
  };
  function overlay(status) {
    document.getElementById("cardsite-overlay")?.remove();
    if (status.ok) return;
    const items = status.diagnostics.map((d) => el("li", {},
      el("code", {}, d.line ? `${d.file}:${d.line}:${d.column}` : d.file), " ", d.message,
      d.hint ? el("div", { class: "hint" }, `hint: ${d.hint}`) : null));
    const box = el("div", { id: "cardsite-overlay", role: "alert" },
      el("h2", {}, "Build failed — showing the last good version"), el("ul", {}, ...items),
      el("p", {}, "Fix the file and save: this page reloads by itself."));
    document.body.prepend(box);
  }
  const check = () => fetch("/__cardsite/status").then((r) => r.json()).then(overlay).catch(() => {});
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", check); else check();
  // Naming the page lets the server rebuild it before telling us to reload.
  const events = new EventSource("/__cardsite/events?path=" + encodeURIComponent(location.pathname));
  events.addEventListener("reload", () => {
    sessionStorage.setItem(KEY, String(window.scrollY));
    location.reload();
  });
  events.addEventListener("failed", check);
})();
