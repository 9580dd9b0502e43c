// A "Copy" button beside each readonly link field marked [data-copy-link]. Without this script
// the field is still there to select and copy by hand; the button only exists when it works.
(() => {
  for (const field of document.querySelectorAll("input[data-copy-link]")) {
    if (!navigator.clipboard) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button secondary copy-link";
    button.textContent = "Copy";
    const status = document.createElement("span");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(field.value);
        status.textContent = "Copied.";
      } catch {
        field.select();
        status.textContent = "Press Ctrl+C (⌘C) to copy.";
      }
    });
    field.after(" ", button, " ", status);
  }
  // Selecting the whole link on focus makes copying by hand one key press.
  for (const field of document.querySelectorAll("input[data-copy-link]")) {
    field.addEventListener("focus", () => field.select());
  }
})();
