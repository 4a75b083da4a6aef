// Where a rule's documentation lives; comments and annotations link there.
export const RULES_DOCS_BASE = "https://github.com/prodgap/prodgap/blob/main/docs/rules.md";

/** The anchor docs/rules.md gives a rule: its id with `/` replaced by `-`. */
export function ruleAnchor(ruleId: string): string {
  return ruleId.replace(/[^a-z0-9]+/gi, "-").toLowerCase();
}

export function rulesDocsUrl(ruleId: string): string {
  return `${RULES_DOCS_BASE}#${ruleAnchor(ruleId)}`;
}
