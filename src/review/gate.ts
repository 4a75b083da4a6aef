// The gate: which findings block the merge, and the conclusion the check run reports.
import type { RepoConfig } from "../config/repo-config.js";
import { atLeast, type Finding, type GateDecision } from "./types.js";

export function markBlocking(findings: Finding[], config: RepoConfig): Finding[] {
  const failOn = config.gate.failOn;
  return findings.map((finding) => ({
    ...finding,
    // LLM findings will need the second model's confirmation before they may block (see DESIGN.md).
    blocking: failOn !== "none" && finding.source === "static" && atLeast(finding.severity, failOn),
  }));
}

export function decideGate(findings: readonly Finding[], config: RepoConfig): GateDecision {
  const failOn = config.gate.failOn;
  const blocking = findings.filter((finding) => finding.blocking);
  if (blocking.length > 0) {
    const first = blocking
      .slice(0, 3)
      .map((finding) => `\`${finding.ruleId}\` at \`${finding.path}:${finding.line}\``)
      .join(", ");
    const more = blocking.length > 3 ? ` and ${blocking.length - 3} more` : "";
    return {
      conclusion: "failure",
      reason: `${blocking.length === 1 ? "1 finding" : `${blocking.length} findings`} at or above \`${failOn}\` ${blocking.length === 1 ? "blocks" : "block"} the merge: ${first}${more}.`,
    };
  }
  if (failOn === "none") {
    return { conclusion: "success", reason: "The gate is off (`gate.failOn: none`): findings are advisory." };
  }
  const below = findings.length;
  return {
    conclusion: "success",
    reason:
      below === 0
        ? `No finding at or above \`${failOn}\`.`
        : `No finding at or above \`${failOn}\`; ${below} below the gate ${below === 1 ? "is" : "are"} advisory.`,
  };
}
