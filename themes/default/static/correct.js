// "Suggest a correction" beside each answer and verdict of a card page
// (loaded only when cardsite.toml names a repository). The page says once
// which repository, edit link and source file the card has; each cell marked
// data-fix names its field's path, and data-fix-file the file holding it
// when that is not the card's (a context's verdicts). The links are made
// here, not written into every page: a prefilled issue on the repository
// (file, field and the current text) and the file's edit page.
(() => {
  const card = document.querySelector("article[data-fix-repo]");
  if (!card) return;
  const { fixRepo, fixEdit, fixSource, fixTitle } = card.dataset;
  if (!/^https?:\/\//i.test(fixRepo) || !/^https?:\/\//i.test(fixEdit)) return;
  const repo = fixRepo.replace(/\/+$/, "");
  // `<repository>/edit/<branch>/` with the card's source file after it.
  const editBase = fixEdit.endsWith(fixSource) ? fixEdit.slice(0, fixEdit.length - fixSource.length) : null;
  const LIMIT = 1500;

  const el = (tag, attrs = {}, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    for (const c of children) if (c != null) e.append(c);
    return e;
  };
  const text = (node) => (node ? node.textContent.replace(/\s+/g, " ").trim() : "");
  const clip = (s) => (s.length > LIMIT ? `${s.slice(0, LIMIT)}…` : s);

  // What the cell says now, as the reader sees it.
  const current = (cell) => {
    const answer = cell.querySelector(".answer-text");
    if (answer) {
      const category = text(cell.querySelector(".category"));
      return text(answer) + (category ? `\nCategory: ${category}` : "");
    }
    const badge = cell.querySelector(".badge");
    const verdict = badge ? text(badge.lastChild) : "";
    const assessor = text(cell.querySelector(".assessor"));
    const reason = text(cell.querySelector(".reason"));
    return [`Verdict: ${verdict}`, assessor && `Assessor: ${assessor}`, reason && `Reason: ${reason}`].filter(Boolean).join("\n");
  };

  for (const cell of card.querySelectorAll("[data-fix]")) {
    const field = cell.dataset.fix;
    const file = cell.dataset.fixFile || fixSource;
    const row = cell.closest("tr");
    const assumption = text(row && row.querySelector("td[data-label='Assumption'] a")) || field;
    const what = cell.dataset.fixFile
      ? `the verdict on ${assumption} (${(cell.dataset.label || "").replace(/^Holds at deployment\? /, "")})`
      : `the answer on ${assumption}`;
    const now = clip(current(cell));
    const body = [
      `Card: ${fixTitle} (${location.origin}${location.pathname})`,
      `File: \`${file}\``,
      `Field: \`${field}\``,
      "",
      "Current text:",
      now.split("\n").map((l) => `> ${l}`).join("\n"),
      "",
      "Suggested correction:",
      "",
      "(What should it say, and which source supports it?)",
    ].join("\n");
    const title = `Correction: ${fixTitle} — ${field}`;
    const issue = `${repo}/issues/new?title=${encodeURIComponent(title)}&body=${encodeURIComponent(body)}`;
    const links = el("p", { class: "fix" },
      el("a", { href: issue, class: "fix-issue", rel: "noopener" }, "Suggest a correction", el("span", { class: "sr" }, ` to ${what}`)));
    if (editBase) {
      links.append(" · ", el("a", { href: editBase + file, class: "fix-edit", rel: "noopener" },
        "edit", el("span", { class: "sr" }, ` ${file}, which holds ${what}`)));
    }
    cell.append(links);
  }
})();
