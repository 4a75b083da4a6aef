// security/redos: regular expressions that can backtrack exponentially, and patterns compiled from
// request input. Includes a small regex parser and an ambiguity check for repeated groups (no dependency).
import { ts } from "ts-morph";
import { defineTsRule } from "../../src/analysis/rule.js";
import { taintOf, type Taint } from "../../src/analysis/taint.js";
import {
  calleeName,
  calleeReceiver,
  createLocalWrites,
  findLocalBinding,
  shortText,
  TEST_PATH_GLOBS,
  unwrapExpression,
} from "../../src/analysis/ts-helpers.js";
import type { Severity } from "../../src/review/types.js";

// ---- Character sets --------------------------------------------------------------------------

/** A set of characters: exact for ASCII, one flag for everything beyond it. */
export interface CharSet {
  ascii: boolean[];
  other: boolean;
}

function emptySet(): CharSet {
  return { ascii: new Array<boolean>(128).fill(false), other: false };
}
function fullSet(): CharSet {
  return { ascii: new Array<boolean>(128).fill(true), other: true };
}
function rangeSet(from: number, to: number, set = emptySet()): CharSet {
  for (let code = from; code <= to; code++) {
    if (code < 128) set.ascii[code] = true;
    else set.other = true;
  }
  return set;
}
function union(a: CharSet, b: CharSet): CharSet {
  return { ascii: a.ascii.map((value, index) => value || b.ascii[index] === true), other: a.other || b.other };
}
function complement(a: CharSet): CharSet {
  return { ascii: a.ascii.map((value) => !value), other: true };
}
function intersects(a: CharSet, b: CharSet): boolean {
  return (a.other && b.other) || a.ascii.some((value, index) => value && b.ascii[index] === true);
}
function isEmpty(a: CharSet): boolean {
  return !a.other && !a.ascii.some(Boolean);
}
function digitSet(): CharSet {
  return rangeSet(48, 57);
}
function wordSet(): CharSet {
  const set = rangeSet(48, 57);
  rangeSet(65, 90, set);
  rangeSet(97, 122, set);
  set.ascii[95] = true;
  return set;
}
function spaceSet(): CharSet {
  const set = rangeSet(9, 13);
  set.ascii[32] = true;
  set.other = true;
  return set;
}
function foldCase(set: CharSet): CharSet {
  const folded = { ascii: [...set.ascii], other: set.other };
  for (let code = 65; code <= 90; code++) {
    if (set.ascii[code] || set.ascii[code + 32]) folded.ascii[code] = folded.ascii[code + 32] = true;
  }
  return folded;
}

// ---- Regex syntax tree -----------------------------------------------------------------------

export type RegexNode =
  | { type: "chars"; set: CharSet }
  | { type: "group"; alternatives: RegexNode[][]; lookaround: boolean }
  | { type: "assert" }
  | { type: "backref" }
  | { type: "repeat"; body: RegexNode; min: number; max: number };

class RegexParser {
  private index = 0;
  constructor(
    private readonly source: string,
    private readonly flags: string,
  ) {}

  parse(): RegexNode[][] | undefined {
    try {
      const alternatives = this.alternation();
      return this.index === this.source.length ? alternatives : undefined;
    } catch {
      return undefined;
    }
  }

  private peek(offset = 0): string | undefined {
    return this.source[this.index + offset];
  }

  private alternation(): RegexNode[][] {
    const alternatives = [this.sequence()];
    while (this.peek() === "|") {
      this.index++;
      alternatives.push(this.sequence());
    }
    return alternatives;
  }

  private sequence(): RegexNode[] {
    const items: RegexNode[] = [];
    while (this.index < this.source.length && this.peek() !== "|" && this.peek() !== ")") {
      let atom = this.atom();
      const quantifier = this.quantifier();
      if (quantifier) atom = { type: "repeat", body: atom, min: quantifier.min, max: quantifier.max };
      items.push(atom);
    }
    return items;
  }

