// security/unsafe-deserialization: deserializers that revive functions or evaluate their input
// (node-serialize, serialize-to-js, funcster, cryo, js-yaml with the JavaScript types), resolved
// to their import or `require` so same-named functions elsewhere never match.
import { ts } from "ts-morph";
import { taintOf } from "../../src/analysis/taint.js";
import { defineTsRule } from "../../src/analysis/rule.js";
import type { Visitors } from "../../src/analysis/visitors.js";
import { calleeName, findLocalBinding, isConstantExpression, isFunctionLike, shortText, TEST_PATH_GLOBS, unwrapExpression } from "../../src/analysis/ts-helpers.js";
import { describeTaint, isServerValue, moduleRefOf, requiredModule } from "../../src/analysis/sink-flow.js";

type Library = "node-serialize" | "serialize-to-js" | "funcster" | "cryo" | "js-yaml";

interface Candidate {
  call: ts.CallExpression;
  library: Library;
}

/** Which call names to resolve, and the library each can belong to. */
const CANDIDATE_NAMES: ReadonlyMap<string, Library> = new Map([
  ["unserialize", "node-serialize"],
  ["deserialize", "serialize-to-js"],
  ["deepDeserialize", "funcster"],
  ["parse", "cryo"],
  ["load", "js-yaml"],
  ["loadAll", "js-yaml"],
  ["unsafeLoad", "js-yaml"],
  ["unsafeLoadAll", "js-yaml"],
]);
const LIBRARIES: ReadonlySet<string> = new Set(["node-serialize", "serialize-to-js", "funcster", "cryo", "js-yaml"]);
const YAML_V3_SAFE_CALLS = new Set(["safeLoad", "safeLoadAll", "safeDump"]);

const HOW: Record<Library, string> = {
  "node-serialize": "with node-serialize, which calls any function embedded in the payload (`_$$ND_FUNC$$_…()`)",
  "serialize-to-js": "with serialize-to-js, which evaluates the payload as JavaScript",
  funcster: "with funcster, which recreates functions from the source text in the payload",
  cryo: "with cryo, which recreates functions and prototypes named in the payload",
  "js-yaml": "with js-yaml's JavaScript types, whose `!!js/function` tag turns YAML into functions that run when called",
};

/** Which library a resolved call belongs to, when it is one of the unsafe entry points. */
function unsafeEntryPoint(module: string, member: string | undefined): Library | "yaml-load" | undefined {
  if (module === "node-serialize" && member === "unserialize") return "node-serialize";
  if (module === "serialize-to-js" && member === "deserialize") return "serialize-to-js";
  if (module === "funcster" && (member === "deserialize" || member === "deepDeserialize")) return "funcster";
  if (module === "cryo" && member === "parse") return "cryo";
  if (module === "js-yaml" && (member === "unsafeLoad" || member === "unsafeLoadAll")) return "js-yaml";
  if (module === "js-yaml" && (member === "load" || member === "loadAll")) return "yaml-load";
  return undefined;
}

/** The options object of `load(text, options)` / `loadAll(text, iterator, options)`. */
function optionsOf(call: ts.CallExpression): ts.ObjectLiteralExpression | undefined {
  for (const argument of call.arguments.slice(1, 3)) {
    let node = unwrapExpression(argument);
    if (ts.isIdentifier(node)) {
      const binding = findLocalBinding(node);
      if (binding?.kind !== "variable" || !binding.initializer) continue;
      node = unwrapExpression(binding.initializer);
    }
    if (ts.isObjectLiteralExpression(node)) return node;
  }
  return undefined;
}

/** Whether a js-yaml schema includes the JavaScript types: `DEFAULT_FULL_SCHEMA` (v3) or an extension with `js-yaml-js-types` (v4). */
function isUnsafeSchema(expression: ts.Expression, declared: ReadonlySet<string>, depth = 0): boolean {
  if (depth > 3) return false;
  let unsafe = false;
  const visit = (node: ts.Node): void => {
    if (unsafe || isFunctionLike(node)) return;
    if (ts.isIdentifier(node)) {
      if (node.text === "DEFAULT_FULL_SCHEMA") unsafe = true;
      else if (!(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) {
        if (moduleRefOf(node, declared)?.module === "js-yaml-js-types") unsafe = true;
        else if (declared.has(node.text)) {
          const binding = findLocalBinding(node);
          if (binding?.kind === "variable" && binding.initializer && isUnsafeSchema(binding.initializer, declared, depth + 1)) unsafe = true;
        }
      }
    } else if (ts.isCallExpression(node) && requiredModule(node) === "js-yaml-js-types") {
      unsafe = true;
    }
    if (!unsafe) ts.forEachChild(node, visit);
  };
  visit(expression);
  return unsafe;
}

/** The `schema` option of a js-yaml call, when it names the JavaScript types. */
function unsafeSchemaOption(call: ts.CallExpression, declared: ReadonlySet<string>): ts.Expression | undefined {
  for (const property of optionsOf(call)?.properties ?? []) {
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === "schema") return isUnsafeSchema(property.name, declared) ? property.name : undefined;
    if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && property.name.text === "schema") return isUnsafeSchema(property.initializer, declared) ? property.initializer : undefined;
  }
  return undefined;
}

/** `fs.readFileSync(path.join(__dirname, "x.yml"))`: the application's own file, not client input. */
function isOwnFileRead(expression: ts.Expression): boolean {
  let node = unwrapExpression(expression);
  if (ts.isAwaitExpression(node)) node = unwrapExpression(node.expression);
  if (ts.isCallExpression(node) && calleeName(node) === "toString" && ts.isPropertyAccessExpression(node.expression)) node = unwrapExpression(node.expression.expression);
  if (!ts.isCallExpression(node) || !/^readFile(Sync)?$/.test(calleeName(node) ?? "")) return false;
  const [path] = node.arguments;
  return path !== undefined && !ts.isSpreadElement(path) && isServerValue(path, () => false);
}

