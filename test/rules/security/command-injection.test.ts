import { describe, expect, it } from "vitest";
import { commandInjection } from "../../../rules/security/command-injection.js";
import { analyze, findingsOf, patchAdding } from "../../helpers/rule-tester.js";

const RULE = "security/command-injection";

describe("security/command-injection: fires", () => {
  it("on exec with a template interpolating req.query (critical, names the origin)", () => {
    const code = [
      'import { exec } from "node:child_process";',
      'app.get("/ping", (req, res) => {',
      "  exec(`ping -c 1 ${req.query.host}`, (err, stdout) => res.send(stdout));",
      "});",
    ].join("\n");
    const [finding, ...rest] = findingsOf(commandInjection, "src/routes/diagnostics.ts", code);
    expect(rest).toHaveLength(0);
    expect(finding).toMatchObject({ ruleId: RULE, severity: "critical", line: 3 });
    expect(finding?.message).toContain("`exec(…)`");
    expect(finding?.message).toContain("`req.query.host` (request input)");
    expect(finding?.fix).toContain("execFile");
  });

  it("on a promisified cp.exec fed a destructured body field through a local (js)", () => {
    const code = [
      "const cp = require('child_process');",
      "const util = require('util');",
      "const run = util.promisify(cp.exec);",
      "router.post('/convert', async (req, res) => {",
      "  const { filename } = req.body;",
      "  const command = 'convert uploads/' + filename + ' -resize 200x200 thumbs/' + filename;",
      "  const { stdout } = await run(command);",
      "  res.json({ stdout });",
      "});",
    ].join("\n");
    const findings = findingsOf(commandInjection, "server/convert.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "critical", line: 7 });
    expect(findings[0]?.message).toContain("`filename` (from `req.body`, request input)");
  });

  it("on spawn with shell: true and a request value in the argument array", () => {
    const code = [
      'import { spawn } from "child_process";',
      "export async function archive(req: Request, res: Response) {",
      "  const proc = spawn('tar', ['-czf', 'out.tgz', req.params.dir], { shell: true });",
      "  proc.on('close', () => res.end());",
      "}",
    ].join("\n");
    const findings = findingsOf(commandInjection, "src/archive.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "critical", line: 3 });
    expect(findings[0]?.message).toContain("with `shell`");
  });

  it("on spawn('sh', ['-c', script]) with a Koa query value", () => {
    const code = [
      "const { spawn } = require('node:child_process');",
      "router.get('/grep', async (ctx) => {",
      "  spawn('sh', ['-c', `grep -r ${ctx.query.pattern} ./logs`]);",
      "});",
    ].join("\n");
    const findings = findingsOf(commandInjection, "src/grep.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain("with `sh -c`");
    expect(findings[0]?.severity).toBe("critical");
  });

  it("on shelljs exec and execa's execaCommand with request input", () => {
    const code = [
      'import shell from "shelljs";',
      'import { execaCommand } from "execa";',
      'app.post("/deploy", async (req, res) => {',
      "  shell.exec(`git checkout ${req.body.branch}`);",
      "  await execaCommand('npm run ' + req.body.script);",
      "  res.sendStatus(204);",
      "});",
    ].join("\n");
    const findings = findingsOf(commandInjection, "src/deploy.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [4, "critical"],
      [5, "critical"],
    ]);
    // execaCommand splits on spaces without a shell: the risk is injected arguments.
    expect(findings[1]?.message).toContain("runs a command line built from `req.body.script`");
  });

  it("on execSync concatenating a helper's parameter (medium: not proven to be user input)", () => {
    const code = [
      'import { execSync } from "child_process";',
      "export function cloneRepository(repoUrl: string, target: string) {",
      "  execSync(`git clone --depth 1 ${repoUrl} ${target}`, { stdio: 'inherit' });",
      "}",
    ].join("\n");
    const findings = findingsOf(commandInjection, "src/workspace/clone.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "medium", line: 3 });
    expect(findings[0]?.message).toContain("`repoUrl` and `target`");
    expect(findings[0]?.message).toContain("are not constants");
  });

  it("on a request-derived program name in spawn without a shell", () => {
    const code = [
      "const childProcess = require('child_process');",
      "app.post('/tools/run', (req, res) => {",
      "  const child = childProcess.spawn(req.body.tool, ['--version']);",
      "  child.stdout.pipe(res);",
      "});",
    ].join("\n");
    const findings = findingsOf(commandInjection, "src/tools.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain("starts the program named by `req.body.tool`");
    expect(findings[0]?.severity).toBe("critical");
  });

  it("on a parameter of an exported handler-shaped function (high: low-confidence source)", () => {
    const code = [
      'import { exec } from "child_process";',
      "export function backupHandler(database: string) {",
      "  exec('pg_dump ' + database + ' > /backups/db.sql');",
      "}",
    ].join("\n");
    const findings = findingsOf(commandInjection, "src/backup.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe("high");
    expect(findings[0]?.message).toContain("looks like client input");
  });
});

describe("security/command-injection: does not fire", () => {
  const safe: Array<[string, string, string]> = [
    [
      "execFile with an argument array (no shell parses it)",
      "src/a.ts",
      [
        'import { execFile } from "node:child_process";',
        'app.get("/ping", (req, res) => {',
        "  execFile('ping', ['-c', '1', '--', req.query.host], (err, out) => res.send(out));",
        "});",
      ].join("\n"),
    ],
    [
      "spawn of a constant program with request arguments and shell: false",
      "src/b.js",
      [
        "const { spawn } = require('child_process');",
        "router.get('/log', (req, res) => {",
        "  spawn('git', ['log', '--oneline', req.query.ref], { shell: false }).stdout.pipe(res);",
        "});",
      ].join("\n"),
    ],
    [
      "a value checked against an allowlist before it reaches exec",
      "src/c.ts",
      [
        'import { exec } from "child_process";',
        "const SERVICES = ['api', 'worker', 'scheduler'];",
        'app.post("/restart", (req, res) => {',
        "  const service = req.body.service;",
        "  if (!SERVICES.includes(service)) return res.status(400).end();",
        "  exec(`systemctl restart ${service}`, () => res.end());",
        "});",
      ].join("\n"),
    ],
    [
      "a value matched against a strict pattern and a shell-quoted value",
      "src/d.ts",
      [
        'import { execSync } from "child_process";',
        'import { quote } from "shell-quote";',
        'app.get("/whois", (req, res) => {',
        "  const domain = String(req.query.domain);",
        "  if (!/^[a-z0-9.-]+$/i.test(domain)) throw new Error('bad domain');",
        "  res.send(execSync(`whois ${domain}`));",
        "  res.send(execSync(`dig ${quote([req.query.name])}`));",
        "});",
      ].join("\n"),
    ],
    [
      "commands built from constants, process.env, __dirname and numbers",
      "src/e.ts",
      [
        "const { execSync } = require('child_process');",
        "const path = require('path');",
        "const RETRIES = 3;",
        "function migrate(port: number) {",
        "  execSync(`node ${path.join(__dirname, 'migrate.js')} --retries ${RETRIES} --port ${port}`);",
        "  execSync('pg_dump ' + process.env.DATABASE_URL + ' > backup.sql');",
        "}",
      ].join("\n"),
    ],
    [
      "exec methods that are not child_process (regex, database, Prisma, a local function)",
      "src/f.ts",
      [
        "const match = /id=(\\d+)/.exec(req.query.q);",
        "db.exec(`CREATE TABLE ${name} (id INTEGER)`);",
        "await prisma.$executeRaw`DELETE FROM t`;",
        "function exec(script: string) { return runner.run(script); }",
        "exec(`build ${req.body.target}`);",
      ].join("\n"),
    ],
    [
      "a wrapper passing a caller's command through unchanged, and one adding flags",
      "src/g.ts",
      [
        'import { execSync } from "child_process";',
        "export function run(command: string) {",
        "  return execSync(command, { encoding: 'utf8' });",
        "}",
        "export function runJson(command: string) {",
        "  return JSON.parse(execSync(`${command} --json`, { encoding: 'utf8' }));",
        "}",
      ].join("\n"),
    ],
    [
      "execa's template tag and execa without a shell",
      "src/h.ts",
      [
        'import { $, execa } from "execa";',
        'app.post("/fmt", async (req, res) => {',
        "  await $`prettier --write ${req.body.file}`;",
        "  await execa('prettier', ['--write', req.body.file]);",
        "  res.end();",
        "});",
      ].join("\n"),
    ],
    [
      "server-made values: a temporary directory, a random id, a child's pid, an uploaded file's stored path",
      "src/j.ts",
      [
        'import { execSync } from "node:child_process";',
        'import { mkdtempSync } from "node:fs";',
        'import { randomBytes } from "node:crypto";',
        'app.post("/thumb", upload.single("image"), (req, res) => {',
        "  const dir = mkdtempSync(path.join(os.tmpdir(), 'thumb-'));",
        "  const name = randomBytes(8).toString('hex');",
        "  execSync(`convert ${req.file.path} -resize 128x128 ${dir}/${name}.png`);",
        "  execSync(`kill -0 ${worker.pid}`);",
        "  res.end();",
        "});",
      ].join("\n"),
    ],
    [
      "a release script building commands from its own arguments",
      "scripts/release.js",
      [
        "const { execSync } = require('child_process');",
        "function tag(version) {",
        "  execSync(`git tag v${version} && git push origin v${version}`);",
        "}",
      ].join("\n"),
    ],
    [
      "a switch over a request value choosing the case before exec",
      "src/i.js",
      [
        "const { exec } = require('child_process');",
        "app.post('/svc', (req, res) => {",
        "  switch (req.body.action) {",
        "    case 'start':",
        "    case 'stop':",
        "      exec('service nginx ' + req.body.action);",
        "      break;",
        "  }",
        "});",
      ].join("\n"),
    ],
  ];

  it.each(safe)("%s", (_name, path, code) => {
    expect(findingsOf(commandInjection, path, code)).toEqual([]);
  });

  it("skips test files", () => {
    const code = ["import { exec } from 'child_process';", "app.get('/x', (req) => exec('ls ' + req.query.dir));"].join("\n");
    expect(findingsOf(commandInjection, "src/__tests__/exec.test.ts", code)).toEqual([]);
  });
});

describe("security/command-injection: review scope", () => {
  it("reports only lines the pull request adds", () => {
    const code = [
      "const { exec } = require('child_process');",
      "app.get('/a', (req) => exec('ls ' + req.query.a));",
      "app.get('/b', (req) => exec('ls ' + req.query.b));",
    ].join("\n");
    const { findings } = analyze([commandInjection], [{ path: "src/ls.js", content: code, patch: patchAdding(code, [3]) }], { mode: "review" });
    expect(findings.map((finding) => finding.line)).toEqual([3]);
  });
});