  private quantifier(): { min: number; max: number } | undefined {
    const char = this.peek();
    let result: { min: number; max: number } | undefined;
    if (char === "*") result = { min: 0, max: Infinity };
    else if (char === "+") result = { min: 1, max: Infinity };
    else if (char === "?") result = { min: 0, max: 1 };
    else if (char === "{") {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.index));
      if (!match) return undefined;
      const min = Number(match[1]);
      const max = match[2] === undefined ? min : match[3] === "" ? Infinity : Number(match[3]);
      this.index += match[0].length;
      if (this.peek() === "?") this.index++;
      return { min, max };
    }
    if (!result) return undefined;
    this.index++;
    if (this.peek() === "?") this.index++; // lazy: same backtracking on failure
    return result;
  }

  private literal(code: number): RegexNode {
    const set = rangeSet(code, code);
    return { type: "chars", set: this.flags.includes("i") ? foldCase(set) : set };
  }

  private atom(): RegexNode {
    const char = this.source[this.index++];
    switch (char) {
      case "^":
      case "$":
        return { type: "assert" };
      case ".": {
        if (this.flags.includes("s")) return { type: "chars", set: fullSet() };
        const set = fullSet();
        set.ascii[10] = set.ascii[13] = false;
        return { type: "chars", set };
      }
      case "(":
        return this.group();
      case "[":
        return { type: "chars", set: this.characterClass() };
      case "\\":
        return this.escape();
      case ")":
      case "*":
      case "+":
      case "?":
        throw new Error("invalid");
      case "{":
        if (/^\d+(,\d*)?\}/.test(this.source.slice(this.index))) throw new Error("invalid");
        return this.literal(123);
      default:
        return this.literal(char!.codePointAt(0)!);
    }
  }

  private group(): RegexNode {
    let lookaround = false;
    if (this.peek() === "?") {
      const next = this.peek(1);
      if (next === ":") this.index += 2;
      else if (next === "=" || next === "!") {
        lookaround = true;
        this.index += 2;
      } else if (next === "<" && (this.peek(2) === "=" || this.peek(2) === "!")) {
        lookaround = true;
        this.index += 3;
      } else if (next === "<") {
        const end = this.source.indexOf(">", this.index);
        if (end < 0) throw new Error("invalid");
        this.index = end + 1;
      } else throw new Error("unsupported group");
    }
    const alternatives = this.alternation();
    if (this.source[this.index++] !== ")") throw new Error("invalid");
    return { type: "group", alternatives, lookaround };
  }

  /** A class escape (`\d`) or a single character code. */
  private classEscape(inClass: boolean): CharSet | number {
    const char = this.source[this.index++];
    switch (char) {
      case "d":
        return digitSet();
      case "D":
        return complement(digitSet());
      case "w":
        return wordSet();
      case "W":
        return complement(wordSet());
      case "s":
        return spaceSet();
      case "S":
        return complement(spaceSet());
      case "n":
        return 10;
      case "r":
        return 13;
      case "t":
        return 9;
      case "v":
        return 11;
      case "f":
        return 12;
      case "0":
        return 0;
      case "b":
        return inClass ? 8 : 98;
      case "x": {
        const hex = /^[0-9a-fA-F]{2}/.exec(this.source.slice(this.index));
        if (!hex) return 120;
        this.index += 2;
        return parseInt(hex[0], 16);
      }
      case "u": {
        const braced = /^\{([0-9a-fA-F]+)\}/.exec(this.source.slice(this.index));
        if (braced && this.flags.includes("u")) {
          this.index += braced[0].length;
          return parseInt(braced[1]!, 16);
        }
        const hex = /^[0-9a-fA-F]{4}/.exec(this.source.slice(this.index));
        if (!hex) return 117;
        this.index += 4;
        return parseInt(hex[0], 16);
      }
      case "c": {
        const letter = this.peek();
        if (letter && /[a-zA-Z]/.test(letter)) {
          this.index++;
          return letter.charCodeAt(0) % 32;
        }
        return 99;
      }
      case "p":
      case "P": {
        if (!this.flags.includes("u") || this.peek() !== "{") return char.charCodeAt(0);
        const end = this.source.indexOf("}", this.index);
        if (end < 0) throw new Error("invalid");
        const name = this.source.slice(this.index + 1, end);
        this.index = end + 1;
        let set: CharSet;
        if (/^(L|Letter|Alphabetic|Alpha)$/.test(name)) set = { ...rangeSet(97, 122, rangeSet(65, 90)), other: true };
        else if (/^(Lu|Uppercase_Letter|Uppercase)$/.test(name)) set = { ...rangeSet(65, 90), other: true };
        else if (/^(Ll|Lowercase_Letter|Lowercase)$/.test(name)) set = { ...rangeSet(97, 122), other: true };
        else if (/^(N|Nd|Number|Decimal_Number)$/.test(name)) set = { ...digitSet(), other: true };
        else set = fullSet();
        return char === "P" ? complement(set) : set;
      }
      case undefined:
        throw new Error("invalid");
      default:
        return char.codePointAt(0)!;
    }
  }

  private escape(): RegexNode {
    const char = this.peek();
    if (char === "b" || char === "B") {
      this.index++;
      return { type: "assert" };
    }
    if (char && /[1-9]/.test(char)) {
      while (this.peek() && /\d/.test(this.peek()!)) this.index++;
      return { type: "backref" };
    }
    if (char === "k" && this.peek(1) === "<") {
      const end = this.source.indexOf(">", this.index);
      if (end < 0) throw new Error("invalid");
      this.index = end + 1;
      return { type: "backref" };
    }
    const result = this.classEscape(false);
    if (typeof result === "number") return this.literal(result);
    return { type: "chars", set: result };
  }

  private characterClass(): CharSet {
    let negated = false;
    if (this.peek() === "^") {
      negated = true;
      this.index++;
    }
    let set = emptySet();
    while (this.peek() !== "]") {
      if (this.index >= this.source.length) throw new Error("invalid");
      const start = this.classAtom();
      if (typeof start === "number" && this.peek() === "-" && this.peek(1) !== "]" && this.peek(1) !== undefined) {
        this.index++;
        const end = this.classAtom();
        if (typeof end === "number") {
          set = rangeSet(Math.min(start, end), Math.max(start, end), set);
          continue;
        }
        set = union(rangeSet(start, start, set), rangeSet(45, 45));
        set = union(set, end);
        continue;
      }
      set = typeof start === "number" ? rangeSet(start, start, set) : union(set, start);
    }
    this.index++;
    if (this.flags.includes("i")) set = foldCase(set);
    return negated ? complement(set) : set;
  }

  private classAtom(): CharSet | number {
    const char = this.source[this.index++]!;
    if (char === "\\") return this.classEscape(true);
    return char.codePointAt(0)!;
  }
}

