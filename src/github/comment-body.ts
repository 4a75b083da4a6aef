// The body of one inline review comment: what is wrong, why it matters in production, how to fix
// it, a suggestion block when the fix is mechanical, and a hidden fingerprint marker for dedupe.
import type { Finding } from "../review/types.js";
import { sanitizeForGitHub } from "./sanitize.js";

const SEVERITY_BADGE: Record<Finding["severity"], string> = {
  critical: "🔴 critical",
  high: "🟠 high",
  medium: "🟡 medium",
  low: "🔵 low",
};

const MARKER = /<!-- prodgap fp=([0-9a-f]{8,64})\b[^>]*-->/g;

export function fingerprintMarker(finding: Pick<Finding, "fingerprint" | "ruleId">): string {
  return `<!-- prodgap fp=${finding.fingerprint} rule=${finding.ruleId} -->`;
}

/** Fingerprints carried by a comment body we posted earlier. */
export function fingerprintsIn(body: string): string[] {
  return [...body.matchAll(MARKER)].map((match) => match[1] ?? "");
}

export function commentBody(finding: Finding, options: { withSuggestion: boolean }): string {
  const blocking = finding.blocking ? " · **blocks merge**" : "";
  const parts = [
    sanitizeForGitHub(`**${SEVERITY_BADGE[finding.severity]} · \`${finding.ruleId}\`**${blocking}\n\n${finding.message}`),
    sanitizeForGitHub(`**Why it matters in production:** ${finding.why}`),
    sanitizeForGitHub(`**How to fix:** ${finding.fix}`),
  ];
  if (options.withSuggestion && finding.suggestion !== undefined) {
    // A suggestion is code for the exact lines; it is not prose and is not rewritten.
    const fence = finding.suggestion.includes("```") ? "````" : "```";
    parts.push(`${fence}suggestion\n${finding.suggestion}\n${fence}`);
  }
  parts.push(`<sub>[Rule documentation](${finding.docsUrl ?? ""}) · to silence with a reason: \`prodgap-ignore-next-line ${finding.ruleId} -- <why>\`</sub>`);
  parts.push(fingerprintMarker(finding));
  return parts.join("\n\n");
}
