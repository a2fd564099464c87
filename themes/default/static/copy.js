// Copy buttons: a button[data-copy] copies the text of the element whose id
// it names and says so in the role=status element beside it. Without
// JavaScript the buttons stay hidden and the text can be selected by hand;
// where the clipboard is refused, the text is selected for Ctrl+C.
(() => {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const source = document.getElementById(button.dataset.copy);
    const status = button.parentElement.querySelector("[role=status]");
    if (!source || !status) continue;
    button.hidden = false;
    let timer;
    button.addEventListener("click", async () => {
      try {
        if (!navigator.clipboard) throw new Error("no clipboard");
        await navigator.clipboard.writeText(source.textContent);
        status.textContent = "Copied";
      } catch {
        const range = document.createRange();
        range.selectNodeContents(source);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        status.textContent = "Selected: press Ctrl+C (⌘C on a Mac) to copy";
      }
      clearTimeout(timer);
      timer = setTimeout(() => { status.textContent = ""; }, 5000);
    });
  }
})();
