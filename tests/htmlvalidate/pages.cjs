// html-validate configuration for whole pages of a built site: Kursbau's own parts are held to
// strict.cjs separately; here the recommended rules apply to everything, except for what the
// theme (mkdocs-material 9) and Python-Markdown write by design. Each exception says why.
// Used by tests/test_robust_html_validate.py on the sample course.
module.exports = {
  root: true,
  extends: ["html-validate:recommended"],
  rules: {
    // Theme: its templates leave indentation whitespace at line ends. Style only.
    "no-trailing-whitespace": "off",
    // Theme: writes `<!doctype html>` in lower case. Valid HTML; style only.
    "doctype-style": "off",
    // Python-Markdown writes XHTML-style void elements (`<hr />`, `<br />`). Valid HTML.
    "void-style": "off",
    // Theme: ids such as `__drawer`, `__search`, `__toc` start with underscores. Valid HTML5
    // ids; the rule only asks for ids that read well as CSS selectors.
    "valid-id": "off",
    // Theme: `autocomplete="off"` on its hidden toggle checkboxes (drawer, search), so that
    // browsers do not restore an open menu after a reload. Harmless.
    "valid-autocomplete": "off",
    // Theme: `tabindex=""` on section labels of the navigation (navigation.sections).
    // Browsers ignore an empty tabindex; the labels stay reachable as before.
    "attribute-allowed-values": "off",
    // Theme: the nested navigation and table-of-contents <nav> elements share labels.
    "unique-landmark": "off",
    // Theme: the search <form> has no submit button, the search runs as you type.
    // Kursbau: an action plan has no submit button either (FORMAT.md: its text is saved as it
    // is typed); every scored check has one, which strict.cjs checks.
    "wcag/h32": "off",
    // Theme: <title> is the page title plus the site name; a long check title makes it longer
    // than 70 characters. A search-engine recommendation, not an HTML error.
    "long-title": "off",
    // Kursbau: the boxes of one multiple-choice question share a name (see strict.cjs).
    "form-dup-name": ["error", { shared: ["radio", "checkbox", "button", "reset", "submit"] }],
  },
};
