import { describe, expect, it } from "vitest";
import { analyzeSnapshot } from "../../../src/analysis/engine.js";
import { logicLines, missingTests, suggestTestPath } from "../../../rules/testing/missing-tests.js";
import { looksLikeTestPath } from "../../../src/analysis/test-paths.js";
import { configOf, patchAdding, snapshotOf, type TestFile } from "../../helpers/rule-tester.js";

interface RepoSignal {
  repoTestFiles?: number;
  repoTestPaths?: string[];
}

/** Review mode with the snapshot-level signal the adapters are to provide. */
function review(files: TestFile[], signal: RepoSignal = {}, options?: Record<string, unknown>, mode: "review" | "scan" = "review") {
  const snapshot = { ...snapshotOf(files, mode), ...signal };
  const config = options ? configOf({ rules: { "testing/missing-tests": { options } } }) : configOf(undefined);
  const result = analyzeSnapshot(snapshot, { config, rules: [missingTests] });
  expect(result.notes).toEqual([]);
  return result.findings;
}

const code = (...rows: string[]): string => `${rows.join("\n")}\n`;

const refund = code(
  'import { db } from "../db.js";',
  'import type { Order } from "./types.js";',
  "",
  "export async function refundOrder(orderId: string, amountCents: number): Promise<Order> {",
  "  const order = await db.orders.findById(orderId);",
  "  if (!order) throw new Error(`order ${orderId} not found`);",
  "  // Partial refunds may not exceed what is still captured.",
  "  if (amountCents > order.totalCents - order.refundedCents) {",
  '    throw new Error("refund exceeds the amount still captured");',
  "  }",
  "  order.refundedCents += amountCents;",
  "  await db.orders.save(order);",
  "  return order;",
  "}",
);

const slugify = code(
  "export function slugify(title: string): string {",
  "  return title",
  "    .toLowerCase()",
  '    .replace(/[^a-z0-9]+/g, "-")',
  '    .replace(/^-|-$/g, "");',
  "}",
);

const refundTest = code(
  'import { describe, expect, it } from "vitest";',
  'import { refundOrder } from "../src/orders/refund.js";',
  'describe("refundOrder", () => {',
  '  it("rejects refunds above the captured amount", async () => {',
  '    await expect(refundOrder("o1", 10_000)).rejects.toThrow("exceeds");',
  "  });",
  "});",
);

