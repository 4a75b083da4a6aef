// security/code-injection: text evaluated as JavaScript (`eval`, `new Function`, string timers,
// `vm`, vm2) or a module path loaded with `require`/`import()` built from non-constant values.
// Candidates are collected during the walk and judged at the end of the file, when every local
// write is known.
import { ts } from "ts-morph";
import { defineTsRule } from "../../src/analysis/rule.js";
import { taintOf, type Taint } from "../../src/analysis/taint.js";
import { calleeName, calleeReceiver, findLocalBinding, isConstantExpression, propertyChain, shortText, TEST_PATH_GLOBS, unwrapExpression } from "../../src/analysis/ts-helpers.js";
import { describeTaint, isDevToolingPath, isGuarded, isServerValue, moduleRefOf, severityForTaint, splicedParts, uniqueParts } from "../../src/analysis/sink-flow.js";

type SinkKind = "eval" | "function" | "timer" | "vm" | "vm2" | "module";

interface Sink {
  node: ts.CallExpression | ts.NewExpression;
  kind: SinkKind;
  /** The arguments that hold code (or the module path). */
  code: ts.Expression[];
}

const GLOBAL_OBJECTS = new Set(["window", "globalThis", "global", "self"]);
const CALL_NAMES = new Set(["eval", "Function", "setTimeout", "setInterval", "runInContext", "runInNewContext", "runInThisContext", "compileFunction", "run", "require"]);
const NEW_NAMES = new Set(["Function", "Script", "SourceTextModule", "VMScript"]);
const VM_CALLS = new Set(["runInContext", "runInNewContext", "runInThisContext", "compileFunction"]);
const VM_CLASSES = new Set(["Script", "SourceTextModule"]);
const VM2_CLASSES = new Set(["VM", "NodeVM"]);

/** `JSON.stringify(x)` makes a valid JavaScript literal of any value: splicing it into code is safe. */
function isCodeSanitizer(call: ts.CallExpression): boolean {
  const chain = propertyChain(call.expression);
  return (chain?.[0] === "JSON" && chain[1] === "stringify") || /^(escape\w*|sanitize\w*|validate\w*|assert\w*)$/.test(calleeName(call) ?? "");
}

/** Whether `identifier` is not declared in this file (a name never declared needs no scope lookup). */
function isUndeclared(identifier: ts.Identifier, declared: ReadonlySet<string>): boolean {
  return !declared.has(identifier.text) || findLocalBinding(identifier) === undefined;
}

