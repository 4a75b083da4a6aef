import { describe, expect, it } from "vitest";
import { insecureRandom } from "../../../rules/security/insecure-random.js";
import { findingsOf } from "../../helpers/rule-tester.js";

const RULE = "security/insecure-random";

describe("security/insecure-random: fires", () => {
  it("on a reset token built from Math.random (ts)", () => {
    const code = [
      "export async function requestReset(email: string) {",
      "  const resetToken = Math.random().toString(36).slice(2);",
      "  await db.users.update({ where: { email }, data: { resetToken } });",
      "}",
    ].join("\n");
    const findings = findingsOf(insecureRandom, "src/auth/reset.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: RULE, severity: "medium", line: 2 });
    expect(findings[0]?.message).toContain("`resetToken` is derived from `Math.random()`");
    expect(findings[0]?.fix).toContain("crypto.randomBytes(32)");
    expect(findings[0]?.fix).toContain("crypto.randomInt");
  });

  it("on a six-digit OTP and a session cookie (js)", () => {
    const code = [
      "router.post('/login', async (req, res) => {",
      "  const otp = Math.floor(100000 + Math.random() * 900000);",
      "  await sms.send(req.body.phone, `Your code is ${otp}`);",
      "  res.cookie('session_id', Math.random().toString(16).slice(2), { httpOnly: true });",
      "  res.sendStatus(204);",
      "});",
    ].join("\n");
    const findings = findingsOf(insecureRandom, "routes/login.js", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [2, "medium"],
      [4, "medium"],
    ]);
    expect(findings[1]?.message).toContain("The value used as `session_id`");
  });

  it("on a bare `code` inside a password-reset route", () => {
    const code = [
      'accountRouter.post("/reset", async (req, res) => {',
      "  const code = Math.random().toString(36).slice(2, 8);",
      '  await pool.query("UPDATE users SET reset_code = $1 WHERE email = $2", [code, req.body.email]);',
      "  res.json({ sent: true });",
      "});",
      'router.get("/products", (req, res) => {',
      "  const code = Math.random().toString(36).slice(2, 8);",
      "  res.json({ code });",
      "});",
    ].join("\n");
    const findings = findingsOf(insecureRandom, "src/routes/account.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([[2, "medium"]]);
  });

  it("on a character loop inside generateApiKey, reported once", () => {
    const code = [
      'const CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";',
      "export function generateApiKey(length = 32) {",
      '  let out = "";',
      "  for (let i = 0; i < length; i++) {",
      "    out += CHARS[Math.floor(Math.random() * CHARS.length)];",
      "  }",
      "  return out;",
      "}",
    ].join("\n");
    const findings = findingsOf(insecureRandom, "src/keys.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain("`generateApiKey()` builds its result from `Math.random()`");
  });

  it("on a salt and a nonce in object properties, and Array.from in a token helper", () => {
    const code = [
      "export const makeSecrets = () => ({ salt: Math.random().toString(36), nonce: String(Math.random()) });",
      "export function inviteToken() {",
      '  return Array.from({ length: 24 }, () => "abcdef0123456789"[Math.floor(Math.random() * 16)]).join("");',
      "}",
    ].join("\n");
    const findings = findingsOf(insecureRandom, "src/security.ts", code);
    expect(findings.map((finding) => finding.line)).toEqual([1, 1, 3]);
  });

  it("at low for a generic id, and on pseudoRandomBytes for a secret", () => {
    const code = [
      'const crypto = require("crypto");',
      "const uploadId = Math.random().toString(36).substring(2);",
      "const secret = crypto.pseudoRandomBytes(32).toString('hex');",
    ].join("\n");
    const findings = findingsOf(insecureRandom, "src/upload.js", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [2, "low"],
      [3, "medium"],
    ]);
  });
});

describe("security/insecure-random: does not fire", () => {
  it("on retry jitter, backoff and sampling", () => {
    const code = [
      "export async function withRetry<T>(fn: () => Promise<T>, attempt = 0): Promise<T> {",
      "  const jitter = Math.random() * 100;",
      "  const backoffMs = 2 ** attempt * 100 + Math.random() * 50;",
      "  if (Math.random() < 0.01) metrics.increment('retry.sampled');",
      "  await sleep(backoffMs + jitter);",
      "  return fn();",
      "}",
      "export function refreshSessionCache() {",
      "  if (Math.random() < 0.05) purgeExpiredSessions();",
      "}",
    ].join("\n");
    expect(findingsOf(insecureRandom, "src/retry.ts", code)).toEqual([]);
  });

  it("on UI randomness in components", () => {
    const code = [
      "export function Confetti() {",
      "  const pieces = items.map((item) => ({ x: Math.random() * 100, color: colors[Math.floor(Math.random() * colors.length)] }));",
      "  const id = `tooltip-${Math.random().toString(36).slice(2)}`;",
      "  return <div key={Math.random()} id={id}>{pieces.length}</div>;",
      "}",
    ].join("\n");
    expect(findingsOf(insecureRandom, "src/components/Confetti.tsx", code)).toEqual([]);
  });

  it("on shuffles, picks and request ids", () => {
    const code = [
      "export const shuffled = [...cards].sort(() => Math.random() - 0.5);",
      "export const pickWinner = (entries) => entries[Math.floor(Math.random() * entries.length)];",
      "const requestId = Math.random().toString(36).slice(2);",
      "const tokenBucketJitter = Math.random() * 10;",
    ].join("\n");
    expect(findingsOf(insecureRandom, "src/util.js", code)).toEqual([]);
  });

  it("on secure generators and on `random` methods of other objects", () => {
    const code = [
      'import crypto from "crypto";',
      'const resetToken = crypto.randomBytes(32).toString("hex");',
      "const otp = crypto.randomInt(0, 1_000_000);",
      "const sessionId = crypto.randomUUID();",
      "const token = faker.string.random();",
      "const nonce = rng.random();",
    ].join("\n");
    expect(findingsOf(insecureRandom, "src/tokens.ts", code)).toEqual([]);
  });

  it("in tests, seeds and stories", () => {
    const code = "const password = Math.random().toString(36);";
    expect(findingsOf(insecureRandom, "src/users.test.ts", code)).toEqual([]);
    expect(findingsOf(insecureRandom, "db/seeds/users.ts", code)).toEqual([]);
    expect(findingsOf(insecureRandom, "src/Login.stories.tsx", code)).toEqual([]);
  });
});
