// Run in the page by the screenshot tour (tests/e2e/test_tour.py): what a person would notice at a glance.
// Returns {overflow, overlaps, brokenImages, chrome} for the current page.
() => {
  const root = document.documentElement;
  const overflow = root.scrollWidth - root.clientWidth;

  // Text covered by other text: for each visible text node, the element at the middle of each of its lines
  // must be the node's own element (or inside it), unless a scrolling box clips it (tables that scroll).
  const overlaps = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const clipped = (element) => {
    for (let e = element; e && e !== document.body; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (/(auto|scroll|hidden)/.test(style.overflowX + style.overflowY)) { return true; }
      if (style.position === "fixed" || style.position === "sticky") { return true; }
    }
    return false;
  };
  let node;
  while ((node = walker.nextNode()) && overlaps.length < 5) {
    const text = node.textContent.trim();
    const owner = node.parentElement;
    if (!text || !owner || owner.closest(".modal, .dropdown-menu, .visually-hidden, [hidden], canvas, svg")) { continue; }
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const rect of range.getClientRects()) {
      if (rect.width < 4 || rect.height < 4) { continue; }
      const x = rect.left + rect.width / 2, y = rect.top + rect.height / 2;
      if (x < 0 || y < 0 || x > window.innerWidth || y > window.innerHeight) { continue; }
      const hit = document.elementFromPoint(x, y);
      if (!hit || hit === owner || owner.contains(hit) || hit.contains(owner)) { continue; }
      if (clipped(owner) || !hit.textContent.trim()) { continue; }
      overlaps.push(`"${text.slice(0, 30)}" under <${hit.tagName.toLowerCase()} class="${hit.className}">`);
      break;
    }
  }

  const brokenImages = [...document.images]
    .filter((img) => img.complete && img.naturalWidth === 0)
    .map((img) => img.getAttribute("src"));

  // The interface's own words (never records' data): headers, labels, buttons, menu entries, hints.
  const chrome = [...document.querySelectorAll(
    "th, label, button, .btn, .nav-link, legend, .form-text, .page-header h1, .card-header, .breadcrumb-item, .stat-label, .dropdown-item"
  )]
    .filter((e) => e.offsetParent !== null && !e.closest("[data-data], .modal"))
    .map((e) => e.innerText.trim())
    .filter((text) => text.length > 0);

  return { overflow, overlaps, brokenImages, chrome };
}
