// The fixture corpus: realistic multi-file apps scanned with every rule, as `prodgap scan --format json`
// would, asserting the exact findings. Each expected finding was triaged by hand as a true positive;
// `safe-service` is written the careful way: nothing at or above medium may fire there.
// The apps are copied to a scratch directory first: under test/ their paths would match the rules'
// test-path ignores, which is right for this repository's tests but not for what the corpus stands for.
import { cpSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { JsonReport } from "../src/review/render/json.js";
import { runJson } from "./helpers/cli-runner.js";
import { tempDir } from "./helpers/temp-files.js";

/** `prodgap scan . --format json` with every rule, on a scratch copy of one app. */
async function scanApp(app: string): Promise<{ code: number; report: JsonReport }> {
  const directory = tempDir(`prodgap-corpus-${app}-`);
  cpSync(new URL(`./fixtures/corpus/${app}`, import.meta.url), directory, { recursive: true });
  return runJson(["scan", "."], directory);
}

/** `path:line ruleId severity`, sorted: one string per finding keeps failures readable. */
function located(report: JsonReport): string[] {
  return report.findings.map((finding) => `${finding.path}:${finding.line} ${finding.ruleId} ${finding.severity}`).sort();
}

const EXPECTED: Record<string, { findings: string[]; gate: "success" | "failure" }> = {
  "express-shop": {
    gate: "failure",
    findings: [
      "Dockerfile:8 deploy/dockerfile-root-user high",
      "src/app.ts:9 security/sensitive-surface-exposed low", // no app.disable("x-powered-by") / helmet
      "src/app.ts:12 security/permissive-cors high", // origin: true with credentials
      "src/app.ts:14 security/insecure-cookie low", // default connect.sid name
      "src/app.ts:15 security/hardcoded-credential high", // session secret literal
      "src/app.ts:21 security/sensitive-surface-exposed high", // serveIndex
      "src/app.ts:28 security/error-details-exposed high", // err.stack in the response
      "src/lib/db.ts:8 security/tls-verification-disabled high",
      "src/routes/account.ts:8 security/missing-rate-limit low", // router file; the app may add one elsewhere
      "src/routes/account.ts:10 security/weak-crypto high", // md5(password)
      "src/routes/account.ts:13 security/jwt-weak-claims medium", // no expiresIn
      "src/routes/account.ts:14 security/insecure-cookie medium", // httpOnly: false
      "src/routes/account.ts:18 security/missing-rate-limit low",
      "src/routes/account.ts:19 security/insecure-random medium", // Math.random reset code
      "src/routes/account.ts:26 security/jwt-verification-bypass high", // jwt.decode as identity
      "src/routes/files.ts:10 security/path-traversal high",
      "src/routes/files.ts:19 security/server-side-xss high",
      "src/routes/files.ts:23 security/open-redirect medium",
      "src/routes/orders.ts:17 security/sql-injection critical", // ORDER BY ${req.query.sort}
      "src/routes/orders.ts:22 security/mass-assignment high", // Order.create(req.body)
      "src/routes/orders.ts:31 security/missing-authorization high", // delete without requireAuth
      "src/routes/orders.ts:37 security/command-injection critical",
    ],
  },
  "next-app": {
    gate: "failure",
    findings: [
      "app/actions.ts:7 security/sql-injection critical", // server action arguments are client input
      "app/api/preview/route.ts:6 security/ssrf high",
      "app/components/Comment.tsx:13 security/dom-xss high", // useSearchParams into __html
    ],
  },
  "nest-api": {
    gate: "failure",
    findings: ["src/auth/jwt.strategy.ts:11 security/hardcoded-credential high", "src/users/users.controller.ts:14 security/sql-injection critical"],
  },
  "lambda-tools": {
    gate: "failure",
    findings: ["handler.ts:6 security/command-injection critical", "handler.ts:18 security/code-injection critical"],
  },
  // Written the careful way. The only findings are advisory (low: annotations, no comment, no block):
  // the rate limiter is mounted in app.ts, which a per-file rule cannot see.
  "safe-service": {
    gate: "success",
    findings: ["src/routes/auth.ts:10 security/missing-rate-limit low", "src/routes/auth.ts:20 security/missing-rate-limit low"],
  },
};

describe("prodgap scan on the fixture corpus", () => {
  for (const [app, expected] of Object.entries(EXPECTED)) {
    it(`${app}: exactly the triaged findings`, async () => {
      const { code, report } = await scanApp(app);
      expect(located(report)).toEqual([...expected.findings].sort());
      expect(report.gate.conclusion).toBe(expected.gate);
      expect(code).toBe(expected.gate === "success" ? 0 : 1);
    });
  }
});