/** Parses a JavaScript regular expression; undefined for syntax this checker does not model (the `v` flag, invalid patterns). */
export function parseRegex(source: string, flags = ""): RegexNode[][] | undefined {
  if (flags.includes("v")) return undefined;
  return new RegexParser(source, flags).parse();
}

// ---- Ambiguity analysis ----------------------------------------------------------------------

/** A repetition this large behaves like an unbounded one for backtracking purposes. */
const LARGE = 10;

function nullable(node: RegexNode): boolean {
  switch (node.type) {
    case "chars":
      return false;
    case "assert":
    case "backref":
      return true;
    case "group":
      return node.lookaround || node.alternatives.some((sequence) => sequence.every(nullable));
    case "repeat":
      return node.min === 0 || nullable(node.body);
  }
}

/** Every character `node` can consume. */
function charsOf(node: RegexNode): CharSet {
  switch (node.type) {
    case "chars":
      return node.set;
    case "assert":
      return emptySet();
    case "backref":
      return fullSet();
    case "group":
      return node.lookaround ? emptySet() : node.alternatives.flat().reduce((set, item) => union(set, charsOf(item)), emptySet());
    case "repeat":
      return charsOf(node.body);
  }
}

function firstOfSequence(sequence: readonly RegexNode[]): CharSet {
  let set = emptySet();
  for (const item of sequence) {
    set = union(set, firstOf(item));
    if (!nullable(item)) break;
  }
  return set;
}

