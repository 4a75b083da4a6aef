import { ts } from "ts-morph";
import { describe, expect, it } from "vitest";
import { defineTextRule, defineTsRule, type TsRule } from "../../src/analysis/rule.js";
import { analyze, patchAdding } from "../helpers/rule-tester.js";

function callRule(id: string, callee: string, severity: "critical" | "high" | "medium" | "low" = "high"): TsRule {
  return defineTsRule({
    meta: { id, category: "security", severity, title: id, description: "d", why: "w", fix: "f" },
    create(context) {
      return {
        CallExpression(node) {
          if (node.expression.getText(context.sourceFile) === callee) context.report({ node, message: `${callee} called` });
        },
      };
    },
  });
}

const danger = callRule("security/danger", "danger");

describe("the single walk", () => {
  it("parses each file once and visits each node once, however many rules listen", () => {
    const parsedTrees = new Map<string, Set<ts.SourceFile>>();
    const visits = { enter: 0, exit: 0, sourceFiles: 0 };
    const counting = (id: string) =>
      defineTsRule({
        meta: { id, category: "reliability", severity: "low", title: id, description: "d", why: "w", fix: "f" },
        create(context) {
          const trees = parsedTrees.get(context.file.path) ?? new Set();
          trees.add(context.sourceFile);
          parsedTrees.set(context.file.path, trees);
          return {
            SourceFile() {
              visits.sourceFiles++;
            },
            CallExpression() {
              visits.enter++;
            },
            "CallExpression:exit"() {
              visits.exit++;
            },
          };
        },
      });
    analyze([counting("reliability/a"), counting("reliability/b"), counting("reliability/c")], [
      { path: "a.ts", content: "f(); g(h());\n" },
      { path: "b.js", content: "x(1);\n" },
    ]);
    // Every rule saw the same tree object: each file was parsed exactly once.
    expect([...parsedTrees.values()].map((trees) => trees.size)).toEqual([1, 1]);
    expect(visits.sourceFiles).toBe(3 * 2);
    expect(visits.enter).toBe(3 * 4);
    expect(visits.exit).toBe(3 * 4);
  });

  it("walks very deeply nested code without overflowing the stack", () => {
    const content = `const x = ${"a + ".repeat(20_000)}danger(1);\n`;
    const { findings, notes } = analyze([danger], [{ path: "deep.ts", content }]);
    expect(notes).toEqual([]);
    expect(findings).toHaveLength(1);
  });

  it("parses JSX in .js files and tolerates syntax errors", () => {
    const { findings } = analyze([danger], [
      { path: "view.js", content: "const v = <div onClick={() => danger(1)} />;\n" },
      { path: "broken.ts", content: "const x = ;\nif (\ndanger(2);\n" },
    ]);
    expect(findings.map((finding) => finding.path)).toEqual(["view.js", "broken.ts"]);
  });
});

describe("rule failures", () => {
  it("records a throwing rule as a note and keeps the other rules' findings", () => {
    const throwing = defineTsRule({
      meta: { id: "reliability/boom", category: "reliability", severity: "low", title: "t", description: "d", why: "w", fix: "f" },
      create() {
        return {
          CallExpression() {
            throw new Error("bug in rule");
          },
        };
      },
    });
    const { findings, notes } = analyze([throwing, danger], [{ path: "a.ts", content: "danger(1);\ndanger(2);\n" }]);
    expect(findings).toHaveLength(2);
    expect(notes).toEqual([expect.stringContaining("`reliability/boom` failed on `a.ts`")]);
  });
});

describe("review scope", () => {
  it("keeps findings only on added lines in review mode", () => {
    const content = "danger(1);\ndanger(2);\nsafe();\n";
    const { findings } = analyze([danger], [{ path: "a.ts", content, patch: patchAdding(content, [2]) }], { mode: "review" });
    expect(findings.map((finding) => finding.line)).toEqual([2]);
  });

  it("keeps a multi-line finding when any of its lines is added", () => {
    const content = "danger(\n  1,\n  2,\n);\n";
    const { findings } = analyze([danger], [{ path: "a.ts", content, patch: patchAdding(content, [3]) }], { mode: "review" });
    expect(findings).toEqual([expect.objectContaining({ line: 1, endLine: 4 })]);
  });
});

