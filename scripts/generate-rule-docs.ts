// npm run docs:rules            writes docs/rules.md
// npm run docs:rules -- --check exits 1 when docs/rules.md is out of date
import { readFile, writeFile } from "node:fs/promises";
import { allRules } from "../rules/index.js";
import { renderRulesDoc } from "./rule-docs.js";

const target = new URL("../docs/rules.md", import.meta.url);
const expected = renderRulesDoc(allRules);
if (process.argv.includes("--check")) {
  const current = await readFile(target, "utf8").catch(() => "");
  if (current !== expected) {
    process.stderr.write("docs/rules.md is out of date: run `npm run docs:rules`.\n");
    process.exit(1);
  }
  process.stdout.write("docs/rules.md is current.\n");
} else {
  await writeFile(target, expected);
  process.stdout.write(`wrote docs/rules.md (${allRules.length} rules)\n`);
}