function firstOf(node: RegexNode): CharSet {
  switch (node.type) {
    case "chars":
      return node.set;
    case "assert":
      return emptySet();
    case "backref":
      return fullSet();
    case "group":
      return node.lookaround ? emptySet() : node.alternatives.reduce((set, sequence) => union(set, firstOfSequence(sequence)), emptySet());
    case "repeat":
      return firstOf(node.body);
  }
}

/** A repetition whose length can vary (`x+`, `x*`, `x{2,4}`): it can trade characters with its neighbours. */
function varies(node: RegexNode): boolean {
  return node.type === "repeat" && node.max > node.min && node.max >= 2;
}

/** Characters a sequence's variable-length tail can give or take at the boundary with what follows. */
function tailLoop(sequence: readonly RegexNode[]): CharSet {
  let set = emptySet();
  for (let index = sequence.length - 1; index >= 0; index--) {
    const item = sequence[index]!;
    if (varies(item)) set = union(set, charsOf(item));
    else if (item.type === "group" && !item.lookaround) set = union(set, item.alternatives.reduce((acc, alternative) => union(acc, tailLoop(alternative)), emptySet()));
    else if (item.type === "repeat" && item.body.type === "group" && !item.body.lookaround) set = union(set, item.body.alternatives.reduce((acc, alternative) => union(acc, tailLoop(alternative)), emptySet()));
    if (!nullable(item)) break;
  }
  return set;
}

/** The alternative as fixed-length character sets, when it is one (`ab`, `\d{3}`, `[a-f]x`). */
function fixedSequence(sequence: readonly RegexNode[]): CharSet[] | undefined {
  const sets: CharSet[] = [];
  for (const item of sequence) {
    if (item.type === "chars") sets.push(item.set);
    else if (item.type === "repeat" && item.body.type === "chars" && item.min === item.max && item.max <= LARGE) for (let count = 0; count < item.min; count++) sets.push(item.body.set);
    else if (item.type === "assert") continue;
    else return undefined;
  }
  return sets;
}

/** Whether two alternatives of a repeated group can split the same input in two ways. */
function alternativesOverlap(a: readonly RegexNode[], b: readonly RegexNode[], groupFirst: CharSet): boolean {
  const fixedA = fixedSequence(a);
  const fixedB = fixedSequence(b);
  if (!fixedA || !fixedB) return intersects(firstOfSequence(a), firstOfSequence(b)) && !isEmpty(firstOfSequence(a));
  const [short, long] = fixedA.length <= fixedB.length ? [fixedA, fixedB] : [fixedB, fixedA];
  if (short.length === 0) return long.length === 0;
  for (let index = 0; index < short.length; index++) if (!intersects(short[index]!, long[index]!)) return false;
  // Equal strings match both ways; a proper prefix is ambiguous when the rest can start another iteration.
  return short.length === long.length || intersects(long[short.length]!, groupFirst);
}

/** Why repeating `body` without bound is ambiguous, or undefined when each input splits one way. */
function repeatedGroupAmbiguity(alternatives: readonly (readonly RegexNode[])[]): string | undefined {
  const first = alternatives.reduce((set, sequence) => union(set, firstOfSequence(sequence)), emptySet());
  for (const sequence of alternatives) {
    for (let index = 0; index < sequence.length; index++) {
      const item = sequence[index]!;
      if (!varies(item)) continue;
      const others = sequence.filter((_, other) => other !== index);
      // (a+)+, (\w+\s?)*: the inner repetition alone can produce the outer one's iterations.
      if (others.every(nullable)) return "a repeated group whose body is itself a repetition";
      // (.*a)+, (([a-z])+.)+: what ends an iteration can also be swallowed by the repetition before it.
      const rest = sequence.slice(index + 1);
      const mandatory = rest.filter((node) => !nullable(node));
      const itemChars = charsOf(item);
      if (mandatory.length > 0 && rest.every((node) => nullable(node) || (node.type === "chars" && intersects(node.set, itemChars)))) {
        return "a repeated group whose repetition can swallow the characters that end it";
      }
    }
  }
  // (\w+-\w+)*: the end of one iteration and the start of the next match the same characters.
  const tail = alternatives.reduce((set, sequence) => union(set, tailLoop(sequence)), emptySet());
  if (intersects(tail, first)) return "a repeated group whose end and start can match the same characters";
  // (a|aa)+, (\w|\d)+: two alternatives match the same text.
  for (let a = 0; a < alternatives.length; a++) {
    for (let b = a + 1; b < alternatives.length; b++) {
      if (alternativesOverlap(alternatives[a]!, alternatives[b]!, first)) return "a repeated alternation whose alternatives overlap";
    }
  }
  return undefined;
}

