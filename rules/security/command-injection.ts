// security/command-injection: OS commands built from request input (or any non-constant text)
// and handed to a shell. Sinks are resolved to their module (`child_process`, shelljs, execa,
// cross-spawn), so `regex.exec()` or `db.exec()` never match. Candidate calls are collected during
// the walk and judged at the end of the file, when every import, alias and local write is known.
import { ts } from "ts-morph";
import { defineTsRule } from "../../src/analysis/rule.js";
import {
  calleeName,
  findLocalBinding,
  isConstantExpression,
  shortText,
  TEST_PATH_GLOBS,
  unwrapExpression,
} from "../../src/analysis/ts-helpers.js";
import type { Visitors } from "../../src/analysis/visitors.js";
import { boundNames } from "../../src/analysis/file-facts.js";

import { taintOf, type Taint } from "../../src/analysis/taint.js";
import { moduleName, propertyNameText, type ModuleRef, arrayElements, describeTaint, isDevToolingPath, isGuarded, isServerValue, leadingValue, looksLikeModuleBinding, moduleRefOf, severityForTaint, splicedParts, uniqueParts } from "../../src/analysis/sink-flow.js";

// ---- The rule ---------------------------------------------------------------------------------

type SinkShape = "shell" | "split" | "program";

const CHILD_PROCESS_MODULES = new Set(["child_process", "child-process-promise", "promisify-child-process"]);
const SINK_MODULES = new Set([...CHILD_PROCESS_MODULES, "shelljs", "execa", "cross-spawn"]);
/** Method or function names worth resolving; aliases (`const run = promisify(exec)`) are added per file. */
const SINK_NAMES = new Set(["exec", "execSync", "spawn", "spawnSync", "execFile", "execFileSync", "execa", "execaSync", "execaCommand", "execaCommandSync", "command", "commandSync", "sync", "shell", "shellSync"]);
const SHELLS = new Set(["sh", "bash", "zsh", "dash", "ksh", "ash", "fish", "cmd", "cmd.exe", "powershell", "powershell.exe", "pwsh"]);
const SHELL_SCRIPT_FLAGS = new Set(["-c", "/c", "/C", "-Command", "-command", "-lc", "-ic"]);

function shapeOf(ref: ModuleRef): SinkShape | undefined {
  const member = ref.member;
  if (CHILD_PROCESS_MODULES.has(ref.module)) {
    if (member === "exec" || member === "execSync") return "shell";
    if (member === "spawn" || member === "spawnSync" || member === "execFile" || member === "execFileSync") return "program";
    return undefined;
  }
  if (ref.module === "shelljs") return member === "exec" ? "shell" : undefined;
  if (ref.module === "cross-spawn") return member === undefined || member === "sync" || member === "spawn" ? "program" : undefined;
  if (ref.module === "execa") {
    if (member === undefined || member === "execa" || member === "execaSync" || member === "sync") return "program";
    if (member === "execaCommand" || member === "execaCommandSync" || member === "command" || member === "commandSync") return "split";
    if (member === "shell" || member === "shellSync") return "shell";
  }
  return undefined;
}

const SHELL_SANITIZER = /^(shell[-_]?(escape|quote)|escape[-_]?shell\w*|quote|shq|shellescape|sanitize\w*|escape\w*|validate\w*|assert\w*|ensure\w*|verify\w*)$/i;

function isShellSanitizer(call: ts.CallExpression): boolean {
  return SHELL_SANITIZER.test(calleeName(call) ?? "");
}

/** The options object of `spawn(cmd, args?, options?)`: literal, or a local `const` bound to one. */
function optionsObject(call: ts.CallExpression): ts.ObjectLiteralExpression | undefined {
  for (const argument of call.arguments.slice(1, 3)) {
    let node = unwrapExpression(argument);
    if (ts.isIdentifier(node)) {
      const binding = findLocalBinding(node);
      if (binding?.kind !== "variable" || binding.declarationKind !== "const" || !binding.initializer) continue;
      node = unwrapExpression(binding.initializer);
    }
    if (ts.isObjectLiteralExpression(node)) return node;
  }
  return undefined;
}

/** Whether the options ask for a shell: `shell: true`, `shell: "/bin/bash"`, `shell: isWindows`; not `shell: false`. */
function usesShell(call: ts.CallExpression): ts.Node | undefined {
  const options = optionsObject(call);
  for (const property of options?.properties ?? []) {
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === "shell") return property;
    if (!ts.isPropertyAssignment(property) || propertyNameText(property.name) !== "shell") continue;
    const value = unwrapExpression(property.initializer);
    if (value.kind === ts.SyntaxKind.FalseKeyword || (ts.isIdentifier(value) && value.text === "undefined")) return undefined;
    return property;
  }
  return undefined;
}

