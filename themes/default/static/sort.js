// Progressive enhancement: click a column header button to sort a table.
// The server-rendered order works without it.
document.querySelectorAll("table.sortable").forEach((table) => {
  const body = table.tBodies[0];
  table.querySelectorAll("th button[data-sort]").forEach((button) => {
    const th = button.closest("th");
    const index = Array.from(th.parentNode.children).indexOf(th);
    button.addEventListener("click", () => {
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("th[aria-sort]").forEach((h) => h.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const key = (row) => {
        const v = row.children[index].dataset.value ?? row.children[index].textContent;
        return button.dataset.sort === "number" ? Number(v) : v.toLowerCase();
      };
      const rows = Array.from(body.rows).sort((a, b) => {
        const x = key(a), y = key(b);
        return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
      });
      rows.forEach((r) => body.appendChild(r));
    });
  });
});