/** Whether matching can fail at `node` itself: it consumes something, or it is an assertion or back-reference. */
function canFail(node: RegexNode): boolean {
  if (node.type === "assert" || node.type === "backref") return true;
  if (node.type === "group" && node.lookaround) return true;
  return !nullable(node);
}

/**
 * The first construct in the pattern that can backtrack exponentially, described for a message.
 * An ambiguous repetition only explodes when something after it can fail and force the engine to
 * try every other split: a repetition that ends the pattern (`/(a+)+/` without `$`) matches at once.
 */
export function exponentialBacktracking(source: string, flags = ""): string | undefined {
  // Only a repeated group can be ambiguous this way: skip parsing patterns without one.
  if (!/\)[*+{]/.test(source)) return undefined;
  const tree = parseRegex(source, flags);
  if (!tree) return undefined;
  const visitSequence = (sequence: readonly RegexNode[], failsAfter: boolean): string | undefined => {
    let following = failsAfter;
    for (let index = sequence.length - 1; index >= 0; index--) {
      const item = sequence[index]!;
      const found = visit(item, following);
      if (found) return found;
      following = following || canFail(item);
    }
    return undefined;
  };
  const visitAlternatives = (alternatives: readonly (readonly RegexNode[])[], failsAfter: boolean): string | undefined => {
    for (const sequence of alternatives) {
      const found = visitSequence(sequence, failsAfter);
      if (found) return found;
    }
    return undefined;
  };
  const visit = (node: RegexNode, failsAfter: boolean): string | undefined => {
    if (node.type === "group") return visitAlternatives(node.alternatives, failsAfter || node.lookaround);
    if (node.type !== "repeat") return undefined;
    const body = node.body;
    if (failsAfter && node.max >= LARGE && node.max > node.min && body.type === "group" && !body.lookaround) {
      const reason = repeatedGroupAmbiguity(body.alternatives);
      if (reason) return reason;
    }
    return visit(body, failsAfter);
  };
  return visitAlternatives(tree, false);
}

// ---- The rule ----------------------------------------------------------------------------------

interface RegexValue {
  node: ts.Node;
  source: string;
  flags: string;
}

interface Application {
  regex: RegexValue;
  call: ts.CallExpression;
  subject?: ts.Expression;
  /** Validators (express-validator chains, class-validator `@Matches`) run on client input by design. */
  validator?: boolean;
}

/** `/re/.test(s)`, `/re/.exec(s)`: the regex is the receiver. */
const REGEX_METHODS = new Set(["test", "exec"]);
/** `s.match(/re/)`: the regex is the argument. */
const STRING_METHODS = new Set(["match", "matchAll", "search", "replace", "replaceAll", "split"]);
/** Methods that turn a string argument into a RegExp. */
const IMPLICIT_REGEX_METHODS = new Set(["match", "matchAll", "search"]);
const EXPRESS_VALIDATOR_ROOTS = new Set(["body", "query", "param", "check", "header", "cookie", "checkBody", "checkQuery", "checkParams"]);
const SCHEMA_PATTERN_METHODS = new Set(["regex", "pattern", "matches"]);

