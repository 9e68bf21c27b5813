// html-validate configuration for Kursbau's own HTML: every check (`[data-assessment]`) and the
// overview, as generator.render produces them. Strict: the recommended rules plus the
// accessibility preset, with a single adjustment, explained below. Used by
// tests/test_robust_html_validate.py.
module.exports = {
  root: true,
  extends: ["html-validate:recommended", "html-validate:a11y"],
  rules: {
    // The page contract (FORMAT.md) gives the boxes of one multiple-choice question one shared
    // name, exactly like the radios of a single-choice question; HTML allows this for
    // checkboxes, the rule only allows radios and buttons by default.
    "form-dup-name": ["error", { shared: ["radio", "checkbox", "button", "reset", "submit"] }],
  },
};
// Per fragment, tests/test_robust_html_validate.py turns off one more rule for action plans
// only: wcag/h32 (a form needs a submit button). An action plan has no score and, by FORMAT.md,
// no submit button: its text is saved as it is typed.
