// Escaping for text that may come from the reviewed code (messages quote it; paths are whatever the
// repository holds). The goal is narrow: such text must never break a table, open an HTML comment
// that swallows the rest of the summary, or spill onto a new line.

const CODE_SPAN = /(`+)[\s\S]*?(?<!`)\1(?!`)/g;

function oneLine(text: string): string {
  return text.replace(/\r\n|\r|\n/g, " ");
}

/** Applies `outside` to the text between code spans; code spans are literal and stay untouched. */
function outsideCodeSpans(text: string, outside: (plain: string) => string): string {
  let out = "";
  let last = 0;
  for (const match of text.matchAll(CODE_SPAN)) {
    out += outside(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + outside(text.slice(last));
}

function escapeHtml(plain: string): string {
  return plain.replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * A pipe splits a table cell unless an odd number of backslashes precedes it, so each pipe gets one
 * escape and any backslashes before it are doubled (they render as themselves outside code spans).
 */
function escapePipes(text: string): string {
  return text.replace(/(\\*)\|/g, (_match, slashes: string) => `${slashes}${slashes}\\|`);
}

/** Free text (messages, reasons, notes) for a list item or a paragraph. */
export function escapeInline(text: string): string {
  return outsideCodeSpans(oneLine(text), escapeHtml);
}

/** Free text for a table cell. */
export function escapeCell(text: string): string {
  return escapePipes(escapeInline(text));
}

/** Text shown as code, with a fence longer than any backtick run inside it. */
export function inlineCode(text: string): string {
  const content = oneLine(text);
  const longestRun = Math.max(0, ...[...content.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = "`".repeat(longestRun + 1);
  const pad = content.startsWith("`") || content.endsWith("`") ? " " : "";
  return `${fence}${pad}${content}${pad}${fence}`;
}

/** Code for a table cell. */
export function codeCell(text: string): string {
  return escapePipes(inlineCode(text));
}
