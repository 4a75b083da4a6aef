// The engine's own finding for suppression comments it cannot honour.
import type { RuleMeta } from "./rule.js";

export const invalidSuppressionMeta: RuleMeta = {
  id: "prodgap/invalid-suppression",
  category: "prodgap",
  severity: "low",
  title: "Suppression comment without a reason or with an unknown rule",
  description:
    "A `prodgap-ignore-next-line` comment must name the rule it silences and say why after `--`, e.g. `// prodgap-ignore-next-line security/sql-injection -- table name comes from a fixed enum`. Comments without a reason, or naming a rule that does not exist, are not honoured.",
  why: "A silenced finding with no reason leaves the next reader unable to tell a judged exception from a hidden risk.",
  fix: "Name the rule id and add the reason after `--`, or remove the comment and fix the finding.",
};
