import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allRules } from "../../rules/index.js";
import { renderRulesDoc } from "../../scripts/rule-docs.js";

describe("docs/rules.md", () => {
  it("is generated from the current rule metadata (run `npm run docs:rules` when this fails)", () => {
    expect(readFileSync(new URL("../../docs/rules.md", import.meta.url), "utf8")).toBe(renderRulesDoc(allRules));
  });

  it("lists every rule once, with an anchor its comments link to", () => {
    const doc = renderRulesDoc(allRules);
    for (const rule of allRules) {
      expect(doc.split(`### \`${rule.meta.id}\``)).toHaveLength(2);
      expect(rule.meta.id).toMatch(/^[a-z]+\/[a-z0-9-]+$/);
    }
    expect(new Set(allRules.map((rule) => rule.meta.id)).size).toBe(allRules.length);
  });
});
