// Report pages: the print button (CSP forbids inline handlers).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});

// On a phone the report tabs scroll sideways: bring the current one into view.
const currentTab = document.querySelector(".report-tabs [aria-current='page']");
if (currentTab) {
  currentTab.parentElement.scrollLeft = currentTab.offsetLeft - 16;
}
