import { describe, expect, it } from "vitest";
import { weakCrypto } from "../../../rules/security/weak-crypto.js";
import { findingsOf } from "../../helpers/rule-tester.js";

const RULE = "security/weak-crypto";

describe("security/weak-crypto: fires", () => {
  it("on MD5 of a password (ts, high)", () => {
    const code = [
      'import crypto from "node:crypto";',
      "export async function register(email: string, password: string) {",
      '  const passwordHash = crypto.createHash("md5").update(password).digest("hex");',
      "  await db.users.insert({ email, passwordHash });",
      "}",
    ].join("\n");
    const findings = findingsOf(weakCrypto, "src/users/register.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: RULE, severity: "high", line: 3 });
    expect(findings[0]?.message).toContain('`crypto.createHash("md5")` hashes `password`');
    expect(findings[0]?.fix).toContain("argon2");
  });

  it("on sha1 in a hashPassword helper and the md5 package (js)", () => {
    const code = [
      'const crypto = require("crypto");',
      'const md5 = require("md5");',
      "function hashPassword(raw, salt) {",
      '  return crypto.createHash("sha1").update(salt + raw).digest("hex");',
      "}",
      "const legacy = md5(req.body.password);",
    ].join("\n");
    const findings = findingsOf(weakCrypto, "lib/auth.js", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [4, "high"],
      [6, "high"],
    ]);
    expect(findings[0]?.message).toContain("runs in `hashPassword()`");
  });

  it("on createCipher, ECB mode and DES", () => {
    const code = [
      'import crypto from "crypto";',
      'export const a = (key: string, text: string) => crypto.createCipher("aes-256-cbc", key).update(text, "utf8", "hex");',
      'export const b = (key: Buffer, text: string) => crypto.createCipheriv("aes-128-ecb", key, null).update(text);',
      'export const c = (key: Buffer, iv: Buffer) => crypto.createCipheriv("des-cbc", key, iv);',
    ].join("\n");
    const findings = findingsOf(weakCrypto, "src/crypto.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [2, "high"],
      [3, "high"],
      [4, "high"],
    ]);
    expect(findings[0]?.message).toContain("removed in Node.js 22");
    expect(findings[1]?.message).toContain("ECB");
  });

  it("on fixed IVs: zero buffer, string literal, module-level random", () => {
    const code = [
      'import { createCipheriv, randomBytes } from "crypto";',
      "const IV = randomBytes(16);",
      'export const a = (key: Buffer) => createCipheriv("aes-256-cbc", key, Buffer.alloc(16));',
      'export const b = (key: Buffer) => createCipheriv("aes-256-gcm", key, "0123456789ab");',
      'export const c = (key: Buffer) => createCipheriv("aes-256-cbc", key, IV);',
    ].join("\n");
    const findings = findingsOf(weakCrypto, "src/encrypt.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [3, "high"],
      [4, "high"],
      [5, "high"],
    ]);
    expect(findings[1]?.message).toContain("GCM nonce");
    expect(findings[2]?.message).toContain("created once when the module loads");
    expect(findings[0]?.fix).toContain("crypto.randomBytes(16)");
  });

  it("on low work factors: bcrypt, pbkdf2, argon2, RSA", () => {
    const code = [
      'import bcrypt from "bcrypt";',
      'import argon2 from "argon2";',
      'import crypto from "crypto";',
      "const SALT_ROUNDS = 8;",
      "export const a = (pw: string) => bcrypt.hash(pw, SALT_ROUNDS);",
      'export const b = (pw: string, salt: Buffer) => crypto.pbkdf2Sync(pw, salt, 10_000, 64, "sha256");',
      "export const c = (pw: string) => argon2.hash(pw, { memoryCost: 4096 });",
      'export const d = () => crypto.generateKeyPairSync("rsa", { modulusLength: 1024 });',
    ].join("\n");
    const findings = findingsOf(weakCrypto, "src/hashing.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [5, "medium"],
      [6, "medium"],
      [7, "medium"],
      [8, "medium"],
    ]);
    expect(findings[0]?.message).toContain("cost of 8");
    expect(findings[1]?.message).toContain("10,000 iterations of sha256");
    expect(findings[2]?.message).toContain("memoryCost: 4096");
  });

  it("at medium for an HMAC-like secret prefix hash and low for an OTP", () => {
    const code = [
      'const crypto = require("crypto");',
      'const signature = crypto.createHash("md5").update(SHARED + body).digest("hex");',
      'const otpHash = crypto.createHash("sha1").update(String(code)).digest("hex");',
    ].join("\n");
    const findings = findingsOf(weakCrypto, "src/webhook.js", code);
    expect(findings.map((finding) => finding.severity)).toEqual(["medium", "low"]);
  });
});

