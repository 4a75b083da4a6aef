// Suppression comments: `prodgap-ignore-next-line <rule-id>[, <rule-id>] -- <reason>` after `//`, `/*`, `#` or `--`.
// A suppression must give a reason; one without a reason (or naming an unknown rule) is not honoured
// and is itself reported, so that silencing a finding always leaves a trail a reviewer can read.

export interface Suppression {
  /** Line of the comment. */
  line: number;
  /** Line the suppression applies to: the next line that is neither blank nor another suppression. */
  targetLine: number;
  ruleIds: string[];
  reason?: string;
}

// The comment must open the line: the marker inside a string (`"// prodgap-ignore-next-line …"`) is not one.
const MARKER = /^\s*(?:\/\/|\/\*|#|--|\{\/\*)\s*prodgap-ignore-next-line\b([^\n]*)/;

export function parseSuppressions(lines: readonly string[]): Suppression[] {
  const found: Array<Omit<Suppression, "targetLine">> = [];
  for (let index = 0; index < lines.length; index++) {
    const text = lines[index] ?? "";
    if (!text.includes("prodgap-ignore-next-line")) continue;
    const match = MARKER.exec(text);
    if (!match) continue;
    const body = (match[1] ?? "").replace(/\*\/\s*\}?\s*$/, "").trim();
    const separator = body.indexOf("--");
    const idsText = separator >= 0 ? body.slice(0, separator) : body;
    const reason = separator >= 0 ? body.slice(separator + 2).trim() : "";
    const ruleIds = idsText.split(/[\s,]+/).filter(Boolean);
    found.push({ line: index + 1, ruleIds, ...(reason ? { reason } : {}) });
  }
  const commentLines = new Set(found.map((suppression) => suppression.line));
  return found.map((suppression) => {
    let target = suppression.line + 1;
    while (target <= lines.length && (commentLines.has(target) || (lines[target - 1] ?? "").trim() === "")) target++;
    return { ...suppression, targetLine: target };
  });
}

/** Whether a suppression names this rule: its exact id, `category/*`, or `*`. */
export function suppressionCovers(suppression: Suppression, ruleId: string): boolean {
  const category = ruleId.slice(0, ruleId.indexOf("/"));
  return suppression.ruleIds.some((id) => id === ruleId || id === "*" || id === `${category}/*`);
}
