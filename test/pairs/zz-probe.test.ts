import { it } from "vitest";
import { allRules } from "../../rules/index.js";
import { analyze } from "../../test/helpers/rule-tester.js";
import { PAIRS } from "../../test/pairs/cases.js";
import { unifiedDiff } from "../../test/pairs/line-diff.js";
it("probe", () => {
  const only = process.env.PAIRS_FILTER ?? "";
  for (const pair of PAIRS) {
    if (only && !pair.name.includes(only)) continue;
    const scan = analyze(allRules as never, [{ path: pair.path, content: pair.vulnerable }], { mode: "scan" }).findings.filter(f => f.category === "security");
    const scanSafe = analyze(allRules as never, [{ path: pair.path, content: pair.safe }], { mode: "scan" }).findings.filter(f => f.category === "security");
    const review = analyze(allRules as never, [{ path: pair.path, content: pair.vulnerable, patch: unifiedDiff(pair.safe, pair.vulnerable), status: "modified" }], { mode: "review" }).findings.filter(f => f.category === "security");
    if (review.some(f => f.ruleId === pair.rule) && !process.env.ALL) continue;
    console.log(`== ${pair.name}\n  scan vuln: ${scan.map(f => `${f.ruleId} ${f.severity} @${f.line} ${f.message.slice(0,120)}`).join("\n   ")}\n  scan safe: ${scanSafe.map(f => `${f.ruleId} ${f.severity} @${f.line}`).join(", ")}`);
  }
});