describe("security/weak-crypto: does not fire", () => {
  it("on MD5/SHA-1 for cache keys, ETags, checksums and Gravatar", () => {
    const code = [
      'import crypto from "crypto";',
      'const cacheKey = crypto.createHash("md5").update(JSON.stringify(query)).digest("hex");',
      'res.setHeader("ETag", crypto.createHash("sha1").update(body).digest("base64"));',
      "export function fileChecksum(buffer: Buffer) {",
      '  return crypto.createHash("md5").update(buffer).digest("hex");',
      "}",
      "export function gravatarUrl(email: string) {",
      '  return `https://www.gravatar.com/avatar/${crypto.createHash("md5").update(email.trim().toLowerCase()).digest("hex")}`;',
      "}",
      'const tokenCacheKey = crypto.createHash("sha1").update(token).digest("hex");',
    ].join("\n");
    expect(findingsOf(weakCrypto, "src/cache.ts", code)).toEqual([]);
  });

  it("on strong hashing and encryption with fresh IVs", () => {
    const code = [
      'import crypto from "crypto";',
      'import bcrypt from "bcryptjs";',
      "export const hash = (pw: string) => bcrypt.hash(pw, 12);",
      'export const digest = (password: string) => crypto.createHash("sha256").update(password).digest("hex");',
      "export function encrypt(key: Buffer, text: string) {",
      "  const iv = crypto.randomBytes(12);",
      '  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);',
      '  return Buffer.concat([iv, cipher.update(text, "utf8"), cipher.final(), cipher.getAuthTag()]);',
      "}",
      "export function decrypt(key: Buffer, data: Buffer) {",
      '  const decipher = crypto.createDecipheriv("aes-256-gcm", key, data.subarray(0, 12), { authTagLength: 16 });',
      "  decipher.setAuthTag(data.subarray(data.length - 16));",
      "  return Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]);",
      "}",
      'export const kdf = (pw: string, salt: Buffer) => crypto.pbkdf2Sync(pw, salt, 600_000, 32, "sha256");',
    ].join("\n");
    expect(findingsOf(weakCrypto, "src/crypto.ts", code)).toEqual([]);
  });

  it("on work factors that are not constants and on unrelated hash methods", () => {
    const code = [
      "const rounds = process.env.NODE_ENV === \"test\" ? 1 : 12;",
      "export const a = (pw) => bcrypt.hash(pw, rounds);",
      "export const b = (s) => objectHash.hash(s, 4);",
      "export const c = (pw) => argon2.hash(pw);",
      'export const d = (data) => crypto.createHash(algorithm).update(data).digest("hex");',
      "export const e = () => router.hash(8);",
    ].join("\n");
    expect(findingsOf(weakCrypto, "src/misc.js", code)).toEqual([]);
  });

  it("on md5 whose purpose cannot be told", () => {
    const code = ['import crypto from "crypto";', 'export const idOf = (row) => crypto.createHash("md5").update(`${row.a}:${row.b}`).digest("hex");'].join("\n");
    expect(findingsOf(weakCrypto, "src/ids.ts", code)).toEqual([]);
  });

  it("in test files", () => {
    const code = 'import crypto from "crypto";\nconst passwordHash = crypto.createHash("md5").update(password).digest("hex");';
    expect(findingsOf(weakCrypto, "test/fixtures/users.ts", code)).toEqual([]);
  });
});