/** The argument array of `spawn(program, args)`, when given. */
function argumentArray(call: ts.CallExpression): ts.Expression | undefined {
  const second = call.arguments[1];
  if (!second || ts.isSpreadElement(second)) return undefined;
  const node = unwrapExpression(second);
  return ts.isObjectLiteralExpression(node) ? undefined : second;
}

interface SplicedFinding {
  part: ts.Expression;
  taint: Taint | undefined;
}

export const commandInjection = defineTsRule({
  meta: {
    id: "security/command-injection",
    category: "security",
    severity: "critical",
    title: "OS command built from request input or other non-constant text",
    description:
      "Detects shell commands built from non-constant text: `child_process.exec`/`execSync` (also promisified or destructured), `spawn`/`spawnSync`/`execFile`/`execFileSync` and cross-spawn with `shell` enabled or with an explicit `sh -c`/`cmd /c` script, shelljs `exec`, and execa with `shell: true` or `execaCommand`/`execa.command`. The sink is resolved to its import or `require`, so `regex.exec()`, `db.exec()` and other `exec` methods never match. It is critical when a value spliced into the command comes from request input (`req.query`, `req.body`, Koa/Fastify/Next.js/Lambda/NestJS sources, followed through locals), high when the value is a parameter that only looks client-controlled, and medium when the command is built by interpolation or concatenation from a value of unknown origin. It deliberately does not fire on argument arrays without a shell (`spawn(\"git\", [\"log\", ref])`: no shell parses them; only a request-derived program is reported), on constant commands or commands built from constants, numbers, `process.env`/`process.argv`, `__dirname`, `path.join` of those or shell-escaped values (`shell-quote`'s `quote`, `shellescape`), on values checked against an allowlist or a regular expression earlier in the function, on a command passed through unchanged from a caller, on the template tags of execa and zx (which escape), in tests, and, for unknown-origin values, in build and developer scripts.",
    why: "A shell interprets `;`, `|`, `&&`, backticks and `$(…)` in the command text: whoever controls part of it runs any program on the server with the service's privileges, reads its secrets and moves laterally.",
    fix: 'Do not use a shell: call `execFile`/`spawn` with a constant program and an argument array (`execFile("convert", [input, "-resize", size, output])`), validate values against an allowlist or a strict pattern first, and put `--` before user-supplied operands so they cannot become options. If a shell is unavoidable, quote every value with a vetted library (`shell-quote`).',
    defaultIgnore: [...TEST_PATH_GLOBS],
  },
  create(context) {
    const { sourceFile } = context;
    const { writes } = context.facts;
    const aliases = new Set<string>();
    const declared = { names: context.facts.declaredNames };
    const candidates: ts.CallExpression[] = [];
    const devTooling = isDevToolingPath(context.file.path);
    const trusted = (value: ts.Expression): boolean => isServerValue(value, isShellSanitizer, 0);
    const taint = (value: ts.Expression): Taint | undefined => taintOf(value, sourceFile, { writes, isSanitizer: isShellSanitizer });

    /** Text run by a shell: every request-derived part is reported; unknown parts only when the text is built here. */
    const judgeShellText = (call: ts.CallExpression, label: string, texts: ts.Expression[], split = false): void => {
      const findings: SplicedFinding[] = [];
      let built = false;
      const leading = texts[0] && leadingValue(texts[0]);
      for (const text of texts) {
        const spliced = splicedParts(text, writes, trusted);
        built ||= spliced.built;
        for (const part of spliced.parts) {
          if (isGuarded(call, part, "allowlist", sourceFile)) continue;
          findings.push({ part, taint: taint(part) });
        }
      }
      const tainted = uniqueParts(findings.filter((finding) => finding.taint !== undefined), sourceFile);
      if (tainted.length > 0) {
        const strongest = tainted.find((finding) => finding.taint?.confidence === "high") ?? tainted[0]!;
        const names = tainted.slice(0, 2).map((finding) => describeTaint(finding.part, finding.taint!, sourceFile));
        const more = tainted.length > 2 ? ` and ${tainted.length - 2} more` : "";
        context.report({
          node: call,
          severity: severityForTaint(strongest.taint!, "critical", "high"),
          message: split
            ? `\`${label}\` runs a command line built from ${names.join(" and ")}${more}: every space in it starts a new argument (\`--output=/etc/…\`, \`-exec\`), and a leading value picks the program.`
            : `\`${label}\` runs a shell command built from ${names.join(" and ")}${more}: a \`;\`, \`|\` or \`$(…)\` in it runs any command on the server.`,
        });
        return;
      }
      // A command that merely starts with a caller's value (`${cmd} --json`) is judged where it is made.
      const unknown = uniqueParts(findings.filter((finding) => finding.part !== leading), sourceFile);
      if (!built || unknown.length === 0 || devTooling) return;
      const named = unknown.slice(0, 2).map((finding) => `\`${shortText(finding.part, sourceFile, 40)}\``);
      const plural = unknown.length > 1;
      context.report({
        node: call,
        severity: "medium",
        message: `\`${label}\` runs a ${split ? "command line" : "shell command"} built from ${named.join(" and ")}${unknown.length > 2 ? ` and ${unknown.length - 2} more` : ""}, which ${plural ? "are not constants" : "is not a constant"}: if user input ever reaches ${plural ? "them" : "it"}, the sender can ${split ? "inject arguments or choose the program" : "run any command on the server"}.`,
      });
    };

    const judge = (call: ts.CallExpression): void => {
      const ref = moduleRefOf(call.expression, declared.names);
      const shape = ref && shapeOf(ref);
      const [first] = call.arguments;
      if (!shape || !first || ts.isSpreadElement(first)) return;
      const label = `${shortText(call.expression, sourceFile, 40)}(…)`;
      if (shape === "shell" || shape === "split") {
        judgeShellText(call, label, [first], shape === "split");
        return;
      }
      const args = argumentArray(call);
      if (usesShell(call)) {
        // Node joins the program and its arguments with spaces and hands the line to the shell.
        const elements = args ? (arrayElements(args, writes) ?? [args]) : [];
        judgeShellText(call, `${label} with \`shell\``, [first, ...elements]);
        return;
      }
      // `spawn("sh", ["-c", script])`: the script is shell text.
      const program = unwrapExpression(first);
      const elements = args ? arrayElements(args, writes) : undefined;
      if (ts.isStringLiteralLike(program) && SHELLS.has(program.text.split("/").at(-1)!) && elements) {
        const flag = elements.findIndex((element) => {
          const node = unwrapExpression(element);
          return ts.isStringLiteralLike(node) && SHELL_SCRIPT_FLAGS.has(node.text);
        });
        const script = flag >= 0 ? elements[flag + 1] : undefined;
        if (script) judgeShellText(call, `${label} with \`${program.text} ${(unwrapExpression(elements[flag]!) as ts.StringLiteral).text}\``, [script]);
        return;
      }
      // Without a shell only the program itself matters.
      if (isConstantExpression(program) || trusted(program) || isGuarded(call, program, "allowlist", sourceFile)) return;
      const programTaint = taint(program);
      if (!programTaint) return;
      context.report({
        node: call,
        severity: severityForTaint(programTaint, "critical", "high"),
        message: `\`${label}\` starts the program named by ${describeTaint(program, programTaint, sourceFile)}: the sender chooses which executable runs on the server.`,
        fix: "Never let the request choose the executable: map the request to one of a fixed set of programs (`const TOOLS = { resize: \"convert\" }`), and pass user values only as arguments, after `--`.",
      });
    };

    const visitors: Visitors = {
      ImportDeclaration(node) {
        if (!ts.isStringLiteral(node.moduleSpecifier) || !SINK_MODULES.has(moduleName(node.moduleSpecifier.text))) return;
        const clause = node.importClause;
        if (clause?.name) aliases.add(clause.name.text);
        const named = clause?.namedBindings;
        if (named && ts.isNamespaceImport(named)) aliases.add(named.name.text);
        if (named && ts.isNamedImports(named)) for (const element of named.elements) aliases.add(element.name.text);
      },
      VariableDeclaration(node) {
        if (looksLikeModuleBinding(node.initializer, aliases)) boundNames(node.name, aliases);
      },
      CallExpression(node) {
        const callee = unwrapExpression(node.expression);
        const name = calleeName(node);
        if ((name !== undefined && SINK_NAMES.has(name)) || ts.isIdentifier(callee)) candidates.push(node);
      },
      "SourceFile:exit"() {
        for (const call of candidates) {
          const callee = unwrapExpression(call.expression);
          const name = calleeName(call);
          if (ts.isIdentifier(callee) && !SINK_NAMES.has(callee.text) && !aliases.has(callee.text)) continue;
          if (!ts.isIdentifier(callee) && (name === undefined || !SINK_NAMES.has(name))) continue;
          judge(call);
        }
      },
    };
    return visitors;
  },
});
