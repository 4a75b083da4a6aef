// security/vue-v-html: Vue's `v-html` directive on added lines of `.vue` files. Single-file
// components are not parsed as TypeScript, so this reads the template text; the bound value's
// origin is unknown from here, so findings are medium.
import { defineTextRule } from "../../src/analysis/rule.js";
import { TEST_PATH_GLOBS } from "../../src/analysis/ts-helpers.js";

/** `v-html="expr"` / `v-html='expr'`, and the `:innerHTML` / `v-bind:innerHTML` prop binding. */
const DIRECTIVE = /(?:^|\s)(v-html|:inner-?html|v-bind:inner-?html)\s*=\s*("([^"]*)"|'([^']*)')/gi;
/** Literals, sanitizers, and vue-i18n messages looked up by a literal key (translations live in the repository). */
const SAFE_VALUE = /^(?:'[^']*'|"[^"]*"|`[^`$]*`)$|\b(?:sanitize\w*|\$sanitize|DOMPurify|purify|escape\w*|xss|filterXSS)\b|^\$?t[ce]?\(\s*['"`][^'"`$]*['"`]\s*(?:,[^)]*)?\)$/;

export const vueVHtml = defineTextRule({
  meta: {
    id: "security/vue-v-html",
    category: "security",
    severity: "medium",
    title: "Vue `v-html` bound to a non-constant value",
    description:
      "Detects `v-html` (and `:innerHTML` bindings) added to Vue single-file components (`.vue`) whose bound expression is not a literal. The template alone does not show where the value comes from, so findings are medium. It deliberately does not fire on string literals, on values passed through a sanitizer (`DOMPurify.sanitize`, `$sanitize`, `sanitizeHtml`, `escape*`), on vue-i18n messages looked up by a literal key (`$t('terms.body')`), on `{{ }}` interpolation and `v-text` (escaped by Vue), on comments in the template, or in test files.",
    why: "`v-html` inserts the value as raw markup with no escaping: if any part of it comes from users (a comment, a profile field, a URL parameter), its `<img onerror>` or `<script>`-equivalents run in every viewer's session.",
    fix: "Render text with `{{ value }}` or `v-text`. When the value really is HTML, sanitize it in a computed property (`safeHtml() { return DOMPurify.sanitize(this.post.html) }`) and bind `v-html=\"safeHtml\"`, or register a sanitizing directive (e.g. `vue-dompurify-html`'s `v-dompurify-html`).",
    defaultIgnore: [...TEST_PATH_GLOBS],
  },
  languages: ["text"],
  check(document, context) {
    if (!document.file.path.toLowerCase().endsWith(".vue")) return;
    for (const line of document.addedLineNumbers) {
      const text = document.lineAt(line);
      if (text.trimStart().startsWith("<!--") || text.trimStart().startsWith("//")) continue;
      for (const match of text.matchAll(DIRECTIVE)) {
        const expression = (match[3] ?? match[4] ?? "").trim();
        if (expression === "" || SAFE_VALUE.test(expression)) continue;
        const shown = expression.length > 50 ? `${expression.slice(0, 49)}…` : expression;
        context.report({
          line,
          message: `\`${match[1]}\` renders \`${shown}\` as raw HTML: if any part of it comes from users, its markup runs in viewers' browsers. Use \`{{ }}\` or sanitize it first.`,
        });
      }
    }
  },
});
