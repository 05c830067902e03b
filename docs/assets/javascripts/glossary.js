// Glossary words are <abbr> elements (see mkdocs.yml, pymdownx.snippets). The theme shows
// their definition on hover, tap or focus; making them focusable lets keyboard users see it.
document.querySelectorAll(".md-content abbr").forEach((word) => {
  if (!word.hasAttribute("tabindex")) word.tabIndex = 0;
});