describe("review scope: findings a PR creates on lines it does not touch", () => {
  // Flags `sink(x)` unless the line above calls `guard()`: a sink whose guard a PR can delete.
  const unguardedSink = defineTextRule({
    meta: { id: "security/unguarded-sink", category: "security", severity: "high", title: "t", description: "d", why: "w", fix: "f" },
    check(document, context) {
      document.lines.forEach((text, index) => {
        if (text.includes("sink(") && !document.lineAt(index).includes("guard(")) context.report({ line: index + 1, message: "unguarded" });
      });
    },
  });
  const base = ["function a(x) {", "  guard(x);", "  sink(x);", "}", "function b(y) {", "  sink(y);", "}", ""].join("\n");

  it("reports an unchanged sink whose guard the PR deleted", () => {
    const head = ["function a(x) {", "  sink(x);", "}", "function b(y) {", "  sink(y);", "}", ""].join("\n");
    const patch = "@@ -1,4 +1,3 @@\n function a(x) {\n-  guard(x);\n   sink(x);\n }";
    const { findings } = analyze([unguardedSink], [{ path: "a.js", content: head, patch }], { mode: "review" });
    // sink(x) is new; sink(y) was already unguarded in the base and stays silent.
    expect(findings.map((finding) => finding.line)).toEqual([2]);
  });

  it("leaves legacy findings alone when the PR edits something else in the file", () => {
    const head = base.replace("function b(y) {", "function b(y) { // renamed soon");
    const patch = "@@ -4,3 +4,3 @@\n }\n-function b(y) {\n+function b(y) { // renamed soon\n   sink(y);";
    const { findings } = analyze([unguardedSink], [{ path: "a.js", content: head, patch }], { mode: "review" });
    expect(findings).toEqual([]);
  });

  it("does not report a finding whose severity a fix lowered, and does report one a change raised", () => {
    // high when the line above mentions `input`, low otherwise.
    const graded = defineTextRule({
      meta: { id: "security/graded-sink", category: "security", severity: "high", title: "t", description: "d", why: "w", fix: "f" },
      check(document, context) {
        document.lines.forEach((text, index) => {
          if (text.includes("sink(")) context.report({ line: index + 1, message: "sink", severity: document.lineAt(index).includes("input") ? "high" : "low" });
        });
      },
    });
    const raw = "const v = input;\nsink(v);\n";
    const cleaned = "const v = clean(x);\nsink(v);\n";
    const lowered = analyze([graded], [{ path: "a.js", content: cleaned, patch: "@@ -1,2 +1,2 @@\n-const v = input;\n+const v = clean(x);\n sink(v);" }], { mode: "review" });
    expect(lowered.findings).toEqual([]);
    const raised = analyze([graded], [{ path: "a.js", content: raw, patch: "@@ -1,2 +1,2 @@\n-const v = clean(x);\n+const v = input;\n sink(v);" }], { mode: "review" });
    expect(raised.findings.map((finding) => `${finding.line} ${finding.severity}`)).toEqual(["2 high"]);
  });

  it("counts an identical new finding once, not again on the old line", () => {
    const head = ["function c(y) {", "  sink(y);", "}", base].join("\n");
    const patch = "@@ -0,0 +1,3 @@\n+function c(y) {\n+  sink(y);\n+}";
    const { findings } = analyze([unguardedSink], [{ path: "a.js", content: head, patch }], { mode: "review" });
    expect(findings.map((finding) => finding.line)).toEqual([2]);
  });
});