/** `eval`, `window.eval`, `globalThis.setTimeout`: the global, not a local or an import of the same name. */
function isGlobal(expression: ts.Expression, name: string, declared: ReadonlySet<string>): boolean {
  const node = unwrapExpression(expression);
  if (ts.isIdentifier(node)) return node.text === name && isUndeclared(node, declared);
  const chain = propertyChain(node);
  if (!chain || chain.length !== 2 || chain[1] !== name || !GLOBAL_OBJECTS.has(chain[0]!)) return false;
  const root = unwrapExpression((node as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression);
  return ts.isIdentifier(root) && isUndeclared(root, declared);
}

/** Whether a value is text (so a timer would evaluate it) rather than a function. */
function isStringish(expression: ts.Expression, depth = 0): boolean {
  const node = unwrapExpression(expression);
  if (depth > 3) return false;
  if (ts.isStringLiteralLike(node) || ts.isTemplateExpression(node)) return true;
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return isStringish(node.left, depth + 1) || isStringish(node.right, depth + 1);
  if (ts.isCallExpression(node)) return ["String", "toString", "join", "concat"].includes(calleeName(node) ?? "");
  if (ts.isIdentifier(node)) {
    const binding = findLocalBinding(node);
    return binding?.kind === "variable" && binding.declarationKind === "const" && binding.initializer !== undefined && isStringish(binding.initializer, depth + 1);
  }
  return false;
}

/** The vm2 sandbox a `.run()` is called on: `new VM(…).run(code)` or `const vm = new NodeVM(…); vm.run(code)`. */
function isVm2Instance(receiver: ts.Expression, declared: ReadonlySet<string>): boolean {
  let node = unwrapExpression(receiver);
  if (ts.isIdentifier(node)) {
    if (!declared.has(node.text)) return false;
    const binding = findLocalBinding(node);
    if (binding?.kind !== "variable" || !binding.initializer) return false;
    node = unwrapExpression(binding.initializer);
  }
  if (!ts.isNewExpression(node)) return false;
  const ref = moduleRefOf(node.expression, declared);
  return ref?.module === "vm2" && ref.member !== undefined && VM2_CLASSES.has(ref.member);
}

function codeArguments(node: ts.CallExpression | ts.NewExpression, count: number): ts.Expression[] {
  return (node.arguments ?? []).slice(0, count).filter((argument) => !ts.isSpreadElement(argument));
}

function sinkOf(node: ts.CallExpression | ts.NewExpression, declared: ReadonlySet<string>): Sink | undefined {
  const name = calleeName(node);
  if (name === undefined) {
    // `import(x)`
    const callee = unwrapExpression(node.expression);
    return ts.isCallExpression(node) && callee.kind === ts.SyntaxKind.ImportKeyword ? { node, kind: "module", code: codeArguments(node, 1) } : undefined;
  }
  if (ts.isNewExpression(node)) {
    if (!NEW_NAMES.has(name)) return undefined;
    if (name === "Function") return isGlobal(node.expression, "Function", declared) ? { node, kind: "function", code: [...(node.arguments ?? [])].map((argument) => (ts.isSpreadElement(argument) ? argument.expression : argument)) } : undefined;
    const ref = moduleRefOf(node.expression, declared);
    if (ref?.module === "vm" && ref.member !== undefined && VM_CLASSES.has(ref.member)) return { node, kind: "vm", code: codeArguments(node, 1) };
    if (ref?.module === "vm2" && ref.member === "VMScript") return { node, kind: "vm2", code: codeArguments(node, 1) };
    return undefined;
  }
  if (!CALL_NAMES.has(name)) return undefined;
  if (name === "eval") return isGlobal(node.expression, "eval", declared) ? { node, kind: "eval", code: codeArguments(node, 1) } : undefined;
  if (name === "Function") return isGlobal(node.expression, "Function", declared) ? { node, kind: "function", code: node.arguments.map((argument) => (ts.isSpreadElement(argument) ? argument.expression : argument)) } : undefined;
  if (name === "setTimeout" || name === "setInterval") return isGlobal(node.expression, name, declared) ? { node, kind: "timer", code: codeArguments(node, 1) } : undefined;
  if (name === "require") return isGlobal(node.expression, "require", declared) ? { node, kind: "module", code: codeArguments(node, 1) } : undefined;
  if (name === "run") {
    const receiver = calleeReceiver(node);
    return receiver && isVm2Instance(receiver, declared) ? { node, kind: "vm2", code: codeArguments(node, 1) } : undefined;
  }
  const ref = moduleRefOf(node.expression, declared);
  return ref?.module === "vm" && ref.member !== undefined && VM_CALLS.has(ref.member) ? { node, kind: "vm", code: codeArguments(node, 1) } : undefined;
}

const MODULE_FIX =
  "Do not build module paths from the request: map the allowed names to modules with a fixed object (`const EXPORTERS = { csv: () => import(\"./exporters/csv.js\") }`) and reject anything else, or check the name against an allowlist before loading.";
const VM_FIX =
  "`vm` is not a security boundary and vm2 is deprecated with known sandbox escapes: run untrusted scripts in a separate process or an isolate (`isolated-vm`) with no access to the host, and pass data to trusted code instead of generating code from it.";

function callLabel(sink: Sink, sourceFile: ts.SourceFile): string {
  const prefix = ts.isNewExpression(sink.node) ? "new " : "";
  return `${prefix}${shortText(sink.node.expression, sourceFile, 40)}(…)`;
}

export const codeInjection = defineTsRule({
  meta: {
    id: "security/code-injection",
    category: "security",
    severity: "critical",
    title: "Code evaluated from request input or other non-constant text",
    description:
      "Detects JavaScript evaluated from non-constant text: the global `eval`, `new Function(…)`/`Function(…)`, `setTimeout`/`setInterval` given a string, `vm.runInContext`/`runInNewContext`/`runInThisContext`/`compileFunction`/`new vm.Script` (resolved to the `vm` import), vm2's `new VM().run(…)`/`NodeVM`/`VMScript`, and `require(…)`/`import(…)` of a module path built from request input. It is critical when the code comes from request input (followed through locals, templates and concatenation), high when it comes from a parameter that only looks client-controlled or from a non-constant value of unknown origin. It deliberately does not fire on constant code, on values spliced in through `JSON.stringify` (a valid literal), on timers given a function, on locals or imports that shadow `eval`/`setTimeout`, on values checked against an allowlist earlier in the function, on dynamic `import()`/`require()` of a variable that is not request input (plugin loaders and lazy routes are common and fine), in tests, and, for unknown-origin values, in build and developer scripts.",
    why: "Evaluated text runs with the full privileges of the process: whoever controls it can read environment secrets, the file system and the database, and run commands through `child_process`.",
    fix: "Do not evaluate text: parse data with `JSON.parse`, look operations up in a fixed object (`const OPS = { add: (a, b) => a + b }`) instead of building code, pass a function to `setTimeout`, and embed values in generated code only through `JSON.stringify`. Run user-supplied scripts out of process or in an isolate (`isolated-vm`), never in `vm` or vm2.",
    defaultIgnore: [...TEST_PATH_GLOBS],
  },
  create(context) {
    const { sourceFile } = context;
    const { writes } = context.facts;
    const candidates: Array<ts.CallExpression | ts.NewExpression> = [];
    const declared = { names: context.facts.declaredNames };
    const devTooling = isDevToolingPath(context.file.path);
    const trusted = (value: ts.Expression): boolean => isServerValue(value, isCodeSanitizer, 0);
    const taint = (value: ts.Expression): Taint | undefined => taintOf(value, sourceFile, { writes, isSanitizer: isCodeSanitizer });

    const judge = (sink: Sink): void => {
      const label = callLabel(sink, sourceFile);
      if (sink.code.length === 0 || sink.code.every((argument) => isConstantExpression(argument))) return;
      if (sink.kind === "timer" && !isStringish(sink.code[0]!) && !taint(sink.code[0]!)) return;

      if (sink.kind === "module") {
        // Only request input counts here: loading a computed path is a common, legitimate pattern.
        const [path] = sink.code;
        for (const part of path ? splicedParts(path, writes, trusted).parts : []) {
          const found = taint(part);
          if (!found || found.confidence !== "high" || isGuarded(sink.node, part, "allowlist", sourceFile)) continue;
          context.report({
            node: sink.node,
            message: `\`${label}\` loads a module path built from ${describeTaint(part, found, sourceFile)}: with \`../\` the sender can load and run any file the process can read, including uploaded ones.`,
            fix: MODULE_FIX,
          });
          return;
        }
        return;
      }

      const taintedParts: Array<{ part: ts.Expression; taint: Taint }> = [];
      const unknownParts: Array<{ part: ts.Expression }> = [];
      for (const argument of sink.code) {
        for (const part of splicedParts(argument, writes, trusted).parts) {
          if (isGuarded(sink.node, part, "allowlist", sourceFile)) continue;
          const found = taint(part);
          if (found) taintedParts.push({ part, taint: found });
          else unknownParts.push({ part });
        }
      }
      const tainted = uniqueParts(taintedParts, sourceFile);
      const unknown = uniqueParts(unknownParts, sourceFile).map((entry) => entry.part);
      const what = sink.kind === "timer" ? "evaluates a string of code" : sink.kind === "vm" || sink.kind === "vm2" ? "runs a script" : "evaluates code";
      const fix = sink.kind === "vm" || sink.kind === "vm2" ? VM_FIX : undefined;
      if (tainted.length > 0) {
        const strongest = tainted.find((entry) => entry.taint.confidence === "high") ?? tainted[0]!;
        const names = tainted.slice(0, 2).map((entry) => describeTaint(entry.part, entry.taint, sourceFile));
        context.report({
          node: sink.node,
          severity: severityForTaint(strongest.taint, "critical", "high"),
          message: `\`${label}\` ${what} built from ${names.join(" and ")}${tainted.length > 2 ? ` and ${tainted.length - 2} more` : ""}: the sender can run any JavaScript in this process.`,
          ...(fix ? { fix } : {}),
        });
        return;
      }
      if (unknown.length === 0 || devTooling) return;
      const names = unknown.slice(0, 2).map((part) => `\`${shortText(part, sourceFile, 40)}\``);
      const plural = unknown.length > 1;
      context.report({
        node: sink.node,
        severity: "high",
        message: `\`${label}\` ${what} built from ${names.join(" and ")}${unknown.length > 2 ? ` and ${unknown.length - 2} more` : ""}, which ${plural ? "are not constants" : "is not a constant"}: if user input ever reaches ${plural ? "them" : "it"}, the sender can run any JavaScript in this process.`,
        ...(fix ? { fix } : {}),
      });
    };

    return {
      CallExpression(node) {
        const name = calleeName(node);
        if ((name !== undefined && CALL_NAMES.has(name)) || (name === undefined && node.expression.kind === ts.SyntaxKind.ImportKeyword)) candidates.push(node);
      },
      NewExpression(node) {
        const name = calleeName(node);
        if (name !== undefined && NEW_NAMES.has(name)) candidates.push(node);
      },
      "SourceFile:exit"() {
        for (const candidate of candidates) {
          const sink = sinkOf(candidate, declared.names);
          if (sink) judge(sink);
        }
      },
    };
  },
});
