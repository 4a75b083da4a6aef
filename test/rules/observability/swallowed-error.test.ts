import { describe, expect, it } from "vitest";
import { swallowedError } from "../../../rules/observability/swallowed-error.js";
import { analyze, findingsOf, patchAdding } from "../../helpers/rule-tester.js";

describe("observability/swallowed-error: fires", () => {
  it("on an empty catch block, naming what the try protects", () => {
    const code = [
      "export async function syncInventory(sku: string) {",
      "  try {",
      "    await warehouse.reserve(sku);",
      "  } catch (err) {}",
      "}",
    ].join("\n");
    const findings = findingsOf(swallowedError, "src/inventory/sync.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "medium", line: 4 });
    expect(findings[0]?.message).toContain("empty `catch`");
    expect(findings[0]?.message).toContain("`await warehouse.reserve(sku);`");
  });

  it("on an optional-binding catch holding only a TODO comment (js)", () => {
    const code = [
      "function loadPrefs() {",
      "  try {",
      "    applyTheme(readPrefs());",
      "    trackOpen();",
      "  } catch {",
      "    // TODO: handle",
      "  }",
      "}",
    ].join("\n");
    const findings = findingsOf(swallowedError, "web/prefs.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "medium", line: 5, endLine: 7 });
    expect(findings[0]?.message).toContain("only a comment");
    expect(findings[0]?.message).toContain("and 1 more statement");
  });

  it("on promise handlers that do nothing", () => {
    const code = [
      "export function onCheckout(order) {",
      "  sendReceipt(order).catch(() => {});",
      "  audit.record(order.id).catch(() => undefined);",
      "  cache.invalidate(order.userId).catch(function () {});",
      "  metrics.flush().then(done, () => {});",
      "  warmup().catch(noop);",
      "}",
    ].join("\n");
    const findings = findingsOf(swallowedError, "src/checkout.js", code);
    expect(findings.map((finding) => finding.line)).toEqual([2, 3, 4, 5, 6]);
    expect(findings[0]?.message).toBe("`.catch(() => {})` discards every rejection of `sendReceipt(order)`.");
    expect(findings[3]?.message).toBe("`.then(…, () => {})` discards every rejection of `metrics.flush()`.");
  });

  it("on `return null` after awaited I/O with the error unused", () => {
    const code = [
      "export async function findAccount(id: string): Promise<Account | null> {",
      "  try {",
      "    return await db.account.findUnique({ where: { id } });",
      "  } catch (error) {",
      "    return null;",
      "  }",
      "}",
    ].join("\n");
    const findings = findingsOf(swallowedError, "src/accounts/repo.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "medium", line: 4 });
    expect(findings[0]?.message).toContain("into `null`");
  });

  it("in a .tsx component effect", () => {
    const code = [
      "export function Avatar({ userId }: { userId: string }) {",
      "  useEffect(() => {",
      "    loadAvatar(userId).then(setUrl).catch(() => {});",
      "  }, [userId]);",
      "  return <img src={url} />;",
      "}",
    ].join("\n");
    expect(findingsOf(swallowedError, "src/components/Avatar.tsx", code)).toHaveLength(1);
  });

  it("at low when the comment says the error is deliberately ignored", () => {
    const code = [
      "export async function cleanup(path: string) {",
      "  try {",
      "    await fs.unlink(path);",
      "  } catch {",
      "    // best effort: the tmp dir is wiped on boot anyway",
      "  }",
      "  await fs.rm(dir).catch(() => { /* intentionally ignored: may not exist */ });",
      "}",
    ].join("\n");
    const findings = findingsOf(swallowedError, "src/tmp.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [4, "low"],
      [7, "low"],
    ]);
    expect(findings[0]?.message).toContain("The comment explains it");
  });

  it("at low for `return null` after I/O when a comment states the decision", () => {
    const code = [
      "export async function cachedProfile(id: string) {",
      "  try {",
      "    return await redis.get(`profile:${id}`);",
      "  } catch {",
      "    // cache is best effort: fall back to the database",
      "    return null;",
      "  }",
      "}",
    ].join("\n");
    expect(findingsOf(swallowedError, "src/cache.ts", code).map((finding) => finding.severity)).toEqual(["low"]);
  });
});

describe("observability/swallowed-error: does not fire", () => {
  it("in benchmarks and examples, which never run in production", () => {
    const code = ["suite.add(\"invalid\", () => {", "  try {", "    schema.parse(null);", "  } catch (_err) {}", "});"].join("\n");
    expect(findingsOf(swallowedError, "packages/core/benchmarks/union.ts", code)).toEqual([]);
    expect(findingsOf(swallowedError, "examples/basic/index.js", code)).toEqual([]);
  });

  const safe: Array<[string, string, string]> = [
    [
      "a catch that logs",
      "src/a.ts",
      "export async function a() {\n  try {\n    await send();\n  } catch (err) {\n    logger.warn({ err }, 'send failed');\n  }\n}",
    ],
    [
      "a catch that rethrows with a cause",
      "src/b.js",
      "export function b(raw) {\n  try {\n    return JSON.parse(raw);\n  } catch (err) {\n    throw new Error('invalid payload', { cause: err });\n  }\n}",
    ],
    [
      "a catch that returns an error value or a fallback",
      "src/c.ts",
      "export async function c() {\n  try {\n    return { ok: true, value: await fetchRates() };\n  } catch (error) {\n    return { ok: false, error };\n  }\n}\nexport async function d() {\n  try {\n    return await fetchRates();\n  } catch {\n    return DEFAULT_RATES;\n  }\n}",
    ],
    [
      "a catch that sets state or filters the expected error",
      "src/e.tsx",
      "export function E() {\n  const load = async () => {\n    try {\n      setData(await api.get());\n    } catch (e) {\n      setError(e);\n    }\n  };\n  return <button onClick={load} />;\n}\nexport function f(p) {\n  try {\n    fs.statSync(p);\n  } catch (err) {\n    if (err.code !== 'ENOENT') throw err;\n  }\n}",
    ],
    [
      "the parse-or-null idiom around synchronous work",
      "src/g.ts",
      "export function parseUrl(input: string): URL | null {\n  try {\n    return new URL(input);\n  } catch {\n    return null;\n  }\n}",
    ],
    [
      "promise handlers that handle the rejection",
      "src/h.js",
      "export const h = () => {\n  send().catch((err) => logger.error({ err }, 'send failed'));\n  load().catch(reportError);\n  load().then(ok, (err) => setError(err));\n  load().then(() => {});\n};",
    ],
  ];

  it.each(safe)("%s", (_name, path, code) => {
    expect(findingsOf(swallowedError, path, code)).toEqual([]);
  });

  it("on an empty catch after an empty try (nothing can throw)", () => {
    expect(findingsOf(swallowedError, "src/i.ts", "export function i() {\n  try {\n  } catch {}\n}")).toEqual([]);
  });

  it("in test files", () => {
    const code = "it('ignores', async () => {\n  try {\n    await boom();\n  } catch {}\n  await boom().catch(() => {});\n});";
    for (const path of ["src/a.test.ts", "src/__tests__/a.js", "test/a.ts", "e2e/login.spec.ts"]) {
      expect(findingsOf(swallowedError, path, code)).toEqual([]);
    }
  });
});

describe("observability/swallowed-error: review scope and suppression", () => {
  const code = [
    "export async function refresh() {",
    "  try {",
    "    await cache.refresh();",
    "  } catch {}",
    "  await metrics.push();",
    "}",
  ].join("\n");

  it("does not report a swallowed error on an unchanged line", () => {
    const { findings } = analyze([swallowedError], [{ path: "src/refresh.ts", content: code, patch: patchAdding(code, [5]) }], { mode: "review" });
    expect(findings).toEqual([]);
  });

  it("honours a suppression comment with a reason", () => {
    const suppressed = code.replace("  } catch {}", "  // prodgap-ignore-next-line observability/swallowed-error -- refresh failures are counted by the cache client\n  } catch {}");
    expect(findingsOf(swallowedError, "src/refresh.ts", suppressed)).toEqual([]);
  });
});