describe("suppressions", () => {
  it("honours a suppression with a rule id and a reason, on the next code line", () => {
    const content = "// prodgap-ignore-next-line security/danger -- input is a compile-time constant\n\ndanger(1);\ndanger(2);\n";
    const { findings } = analyze([danger], [{ path: "a.ts", content }]);
    expect(findings.map((finding) => finding.line)).toEqual([4]);
  });

  it("accepts category wildcards and stacked suppressions, in YAML and SQL comment styles too", () => {
    const secretLike = defineTextRule({
      meta: { id: "security/word", category: "security", severity: "high", title: "t", description: "d", why: "w", fix: "f" },
      check(document, context) {
        for (const line of document.addedLineNumbers) if (document.lineAt(line).includes("SECRET")) context.report({ line, message: "word" });
      },
    });
    const yaml = "# prodgap-ignore-next-line security/* -- documented sample value\nkey: SECRET\nother: SECRET\n";
    const sql = "-- prodgap-ignore-next-line security/word -- fixture for the migration test\nSELECT 'SECRET';\n";
    const { findings } = analyze([secretLike], [{ path: "a.yml", content: yaml }, { path: "m.sql", content: sql }]);
    expect(findings.map((finding) => `${finding.path}:${finding.line}`)).toEqual(["a.yml:3"]);
  });

  it("does not honour a suppression without a reason, and reports it", () => {
    const content = "// prodgap-ignore-next-line security/danger\ndanger(1);\n";
    const { findings } = analyze([danger], [{ path: "a.ts", content }]);
    expect(findings.map((finding) => finding.ruleId).sort()).toEqual(["prodgap/invalid-suppression", "security/danger"]);
  });

  it("ignores the marker inside a string, where it is not a comment", () => {
    const content = 'const sample = "// prodgap-ignore-next-line security/danger";\ndanger(1);\n';
    const { findings } = analyze([danger], [{ path: "a.ts", content }]);
    expect(findings.map((finding) => finding.ruleId)).toEqual(["security/danger"]);
  });

  it("reports a suppression naming an unknown rule", () => {
    const content = "// prodgap-ignore-next-line security/dangr -- typo\ndanger(1);\n";
    const { findings } = analyze([danger], [{ path: "a.ts", content }]);
    const invalid = findings.find((finding) => finding.ruleId === "prodgap/invalid-suppression");
    expect(invalid?.message).toContain("unknown rule `security/dangr`");
    expect(findings.some((finding) => finding.ruleId === "security/danger")).toBe(true);
  });
});

describe("fingerprints", () => {
  it("stay the same when the flagged line moves, and differ between identical lines", () => {
    const before = analyze([danger], [{ path: "a.ts", content: "danger(x);\nok();\ndanger(x);\n" }]).findings;
    const after = analyze([danger], [{ path: "a.ts", content: "// new header\n\nimport z from 'z';\ndanger(x);\nok();\ndanger(x);\n" }]).findings;
    expect(after.map((finding) => finding.fingerprint)).toEqual(before.map((finding) => finding.fingerprint));
    expect(new Set(before.map((finding) => finding.fingerprint)).size).toBe(2);
  });

  it("ignore whitespace-only edits and change when the code changes", () => {
    const [original] = analyze([danger], [{ path: "a.ts", content: "danger(x);\n" }]).findings;
    const [reindented] = analyze([danger], [{ path: "a.ts", content: "    danger( x);\n".replace("( ", "(") }]).findings;
    const [changed] = analyze([danger], [{ path: "a.ts", content: "danger(y);\n" }]).findings;
    expect(reindented?.fingerprint).toBe(original?.fingerprint);
    expect(changed?.fingerprint).not.toBe(original?.fingerprint);
  });
});

describe("configuration", () => {
  it("turns rules off, re-rates them, and applies path overrides in order", () => {
    const files = [
      { path: "src/a.ts", content: "danger(1);\n" },
      { path: "scripts/b.ts", content: "danger(2);\n" },
      { path: "legacy/c.ts", content: "danger(3);\n" },
    ];
    const config = {
      rules: { "security/danger": "medium" },
      overrides: [
        { files: ["scripts/**"], rules: { "security/danger": "off" } },
        { files: ["legacy/**"], rules: { "security/danger": "low" } },
      ],
    };
    const { findings } = analyze([danger], files, { config });
    expect(findings.map((finding) => `${finding.path}:${finding.severity}`)).toEqual(["src/a.ts:medium", "legacy/c.ts:low"]);
    expect(analyze([danger], files, { config: { rules: { "security/danger": "off" } } }).findings).toEqual([]);
  });

  it("honours per-rule ignore globs", () => {
    const { findings } = analyze([danger], [{ path: "gen/a.ts", content: "danger(1);\n" }, { path: "src/b.ts", content: "danger(2);\n" }], {
      config: { rules: { "security/danger": { ignore: ["gen/**"] } } },
    });
    expect(findings.map((finding) => finding.path)).toEqual(["src/b.ts"]);
  });
});