describe("testing/missing-tests: fires", () => {
  it("on new runtime logic with no test change, at the first added logic line", () => {
    const findings = review([{ path: "src/orders/refund.ts", content: refund }]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ path: "src/orders/refund.ts", line: 4, severity: "medium" });
    expect(findings[0]!.message).toBe(
      "`src/orders/refund.ts` adds 8 lines of logic, but this pull request changes no test file. Cover the new behaviour in a test, for example `src/orders/refund.test.ts`.",
    );
  });

  it("once per pull request, on the file with the most new logic", () => {
    const findings = review([
      { path: "src/lib/slugify.ts", content: slugify },
      { path: "src/orders/refund.ts", content: refund },
      { path: "src/routes/orders.js", content: code("export function mount(app) {", '  app.post("/orders/:id/refund", handler);', "}") },
    ]);
    expect(findings.map((finding) => finding.path)).toEqual(["src/orders/refund.ts"]);
    expect(findings[0]!.message).toContain("(2 more source files also change logic)");
  });

  it("on logic added to an existing file, anchored at the first added logic line", () => {
    const content = code(
      "export function priceWithTax(cents: number, rate: number): number {",
      "  return Math.round(cents * (1 + rate));",
      "}",
      "",
      "/** Rounds half-cents the way the payment provider does. */",
      "export function bankersRound(value: number): number {",
      "  const floor = Math.floor(value);",
      "  const diff = value - floor;",
      "  if (diff > 0.5) return floor + 1;",
      "  if (diff < 0.5) return floor;",
      "  return floor % 2 === 0 ? floor : floor + 1;",
      "}",
    );
    const findings = review([{ path: "src/billing/tax.ts", content, patch: patchAdding(content, [4, 5, 6, 7, 8, 9, 10, 11, 12]) }]);
    expect(findings.map((finding) => finding.line)).toEqual([6]);
    expect(findings[0]!.message).toContain("adds 6 lines of logic");
  });

  it("suggesting the test path the repository's layout uses", () => {
    const mirror = review([{ path: "src/orders/refund.ts", content: refund }], { repoTestFiles: 40, repoTestPaths: ["test/orders/capture.test.ts", "test/db.test.ts"] });
    expect(mirror[0]!.message).toContain("following the repository's layout, `test/orders/refund.test.ts`");
    const jest = review([{ path: "packages/api/src/orders/refund.ts", content: refund }], { repoTestPaths: ["packages/api/src/users/__tests__/user.spec.ts"] });
    expect(jest[0]!.message).toContain("`packages/api/src/orders/__tests__/refund.spec.ts`");
  });

  it("when the only test change deletes a test, and on JSX components", () => {
    const component = code(
      'import { useState } from "react";',
      "export function Counter({ step }: { step: number }) {",
      "  const [count, setCount] = useState(0);",
      "  const label = count === 1 ? \"1 click\" : `${count} clicks`;",
      "  return (",
      "    <button onClick={() => setCount(count + step)}>",
      "      {label}",
      "    </button>",
      "  );",
      "}",
    );
    const findings = review([
      { path: "web/src/Counter.tsx", content: component },
      { path: "web/src/Counter.test.tsx", content: "", status: "removed" },
    ]);
    expect(findings.map((finding) => finding.path)).toEqual(["web/src/Counter.tsx"]);
    expect(findings[0]!.message).toContain("`web/src/Counter.test.tsx`");
  });

  it("when the repository is known to have tests, and honours minLogicLines", () => {
    expect(review([{ path: "src/orders/refund.ts", content: refund }], { repoTestFiles: 12 })).toHaveLength(1);
    const small = code("export function isAdmin(user: { roles: string[] }): boolean {", '  return user.roles.includes("admin");', "}");
    expect(review([{ path: "src/auth/roles.ts", content: small }], {}, { minLogicLines: 2 })).toHaveLength(1);
  });
});

describe("testing/missing-tests: does not fire", () => {
  it("when the pull request changes a test alongside the source", () => {
    expect(review([{ path: "src/orders/refund.ts", content: refund }, { path: "test/orders/refund.test.ts", content: refundTest }])).toEqual([]);
  });

  it("when the test change is in another language's test layout", () => {
    expect(review([{ path: "src/orders/refund.ts", content: refund }, { path: "services/ledger/tests/test_refund.py", content: "def test_refund():\n    assert True\n" }])).toEqual([]);
  });

  it("on docs-only and config-only pull requests", () => {
    expect(review([{ path: "README.md", content: "# Shop\n\nRun `npm start`.\n" }, { path: "docs/site/sidebar.js", content: slugify }])).toEqual([]);
    expect(
      review([
        { path: "vite.config.ts", content: code('import { defineConfig } from "vite";', "export default defineConfig({", "  server: { port: 5173 },", "  build: { sourcemap: true, target: \"es2022\" },", "  plugins: [react(), checker({ typescript: true })],", "});") },
        { path: ".eslintrc.cjs", content: slugify },
        { path: "package.json", content: '{ "name": "shop" }\n' },
      ]),
    ).toEqual([]);
  });

  it("on scripts, migrations, stories and generated code", () => {
    expect(
      review([
        { path: "scripts/seed-demo.ts", content: refund },
        { path: "db/migrations/20240611_add_refunds.ts", content: refund },
        { path: "src/components/Button.stories.tsx", content: refund },
        { path: "src/api/__generated__/client.ts", content: refund },
      ]),
    ).toEqual([]);
  });

  it("below the logic threshold: comments, imports and braces do not count", () => {
    const content = code(
      'import { z } from "zod";',
      'import { db } from "../db.js";',
      "",
      "/**",
      " * Looks an order up by its public id.",
      " */",
      "export async function findOrder(id: string) {",
      "  return db.orders.findById(z.string().uuid().parse(id));",
      "}",
    );
    expect(review([{ path: "src/orders/find.ts", content }])).toEqual([]);
  });

  it("on type-only changes and barrel files", () => {
    const types = code(
      'import type { Money } from "./money.js";',
      "export interface Order {",
      "  id: string;",
      "  totalCents: Money;",
      "  refundedCents: Money;",
      '  status: "open" | "paid" | "refunded";',
      "}",
      "export type OrderEvent =",
      '  | { type: "paid"; at: Date }',
      '  | { type: "refunded"; at: Date; amountCents: number };',
      "declare global {",
      "  interface Window { __SHOP__: { orders: Order[] } }",
      "}",
    );
    const barrel = code('export * from "./refund.js";', 'export { findOrder } from "./find.js";', 'export type { Order, OrderEvent } from "./types.js";');
    expect(review([{ path: "src/orders/types.ts", content: types }, { path: "src/orders/index.ts", content: barrel }])).toEqual([]);
  });

  it("in a repository without tests, as the snapshot or config says", () => {
    expect(review([{ path: "src/orders/refund.ts", content: refund }], { repoTestFiles: 0 })).toEqual([]);
    expect(review([{ path: "src/orders/refund.ts", content: refund }], { repoTestFiles: 7 }, { repoHasTests: false })).toEqual([]);
  });

  it("on many one-line edits across files (the threshold is per file)", () => {
    const files = ["a", "b", "c", "d", "e", "f"].map((name) => ({ path: `src/handlers/${name}.ts`, content: code(`export const ${name} = wrap(handle${name.toUpperCase()});`) }));
    expect(review(files)).toEqual([]);
  });

  it("in scan mode, where there is no change to pair tests with", () => {
    expect(review([{ path: "src/orders/refund.ts", content: refund }], {}, undefined, "scan")).toEqual([]);
  });
});

