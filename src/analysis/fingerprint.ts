// Fingerprints identify a finding across pushes: they hash the rule, the path and the normalized code
// of the flagged lines, never the line number (lines move when code above them changes).
import { createHash } from "node:crypto";

export function normalizeCode(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

export function fingerprintOf(ruleId: string, path: string, code: string, occurrence: number): string {
  return createHash("sha256")
    .update(`${ruleId}\u0000${path}\u0000${normalizeCode(code)}\u0000${occurrence}`)
    .digest("hex")
    .slice(0, 20);
}
