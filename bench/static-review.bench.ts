// npm run bench: the static review of a generated 300-file, 30,000-line TypeScript pull request with
// every rule enabled, in review mode (all lines added). Reports wall time and memory; not a test.
import { buildChangedFile } from "../src/review/changed-file.js";
import { defaultRepoConfig } from "../src/config/repo-config.js";
import { reviewSnapshot } from "../src/review/review.js";
import type { PullRequestSnapshot } from "../src/review/types.js";
import { allRules } from "../rules/index.js";
import { defineTsRule, type Rule } from "../src/analysis/rule.js";

const FILES = 300;
const LINES_PER_FILE = 100;

/** ~10 lines of the code shapes the rules look at, most of them safe. */
function block(file: number, index: number): string[] {
  const name = `handler${file}_${index}`;
  return [
    `export async function ${name}(req: Request, res: Response): Promise<void> {`,
    `  const id = Number(req.params.id ?? ${index});`,
    `  const rows = await db.query("SELECT id, total FROM orders WHERE id = $1", [id]);`,
    `  const label = \`order-\${id}-${file}\`;`,
    "  try {",
    `    await cache.set(label, JSON.stringify(rows), { ttl: ${60 + index} });`,
    "  } catch (error) {",
    `    logger.warn({ err: error, label }, "cache write failed");`,
    "  }",
    "  res.json({ rows, label });",
    "}",
  ];
}

function fileContent(file: number): string {
  const lines: string[] = [`import { db, cache, logger } from "../lib/${file % 7}.js";`, ""];
  let index = 0;
  while (lines.length < LINES_PER_FILE - 11) lines.push(...block(file, index++), "");
  // A few real findings so reporting, fingerprints and suppression parsing are exercised too.
  if (file % 10 === 0) lines.push(`export const q${file} = (req: Request) => db.query("SELECT * FROM t WHERE name = '" + req.query.name + "'");`);
  if (file % 15 === 0) lines.push(`export function f${file}() { try { work(); } catch {} }`);
  while (lines.length < LINES_PER_FILE) lines.push(`// line ${lines.length}`);
  return `${lines.join("\n")}\n`;
}

function snapshot(): PullRequestSnapshot {
  const files = Array.from({ length: FILES }, (_, file) => {
    const content = fileContent(file);
    const lines = content.replace(/\n$/, "").split("\n");
    const patch = [`@@ -0,0 +1,${lines.length} @@`, ...lines.map((line) => `+${line}`)].join("\n");
    return buildChangedFile({ path: `src/module${file % 20}/file${file}.ts`, status: "added", patch, content });
  });
  return { repo: { owner: "bench", name: "bench" }, number: 1, title: "bench", body: "", baseSha: "a", headSha: "b", mode: "review", notes: [], files };
}

const config = defaultRepoConfig();
const input = snapshot();
const totalLines = input.files.reduce((sum, file) => sum + file.addedLines.size, 0);
const runs: number[] = [];
let findings = 0;
for (let run = 0; run < 5; run++) {
  const started = performance.now();
  const result = await reviewSnapshot(input, { config });
  runs.push(performance.now() - started);
  findings = result.findings.length;
}
const sorted = [...runs].sort((a, b) => a - b);
const memory = process.memoryUsage();
process.stdout.write(
  [
    `static review: ${FILES} files, ${totalLines} added lines, ${allRules.length} rules, ${findings} findings`,
    `  first run (cold): ${runs[0]!.toFixed(0)} ms`,
    `  median of ${runs.length}: ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms, best ${sorted[0]!.toFixed(0)} ms`,
    `  rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB`,
    "",
  ].join("\n"),
);

// The other shape: 300 modified files, one changed line each, every file with legacy findings on
// unchanged lines. Each such file is analysed twice (head, and the base rebuilt from the patch).
function modifiedSnapshot(): PullRequestSnapshot {
  const files = input.files.map((file) => {
    const content = file.content!;
    const lines = content.replace(/\n$/, "").split("\n");
    const last = lines.length;
    const patch = [`@@ -${last - 2},3 +${last - 2},3 @@`, ` ${lines[last - 3]}`, ` ${lines[last - 2]}`, `-// old line ${last}`, `+${lines[last - 1]}`].join("\n");
    return buildChangedFile({ path: file.path, status: "modified", patch, content });
  });
  return { ...input, files };
}
const modified = modifiedSnapshot();
const modifiedRuns: number[] = [];
let modifiedFindings = 0;
for (let run = 0; run < 3; run++) {
  const started = performance.now();
  const result = await reviewSnapshot(modified, { config });
  modifiedRuns.push(performance.now() - started);
  modifiedFindings = result.findings.length;
}
process.stdout.write(
  `static review, 300 modified files (1 changed line each, legacy findings elsewhere): first ${modifiedRuns[0]!.toFixed(0)} ms, best ${Math.min(...modifiedRuns).toFixed(0)} ms, ${modifiedFindings} findings introduced\n`,
);

// Per-rule cost: each rule alone, minus a baseline rule with no visitors (parsing and the walk).
const baseline = defineTsRule({
  meta: { id: "bench/baseline", category: "prodgap", severity: "low", title: "baseline", description: "", why: "", fix: "" },
  create: () => ({}),
});
async function timeRules(rules: readonly Rule[]): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    await reviewSnapshot(input, { config, rules });
    times.push(performance.now() - started);
  }
  return Math.min(...times);
}
const base = await timeRules([baseline]);
const costs: Array<[string, number]> = [];
for (const rule of allRules) costs.push([rule.meta.id, (await timeRules([baseline, rule])) - base]);
costs.sort((a, b) => b[1] - a[1]);
process.stdout.write(`  parse + walk baseline: ${base.toFixed(0)} ms; slowest rules on top of it:\n`);
for (const [id, ms] of costs.slice(0, 6)) process.stdout.write(`    ${id.padEnd(40)} ${ms.toFixed(0)} ms\n`);