export const unsafeDeserialization = defineTsRule({
  meta: {
    id: "security/unsafe-deserialization",
    category: "security",
    severity: "high",
    title: "Untrusted data passed to a deserializer that can run code",
    description:
      "Detects deserializers that revive functions or evaluate their input, resolved to their import or `require`: node-serialize `unserialize`, serialize-to-js `deserialize`, funcster `deserialize`/`deepDeserialize`, cryo `parse`, js-yaml `unsafeLoad`/`unsafeLoadAll`, and js-yaml `load`/`loadAll` with the JavaScript types (`schema: DEFAULT_FULL_SCHEMA` in js-yaml 3, a schema extended with `js-yaml-js-types` in js-yaml 4, or a plain `load` in a file that also calls js-yaml 3's `safeLoad`, where `load` defaults to the full schema). It is critical when the input comes from the request, high when it is any other non-constant value (these APIs are unsafe by design on untrusted data), and low when it is a file the application reads from its own directory. It deliberately does not fire on plain `yaml.load(text)` without that js-yaml 3 evidence (safe by default in js-yaml 4), on `safeLoad`, `JSON.parse`, the `yaml` package, `serialize-javascript` (serialization only), constant input, or same-named functions not imported from these libraries, nor in tests.",
    why: "These deserializers rebuild functions from the payload and call or evaluate them: whoever controls the serialized text runs code on the server (node-serialize's `_$$ND_FUNC$$_` payloads are a well-known remote-code-execution exploit).",
    fix: "Exchange plain data instead: `JSON.parse` for JSON, and for YAML js-yaml 4 `yaml.load(text)` (or `yaml.load(text, { schema: yaml.JSON_SCHEMA })`) — never the JavaScript types. Drop node-serialize, serialize-to-js, funcster and cryo for untrusted input (there is no safe way to revive functions from it), and validate the parsed value with a schema (`zod`).",
    defaultIgnore: [...TEST_PATH_GLOBS],
  },
  create(context) {
    const { sourceFile } = context;
    const { writes } = context.facts;
    const candidates: Candidate[] = [];
    const yamlSafeCalls: ts.CallExpression[] = [];
    const modules = new Set<string>();
    const declared = { names: context.facts.declaredNames };

    const judge = (candidate: Candidate, yamlV3: boolean): void => {
      const { call } = candidate;
      const ref = moduleRefOf(call.expression, declared.names);
      const entry = ref && unsafeEntryPoint(ref.module, ref.member);
      if (!entry) return;
      const [input] = call.arguments;
      if (!input || ts.isSpreadElement(input) || isConstantExpression(input)) return;
      let how = HOW[entry === "yaml-load" ? "js-yaml" : entry];
      if (entry === "yaml-load") {
        const schema = unsafeSchemaOption(call, declared.names);
        if (schema) how = `with \`schema: ${shortText(schema, sourceFile, 40)}\`, whose \`!!js/function\` tag turns YAML into functions that run when called`;
        else if (yamlV3 && !optionsOf(call)?.properties.some((property) => property.name !== undefined && ts.isIdentifier(property.name) && property.name.text === "schema")) how = "with js-yaml 3 (this file also calls `safeLoad`), where `load` uses `DEFAULT_FULL_SCHEMA` and its `!!js/function` tag";
        else return;
      }
      const label = `${shortText(call.expression, sourceFile, 40)}(…)`;
      const taint = taintOf(input, sourceFile, { writes });
      if (taint) {
        context.report({
          node: call,
          severity: taint.kind === "request" && taint.confidence === "high" ? "critical" : "high",
          message: `\`${label}\` deserializes ${describeTaint(input, taint, sourceFile)} ${how}: the sender runs code on the server.`,
        });
        return;
      }
      const ownFile = isOwnFileRead(input);
      context.report({
        node: call,
        severity: ownFile ? "low" : "high",
        message: ownFile
          ? `\`${label}\` deserializes a file the application ships (\`${shortText(input, sourceFile, 40)}\`) ${how}: safe only as long as nobody else can write that file.`
          : `\`${label}\` deserializes \`${shortText(input, sourceFile, 40)}\` ${how}: if that text ever comes from a client, a queue or a shared store, its author runs code on the server.`,
      });
    };

    const visitors: Visitors = {
      ImportDeclaration(node) {
        if (ts.isStringLiteral(node.moduleSpecifier)) modules.add(node.moduleSpecifier.text);
      },
      CallExpression(node) {
        const name = calleeName(node);
        if (name === undefined) {
          const required = requiredModule(node);
          if (required !== undefined) modules.add(required);
          return;
        }
        if (name === "require") {
          const required = requiredModule(node);
          if (required !== undefined) modules.add(required);
          return;
        }
        if (YAML_V3_SAFE_CALLS.has(name)) yamlSafeCalls.push(node);
        const library = CANDIDATE_NAMES.get(name);
        if (library) candidates.push({ call: node, library });
      },
      "SourceFile:exit"() {
        if (![...modules].some((module) => LIBRARIES.has(module))) return;
        const yamlV3 = modules.has("js-yaml") && yamlSafeCalls.some((call) => moduleRefOf(call.expression, declared.names)?.module === "js-yaml");
        for (const candidate of candidates) {
          // `deserialize` also belongs to funcster; the other names to one library each.
          if (modules.has(candidate.library) || (candidate.library === "serialize-to-js" && modules.has("funcster"))) judge(candidate, yamlV3);
        }
      },
    };
    return visitors;
  },
});