describe("testing/missing-tests: review mode", () => {
  it("counts only added lines: unchanged logic around a small edit is not reported", () => {
    const patch = patchAdding(refund, [12]);
    expect(review([{ path: "src/orders/refund.ts", content: refund, patch }])).toEqual([]);
  });
});

describe("missing-tests helpers", () => {
  it("recognizes test paths", () => {
    for (const path of ["src/a.test.ts", "src/a.spec.tsx", "src/__tests__/a.ts", "test/helpers/db.ts", "tests/e2e/login.ts", "e2e/checkout.cy.ts", "pkg/ledger_test.go", "app/test_views.py", "src/__snapshots__/a.test.ts.snap"]) {
      expect(looksLikeTestPath(path), path).toBe(true);
    }
    for (const path of ["src/testing-utils.ts", "src/contest/score.ts", "src/latest.ts", "src/attestation.ts"]) {
      expect(looksLikeTestPath(path), path).toBe(false);
    }
  });

  it("suggests a sibling test when nothing shows the convention", () => {
    expect(suggestTestPath("lib/queue.mjs", [])).toEqual({ path: "lib/queue.test.mjs", fromConvention: false });
    expect(suggestTestPath("src/x.ts", ["tests/x.spec.ts"])).toEqual({ path: "tests/x.spec.ts", fromConvention: true });
  });

  it("classifies logic lines with strings, regexes and templates that look like comments or braces", () => {
    const content = code(
      'const url = "https://example.com/*"; // not a block comment',
      "const pattern = /\\/\\*/g;",
      "const query = `",
      "  select * from orders -- }",
      "`;",
      "/* a real",
      "   block comment */",
      "}",
    );
    expect([...logicLines(content)].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe("suggestTestPath in monorepos", () => {
  it("mirrors under the test root of the package that holds the source", () => {
    const known = ["packages/web/test/app.test.ts", "packages/api/test/orders/capture.test.ts"];
    expect(suggestTestPath("packages/api/src/orders/refund.ts", known).path).toBe("packages/api/test/orders/refund.test.ts");
    expect(suggestTestPath("src/server.ts", ["src/test/routes.test.ts"]).path).toBe("src/test/server.test.ts");
  });
});
