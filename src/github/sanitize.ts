// Text we post on GitHub may quote reviewed code (e.g. a decorator like `@Body`): it must never
// mention users or teams, inject HTML, forge our hidden markers, or exceed GitHub's limits.

const ZERO_WIDTH_SPACE = "\u200b";

function sanitizeProse(text: string): string {
  return text
    .replace(/<(?=[a-zA-Z/!?])/g, "&lt;") // no raw HTML or comments outside code spans
    .replace(/(^|[^\w`])@(?=[A-Za-z0-9-])/g, `$1@${ZERO_WIDTH_SPACE}`); // no @-mentions
}

/** Sanitizes prose and leaves `code spans` and fenced blocks alone, except for hidden markers. */
export function sanitizeForGitHub(text: string, maxLength = 60_000): string {
  const parts = text.split(/(```[\s\S]*?```|`[^`\n]*`)/g);
  let safe = parts
    .map((part, index) => (index % 2 === 1 ? part : sanitizeProse(part)))
    .join("")
    .replace(/<!--|-->/g, (marker) => marker.split("").join(ZERO_WIDTH_SPACE)); // our markers stay ours
  if (safe.length > maxLength) safe = `${safe.slice(0, maxLength - 20)}\n…(truncated)`;
  return safe;
}