/** Escaping the input first makes it a literal pattern: `escapeRegExp(q)`, `q.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")`. */
function isRegexEscape(call: ts.CallExpression): boolean {
  const name = calleeName(call) ?? "";
  if (/escape|quote/i.test(name)) return true;
  if (name !== "replace" && name !== "replaceAll") return false;
  const [pattern, replacement] = call.arguments;
  if (!pattern || !replacement) return false;
  const patternText = pattern.getText();
  return /\\\$&|\\\\\$&|\$&/.test(replacement.getText()) && ts.isRegularExpressionLiteral(unwrapExpression(pattern)) && patternText.includes("\\") && patternText.includes("[");
}

function splitLiteral(text: string): { source: string; flags: string } {
  const end = text.lastIndexOf("/");
  return { source: text.slice(1, end), flags: text.slice(end + 1) };
}

function severityFor(taint: Taint, base: Severity): Severity {
  return taint.confidence === "high" ? base : "low";
}

export const redos = defineTsRule({
  meta: {
    id: "security/redos",
    category: "security",
    severity: "medium",
    title: "Regular expression open to catastrophic backtracking",
    description:
      "Detects patterns that can make the regex engine backtrack exponentially and block the event loop: `new RegExp(x)`/`RegExp(x)` (and `str.match(x)`/`search(x)`, which compile a string argument, and MongoDB `{ $regex: x }`) where `x` comes from the request without escaping (`escapeRegExp`, `_.escapeRegExp`, `.replace(/[.*+?^${}()|[\\]\\\\]/g, \"\\\\$&\")`); and regex literals (or `new RegExp(\"constant\")`) containing an ambiguous repeated group, found by a built-in analyzer: a repetition inside a repeated group (`(a+)+`, `(\\w+\\s?)*`, `([a-z]+)*$`), a repeated group whose inner repetition can swallow the characters that end it (`(.*a){2,}`, `(([a-z])+.)+`), whose end and start overlap (`(\\w+-\\w+)*`, `([a-z0-9]{2,4})+`), or whose alternatives overlap (`(a|aa)+`, `(\\w|\\d)+`), when something after the repetition can fail (a `$`, a required character): a repetition that ends an unanchored pattern matches at once and cannot explode. Such a literal is medium when it is applied (`test`, `exec`, `match`, `matchAll`, `search`, `replace`, `split`) to request data or used by an express-validator chain or class-validator `@Matches`, and low otherwise. It deliberately does not fire on unambiguous nesting such as `(\\d+\\.)*`, `([^/]+/)*`, `(-[a-z0-9]+)*` or `(\\.[^.]+)*`, on polynomial patterns (`\\s*$` after `.*`), on patterns built from constants or escaped input, or on non-request dynamic patterns.",
    why: "Node runs every request on one thread: a single crafted string (or a client-chosen pattern such as `(a+)+$`) can keep the regex engine busy for seconds to hours, stalling every other request on that instance.",
    fix: "Escape user input before compiling it (`new RegExp(escapeRegExp(q), \"i\")`, or `RegExp.escape` on Node 24+), or avoid regexes for plain search (`title.toLowerCase().includes(q.toLowerCase())`). For literals, remove the ambiguity: make the inner and outer repetition unable to match the same text (`^(\\w+\\s)*\\w*$` → `^[\\w\\s]*$`, `(a+)+` → `a+`), bound the input length before matching, or use a linear-time engine (`re2`).",
    defaultIgnore: [...TEST_PATH_GLOBS],
  },
  create(context) {
    const { sourceFile } = context;
    const writes = createLocalWrites();
    const literals: RegexValue[] = [];
    const applications: Application[] = [];
    const dynamic: Array<{ node: ts.Node; pattern: ts.Expression; label: string }> = [];

    /** The constant regex an expression denotes: a literal, `new RegExp("…")`, or a `const` holding one. */
    const regexValueOf = (expression: ts.Expression | undefined, depth = 0): RegexValue | undefined => {
      if (!expression || depth > 3) return undefined;
      const node = unwrapExpression(expression);
      if (ts.isRegularExpressionLiteral(node)) return { node, ...splitLiteral(node.text) };
      if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && calleeName(node) === "RegExp") {
        const [pattern, flags] = node.arguments ?? [];
        if (pattern && ts.isStringLiteralLike(pattern)) return { node, source: pattern.text, flags: flags && ts.isStringLiteralLike(flags) ? flags.text : "" };
        return undefined;
      }
      if (ts.isIdentifier(node)) {
        const binding = findLocalBinding(node);
        if (binding?.kind === "variable" && binding.declarationKind === "const" && binding.initializer) return regexValueOf(binding.initializer, depth + 1);
      }
      if (ts.isPropertyAccessExpression(node)) {
        // `PATTERNS.email` where PATTERNS is a const object literal of this file.
        const owner = unwrapExpression(node.expression);
        if (ts.isIdentifier(owner)) {
          const binding = findLocalBinding(owner);
          const initializer = binding?.kind === "variable" && binding.declarationKind === "const" ? binding.initializer && unwrapExpression(binding.initializer) : undefined;
          if (initializer && ts.isObjectLiteralExpression(initializer)) {
            for (const property of initializer.properties) {
              if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && property.name.text === node.name.text) return regexValueOf(property.initializer, depth + 1);
            }
          }
        }
      }
      return undefined;
    };

    const taintOfPattern = (expression: ts.Expression): Taint | undefined => taintOf(expression, sourceFile, { writes, isSanitizer: isRegexEscape });

    const visitCall = (node: ts.CallExpression): void => {
      writes.visitCallExpression(node);
      const name = calleeName(node);
      if (!name) return;
      const receiver = calleeReceiver(node);
      const callee = unwrapExpression(node.expression);
      const first = node.arguments[0];
      if (name === "RegExp" && ts.isIdentifier(callee)) {
        if (first && !ts.isSpreadElement(first) && ts.isStringLiteralLike(first)) literals.push({ node, source: first.text, flags: node.arguments[1] && ts.isStringLiteralLike(node.arguments[1]) ? node.arguments[1].text : "" });
        else if (first && !ts.isSpreadElement(first)) dynamic.push({ node, pattern: first, label: `RegExp(${shortText(first, sourceFile, 40)})` });
        return;
      }
      if (REGEX_METHODS.has(name) && receiver) {
        const regex = regexValueOf(receiver);
        if (regex) applications.push({ regex, call: node, ...(first && !ts.isSpreadElement(first) ? { subject: first } : {}) });
        return;
      }
      if (STRING_METHODS.has(name) && receiver && first && !ts.isSpreadElement(first)) {
        const regex = regexValueOf(first);
        if (regex) {
          applications.push({ regex, call: node, subject: receiver });
          return;
        }
        // `text.match(req.query.q)` compiles the string into a RegExp.
        if (IMPLICIT_REGEX_METHODS.has(name) && node.arguments.length === 1 && !/aggregate|pipeline|\$match/i.test(receiver.getText(sourceFile))) {
          const argument = unwrapExpression(first);
          const bound = ts.isIdentifier(argument) ? findLocalBinding(argument) : undefined;
          const initializer = bound?.kind === "variable" && bound.initializer ? unwrapExpression(bound.initializer) : undefined;
          const objectLike = (value: ts.Expression | undefined): boolean => value !== undefined && (ts.isObjectLiteralExpression(value) || ts.isArrayLiteralExpression(value) || ts.isCallExpression(value));
          if (!objectLike(argument) && !objectLike(initializer) && !ts.isTemplateExpression(argument)) {
            dynamic.push({ node, pattern: first, label: `${shortText(node.expression, sourceFile, 40)}(${shortText(first, sourceFile, 30)})` });
          }
        }
        return;
      }
      // Validation chains and decorators.
      if (SCHEMA_PATTERN_METHODS.has(name) || name === "Matches") {
        const regex = regexValueOf(first);
        if (!regex) return;
        let root: ts.Expression | undefined = receiver;
        while (root && ts.isCallExpression(unwrapExpression(root))) {
          const inner = unwrapExpression(root) as ts.CallExpression;
          const innerReceiver = calleeReceiver(inner);
          if (!innerReceiver) break;
          root = innerReceiver;
        }
        const rootCall = root && ts.isCallExpression(unwrapExpression(root)) ? (unwrapExpression(root) as ts.CallExpression) : undefined;
        const expressValidator = name === "matches" && rootCall !== undefined && EXPRESS_VALIDATOR_ROOTS.has(calleeName(rootCall) ?? "");
        const classValidator = name === "Matches" && node.parent !== undefined && ts.isDecorator(node.parent);
        applications.push({ regex, call: node, validator: expressValidator || classValidator });
      }
    };

    return {
      BinaryExpression: (node) => writes.visitBinaryExpression(node),
      CallExpression: visitCall,
      NewExpression(node) {
        const callee = unwrapExpression(node.expression);
        const first = node.arguments?.[0];
        if (ts.isIdentifier(callee) && callee.text === "RegExp" && first && !ts.isSpreadElement(first)) {
          if (ts.isStringLiteralLike(first)) literals.push({ node, source: first.text, flags: node.arguments?.[1] && ts.isStringLiteralLike(node.arguments[1]) ? node.arguments[1].text : "" });
          else dynamic.push({ node, pattern: first, label: `new RegExp(${shortText(first, sourceFile, 40)})` });
        }
      },
      RegularExpressionLiteral(node) {
        literals.push({ node, ...splitLiteral(node.getText(sourceFile)) });
      },
      PropertyAssignment(node) {
        // MongoDB `{ name: { $regex: req.query.q } }` compiles the client's pattern on the database server.
        const name = node.name;
        if ((ts.isIdentifier(name) || ts.isStringLiteral(name)) && name.text === "$regex") {
          const value = unwrapExpression(node.initializer);
          if (!ts.isRegularExpressionLiteral(value) && !ts.isNewExpression(value) && !ts.isStringLiteralLike(value)) dynamic.push({ node, pattern: node.initializer, label: `$regex: ${shortText(node.initializer, sourceFile, 40)}` });
        }
      },
      "SourceFile:exit": () => {
        for (const entry of dynamic) {
          const taint = taintOfPattern(entry.pattern);
          if (!taint) continue;
          context.report({
            node: entry.node,
            severity: severityFor(taint, "medium"),
            message: `\`${entry.label}\` compiles a pattern from ${taint.confidence === "high" ? "the request" : "a handler argument"} (\`${taint.origin}\`) without escaping it: a client can send \`(a+)+$\` and stall the event loop, or match far more than intended.`,
          });
        }
        for (const literal of literals) {
          const reason = exponentialBacktracking(literal.source, literal.flags);
          if (!reason) continue;
          const uses = applications.filter((application) => application.regex.node === literal.node);
          const pattern = `\`/${literal.source.length > 50 ? `${literal.source.slice(0, 49)}…` : literal.source}/\``;
          let reported = false;
          for (const use of uses) {
            const taint = use.subject ? taintOf(use.subject, sourceFile, { writes }) : undefined;
            if (taint?.confidence === "high") {
              context.report({
                node: use.call,
                severity: "medium",
                message: `${pattern} has ${reason} and is applied to \`${taint.origin}\` from the request: a crafted string of a few dozen characters can keep the regex engine busy for seconds.`,
              });
              reported = true;
            } else if (use.validator) {
              context.report({
                node: use.call,
                severity: "medium",
                message: `${pattern} has ${reason} and validates client input in \`${shortText(use.call, sourceFile, 40)}\`: a crafted value can keep the regex engine busy for seconds.`,
              });
              reported = true;
            }
          }
          if (!reported) {
            context.report({
              node: literal.node,
              severity: "low",
              message: `${pattern} has ${reason}: on a crafted input that almost matches, backtracking grows exponentially with its length. It is not seen applied to request data here.`,
            });
          }
        }
      },
    };
  },
});
