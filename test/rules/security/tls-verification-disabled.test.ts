import { describe, expect, it } from "vitest";
import { tlsVerificationDisabled } from "../../../rules/security/tls-verification-disabled.js";
import { findingsOf } from "../../helpers/rule-tester.js";

const RULE = "security/tls-verification-disabled";

describe("security/tls-verification-disabled: fires", () => {
  it("on an https.Agent for axios with rejectUnauthorized: false (ts)", () => {
    const code = [
      'import https from "node:https";',
      'import axios from "axios";',
      "export const partner = axios.create({",
      '  baseURL: "https://api.partner.example",',
      "  httpsAgent: new https.Agent({ rejectUnauthorized: false }),",
      "});",
    ].join("\n");
    const findings = findingsOf(tlsVerificationDisabled, "src/clients/partner.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: RULE, severity: "high", line: 5 });
    expect(findings[0]?.message).toContain("accepts any certificate");
    expect(findings[0]?.fix).toContain("NODE_EXTRA_CA_CERTS");
  });

  it("on pg ssl options with a CA-bundle message (js)", () => {
    const code = [
      'const { Pool } = require("pg");',
      "module.exports = new Pool({",
      "  connectionString: process.env.DATABASE_URL,",
      "  ssl: { rejectUnauthorized: false },",
      "});",
    ].join("\n");
    const findings = findingsOf(tlsVerificationDisabled, "db/pool.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "high", line: 4 });
    expect(findings[0]?.message).toContain("database `ssl` options");
    expect(findings[0]?.fix).toContain("CA bundle");
  });

  it("on NODE_TLS_REJECT_UNAUTHORIZED = '0' and request strictSSL: false", () => {
    const code = [
      'process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";',
      'request({ url: "https://internal.example/api", strictSSL: false }, callback);',
      "process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = 0;",
    ].join("\n");
    const findings = findingsOf(tlsVerificationDisabled, "scripts/sync.js", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [1, "high"],
      [2, "high"],
      [3, "high"],
    ]);
    expect(findings[0]?.message).toContain("every TLS connection this process makes");
  });

  it("on checkServerIdentity that accepts every host, and MongoDB tlsAllowInvalidCertificates", () => {
    const code = [
      'import tls from "node:tls";',
      "const socket = tls.connect({ host: \"broker.example\", port: 8883, checkServerIdentity: () => undefined });",
      "const mongo = new MongoClient(process.env.MONGO_URL!, { tls: true, tlsAllowInvalidCertificates: true });",
    ].join("\n");
    const findings = findingsOf(tlsVerificationDisabled, "src/broker.ts", code);
    expect(findings.map((finding) => finding.line)).toEqual([2, 3]);
    expect(findings[0]?.message).toContain("checkServerIdentity");
  });

  it("at medium inside a development-only branch, and at low for localhost", () => {
    const code = [
      'if (process.env.NODE_ENV === "development") {',
      '  process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";',
      "}",
      'const local = tls.connect({ host: "localhost", port: 8443, rejectUnauthorized: false });',
    ].join("\n");
    const findings = findingsOf(tlsVerificationDisabled, "src/dev.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [2, "medium"],
      [4, "low"],
    ]);
  });
});

describe("security/tls-verification-disabled: does not fire", () => {
  it("on verification left on, or a private CA", () => {
    const code = [
      'import fs from "node:fs";',
      "export const agent = new https.Agent({ rejectUnauthorized: true, ca: fs.readFileSync(\"ca.pem\") });",
      "export const pool = new Pool({ ssl: { ca: process.env.PG_CA_CERT } });",
      'process.env.NODE_TLS_REJECT_UNAUTHORIZED = "1";',
    ].join("\n");
    expect(findingsOf(tlsVerificationDisabled, "src/net.ts", code)).toEqual([]);
  });

  it("on a value computed from a production check", () => {
    const code = [
      'const isProduction = process.env.NODE_ENV === "production";',
      "export const pool = new Pool({ ssl: { rejectUnauthorized: isProduction } });",
      'export const agent = new https.Agent({ rejectUnauthorized: process.env.NODE_ENV === "production" });',
    ].join("\n");
    expect(findingsOf(tlsVerificationDisabled, "src/db.ts", code)).toEqual([]);
  });

  it("on look-alike options: insecure flags unrelated to HTTP, strictSSL true, real host checks", () => {
    const code = [
      "const cookieOpts = { insecure: true, sameSite: 'lax' };",
      "const npmConfig = { strictSSL: true };",
      "const opts = { checkServerIdentity: (host, cert) => tls.checkServerIdentity(host, cert) ?? pin(cert) };",
      "const flags = { rejectUnauthorizedCount: 0 };",
    ].join("\n");
    expect(findingsOf(tlsVerificationDisabled, "src/options.js", code)).toEqual([]);
  });

  it("in test files", () => {
    const code = 'process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";\nconst agent = new https.Agent({ rejectUnauthorized: false });';
    expect(findingsOf(tlsVerificationDisabled, "test/e2e/setup.ts", code)).toEqual([]);
    expect(findingsOf(tlsVerificationDisabled, "src/api.spec.ts", code)).toEqual([]);
  });
});
