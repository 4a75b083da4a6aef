// security/unescaped-template-output: raw (unescaped) output in server-side view templates on
// added lines — EJS `<%-`, Handlebars/Mustache `{{{ }}}` and `{{& }}`, Pug `!{}` and `!=`. The
// origin of the value is unknown from the template alone, so findings are medium.
import { defineTextRule } from "../../src/analysis/rule.js";
import { TEST_PATH_GLOBS } from "../../src/analysis/ts-helpers.js";

type Engine = "ejs" | "handlebars" | "pug";

const ENGINE_BY_EXTENSION: Record<string, Engine> = {
  ejs: "ejs",
  hbs: "handlebars",
  handlebars: "handlebars",
  mustache: "handlebars",
  pug: "pug",
  jade: "pug",
};

/** Layout and partial helpers whose raw output is rendered template markup, not data. */
const EJS_LAYOUT_OUTPUT = /^(?:include\b|body$|style$|script$|meta$|defineContent\b|contentFor\b|block\b|partial\b|layout\b|yield\b)/;
const HANDLEBARS_LAYOUT_OUTPUT = /^(?:body|yield|outlet)$/;
/** Values passed through a sanitizer or an escaping helper, or literals. */
const SANITIZED = /\b(?:sanitize\w*|escape\w*|\w*Escape|encode\w*|purify|DOMPurify|xss|filterXSS|stripTags|striptags)\b/i;
const LITERAL = /^(?:"[^"]*"|'[^']*'|`[^`$]*`|\d+(?:\.\d+)?)$/;

interface RawOutput {
  expression: string;
  column: number;
  syntax: string;
}

function ejsOutputs(line: string): RawOutput[] {
  const outputs: RawOutput[] = [];
  for (const match of line.matchAll(/<%-\s*([\s\S]*?)\s*[-_]?%>/g)) outputs.push({ expression: match[1] ?? "", column: match.index ?? 0, syntax: "<%-" });
  // An expression that continues on the next line: `<%- foo(` without `%>` on this line.
  const open = line.lastIndexOf("<%-");
  if (open >= 0 && !line.slice(open).includes("%>")) outputs.push({ expression: line.slice(open + 3).trim(), column: open, syntax: "<%-" });
  return outputs.filter((output) => !EJS_LAYOUT_OUTPUT.test(output.expression));
}

function handlebarsOutputs(line: string): RawOutput[] {
  const outputs: RawOutput[] = [];
  // `{{{value}}}` but not raw blocks `{{{{raw}}}}`.
  for (const match of line.matchAll(/(?<!\{)\{\{\{(?!\{)\s*([^}]*?)\s*\}\}\}(?!\})/g)) outputs.push({ expression: match[1] ?? "", column: match.index ?? 0, syntax: "{{{ }}}" });
  // Mustache/Handlebars `{{& value}}`.
  for (const match of line.matchAll(/\{\{&\s*([^}]*?)\s*\}\}/g)) outputs.push({ expression: match[1] ?? "", column: match.index ?? 0, syntax: "{{& }}" });
  return outputs.filter((output) => !HANDLEBARS_LAYOUT_OUTPUT.test(output.expression));
}

function pugOutputs(line: string): RawOutput[] {
  const trimmed = line.trimStart();
  if (trimmed.startsWith("//")) return []; // comments
  const outputs: RawOutput[] = [];
  for (const match of line.matchAll(/!\{([^}]*)\}/g)) outputs.push({ expression: (match[1] ?? "").trim(), column: match.index ?? 0, syntax: "!{}" });
  // `div!= html`, `p.bio!= user.bio`, `!= content`, and attributes `a(href!=url)` are buffered unescaped.
  const buffered = /^(?:[A-Za-z][\w-]*|[.#][\w-]+)?(?:[.#][\w-]+)*(?:\([^)]*\))?!=\s*(.+)$/.exec(trimmed);
  if (buffered) outputs.push({ expression: (buffered[1] ?? "").trim(), column: line.length - trimmed.length, syntax: "!=" });
  else {
    const attributes = /^[A-Za-z][\w-]*(?:[.#][\w-]+)*\(([^)]*)\)/.exec(trimmed)?.[1] ?? "";
    for (const match of attributes.matchAll(/[\w:@-]+!=\s*("[^"]*"|'[^']*'|[^,\s]+)/g)) outputs.push({ expression: match[1] ?? "", column: line.length - trimmed.length, syntax: "!=" });
  }
  return outputs;
}

const OUTPUTS: Record<Engine, (line: string) => RawOutput[]> = { ejs: ejsOutputs, handlebars: handlebarsOutputs, pug: pugOutputs };

const ESCAPED_FORM: Record<string, string> = {
  "<%-": "`<%= … %>`",
  "{{{ }}}": "`{{ … }}`",
  "{{& }}": "`{{ … }}`",
  "!{}": "`#{…}`",
  "!=": "`=`",
};

export const unescapedTemplateOutput = defineTextRule({
  meta: {
    id: "security/unescaped-template-output",
    category: "security",
    severity: "medium",
    title: "Unescaped output in a view template",
    description:
      "Detects raw (unescaped) output added to server-side view templates: EJS `<%- value %>` (`.ejs`), Handlebars/Mustache triple-stash `{{{value}}}` and `{{& value}}` (`.hbs`, `.handlebars`, `.mustache`), and Pug/Jade unescaped interpolation `!{value}` and buffered code `tag!= value` (`.pug`, `.jade`). The template alone does not show where the value comes from, so findings are medium. It deliberately does not fire on escaped output (`<%= %>`, `{{ }}`, `#{}`, `=`), on layout and partial helpers whose raw output is template markup (`<%- include(...) %>`, `<%- body %>`, express-ejs-layouts `defineContent`/`contentFor`, `{{{body}}}`, `{{> partial}}`, `{{{{raw}}}}` blocks), on values passed through a sanitizer or escaping helper, on literals, or on Pug comments.",
    why: "Raw output inserts the value as markup: if any part of it comes from users (a profile field, a comment, a query parameter), its `<script>` or event-handler attributes run in every visitor's session (stored or reflected XSS).",
    fix: "Use the escaping form (EJS `<%= %>`, Handlebars `{{ }}`, Pug `#{}` / `=`). When the value really is HTML (rendered Markdown, a CMS field), sanitize it where it is produced (`DOMPurify.sanitize(html)` with jsdom, `sanitize-html`) and name it so (`safeBodyHtml`), then keep raw output for that value only.",
    defaultIgnore: [...TEST_PATH_GLOBS],
  },
  languages: ["text"],
  check(document, context) {
    const path = document.file.path;
    const extension = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
    const engine = ENGINE_BY_EXTENSION[extension];
    if (!engine) return;
    for (const line of document.addedLineNumbers) {
      for (const output of OUTPUTS[engine](document.lineAt(line))) {
        const expression = output.expression.trim();
        if (expression === "" || LITERAL.test(expression) || SANITIZED.test(expression)) continue;
        const shown = expression.length > 50 ? `${expression.slice(0, 49)}…` : expression;
        context.report({
          line,
          message: `\`${shown}\` is written with ${output.syntax === "!=" ? "`!=`" : `\`${output.syntax}\``}, which skips HTML escaping: if any part of it comes from users, its markup runs in visitors' browsers. Use ${ESCAPED_FORM[output.syntax]} unless it is sanitized HTML.`,
        });
      }
    }
  },
});
