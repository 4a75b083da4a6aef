// A small Dockerfile parser: instructions with their line ranges, grouped into build stages.
// Handles line continuations (skipping comment and empty lines inside them, as BuildKit does),
// parser directives (escape), heredocs (`RUN <<EOF ... EOF`), and resolves global ARGs in FROM,
// which is what the rules need to tell the final stage and its base image apart.

export interface DockerInstruction {
  /** Upper-cased keyword: FROM, RUN, USER, ... */
  keyword: string;
  /** Arguments with continuations joined by a space and flags removed; heredoc bodies follow on new lines. */
  args: string;
  /** `--name=value` flags before the arguments (e.g. `--platform`, `--from`, `--chown`). */
  flags: Record<string, string>;
  line: number;
  endLine: number;
}

export interface DockerStage {
  index: number;
  /** The `AS name` alias, lower-cased. */
  name?: string;
  /** The image reference as written, ARGs unexpanded. */
  image: string;
  from: DockerInstruction;
  /** Instructions after FROM up to the next FROM. */
  instructions: DockerInstruction[];
}

export interface Dockerfile {
  instructions: DockerInstruction[];
  stages: DockerStage[];
  /** ARGs declared before the first FROM, with their defaults as written (undefined: no default). */
  globalArgs: Map<string, string | undefined>;
}

const DIRECTIVE = /^#\s*(\w+)\s*=\s*(\S+)\s*$/;
/** BuildKit accepts heredocs only in these instructions. */
const HEREDOC_KEYWORDS = new Set(["RUN", "COPY", "ADD"]);
/** `<<EOF`, `<<-EOF`, `<<"EOF"`; the lookbehind keeps bash here-strings (`<<<`) out. */
const HEREDOC = /(?<!<)<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;

export function parseDockerfile(content: string): Dockerfile {
  const rows = content.split(/\r?\n/);
  const escape = escapeCharacter(rows);
  const instructions: DockerInstruction[] = [];
  let index = 0;
  while (index < rows.length) {
    const trimmed = (rows[index] ?? "").trim();
    if (trimmed === "" || trimmed.startsWith("#")) {
      index++;
      continue;
    }
    const startLine = index + 1;
    let text = trimmed;
    // Join continuation lines. Comment and empty lines inside a continuation are dropped, as Docker does.
    while (text.endsWith(escape)) {
      text = text.slice(0, -escape.length).trimEnd();
      let next: string | undefined;
      while (index + 1 < rows.length) {
        index++;
        const candidate = (rows[index] ?? "").trim();
        if (candidate !== "" && !candidate.startsWith("#")) {
          next = candidate;
          break;
        }
      }
      if (next === undefined) break; // a trailing escape at the end of the file ends the instruction
      text += ` ${next}`;
    }
    const keyword = (/^\S+/.exec(text)?.[0] ?? "").toUpperCase();
    // Heredoc bodies belong to the instruction that opened them; one instruction may open several.
    if (HEREDOC_KEYWORDS.has(keyword)) {
      for (const heredoc of text.matchAll(HEREDOC)) {
        const stripTabs = heredoc[1] === "-";
        const terminator = heredoc[3];
        while (index + 1 < rows.length) {
          index++;
          const row = rows[index] ?? "";
          if ((stripTabs ? row.replace(/^\t+/, "") : row).trimEnd() === terminator) break;
          text += `\n${row}`;
        }
      }
    }
    let rest = text.slice(keyword.length).trimStart();
    const flags: Record<string, string> = {};
    let flag: RegExpExecArray | null;
    while ((flag = /^--([A-Za-z-]+)(?:=(\S*))?\s*/.exec(rest)) !== null) {
      flags[flag[1] ?? ""] = flag[2] ?? "";
      rest = rest.slice(flag[0].length);
    }
    instructions.push({ keyword, args: rest.trim(), flags, line: startLine, endLine: index + 1 });
    index++;
  }

  const stages: DockerStage[] = [];
  const globalArgs = new Map<string, string | undefined>();
  for (const instruction of instructions) {
    if (instruction.keyword === "FROM") {
      const [image = "", as, name] = instruction.args.split(/\s+/);
      stages.push({
        index: stages.length,
        image,
        ...(as?.toUpperCase() === "AS" && name ? { name: name.toLowerCase() } : {}),
        from: instruction,
        instructions: [],
      });
    } else if (stages.length === 0) {
      if (instruction.keyword === "ARG") for (const [key, value] of parseArgDeclarations(instruction.args)) globalArgs.set(key, value);
    } else {
      stages[stages.length - 1]?.instructions.push(instruction);
    }
  }
  return { instructions, stages, globalArgs };
}

/** The escape character from a leading `# escape=` directive; directives count only before anything else. */
function escapeCharacter(rows: readonly string[]): string {
  let escape = "\\";
  for (const row of rows) {
    const directive = DIRECTIVE.exec(row);
    if (!directive) break;
    if (directive[1]?.toLowerCase() === "escape" && (directive[2] === "`" || directive[2] === "\\")) escape = directive[2];
  }
  return escape;
}

/** `ARG A=1 B="two words" C` → [[A, "1"], [B, "two words"], [C, undefined]]. */
export function parseArgDeclarations(args: string): Array<[string, string | undefined]> {
  const declarations: Array<[string, string | undefined]> = [];
  for (const word of splitWords(args)) {
    const equals = word.indexOf("=");
    if (equals < 0) declarations.push([word, undefined]);
    else declarations.push([word.slice(0, equals), unquote(word.slice(equals + 1))]);
  }
  return declarations.filter(([key]) => key !== "");
}

/** Splits on whitespace outside quotes; quotes stay in the words. */
function splitWords(text: string): string[] {
  return text.match(/(?:"(?:\\.|[^"\\])*"|'[^']*'|\S)+/g) ?? [];
}

function unquote(text: string): string {
  return text.replace(/"((?:\\.|[^"\\])*)"|'([^']*)'/g, (_, double: string | undefined, single: string | undefined) =>
    double !== undefined ? double.replace(/\\(.)/g, "$1") : (single ?? ""),
  );
}

export interface ArgExpansion {
  /** The expanded text; undefined when a referenced ARG has no known value (no default, or undeclared). */
  value?: string;
  /** The ARG names the text referred to, directly or through other ARG defaults. */
  used: string[];
}

const VARIABLE = /\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)|\$\{[^}]*\}/g;

/**
 * Expands `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME-word}`, `${NAME:+word}` and `${NAME+word}` against
 * ARG defaults. An ARG without a default may be set with `--build-arg`, so its value is unknown, and so is
 * the result: rules must not guess.
 */
export function expandArgs(text: string, args: ReadonlyMap<string, string | undefined>): ArgExpansion {
  const used = new Set<string>();
  const value = expand(unquote(text), args, used, new Set());
  return { ...(value !== undefined ? { value } : {}), used: [...used] };
}

function expand(text: string, args: ReadonlyMap<string, string | undefined>, used: Set<string>, resolving: Set<string>): string | undefined {
  let unknown = false;
  const lookup = (name: string): string | undefined => {
    used.add(name);
    const raw = args.get(name);
    if (raw === undefined || resolving.has(name)) return undefined;
    resolving.add(name);
    const resolved = expand(raw, args, used, resolving);
    resolving.delete(name);
    return resolved;
  };
  const result = text.replace(VARIABLE, (match, braced: string | undefined, operator: string | undefined, word: string | undefined, bare: string | undefined) => {
    if (match === "\\$") return "$";
    const name = braced ?? bare;
    const current = name !== undefined ? lookup(name) : undefined;
    if (current === undefined) {
      unknown = true; // unknown value, or a modifier we do not model (`${A#x}`, `${A/x/y}`)
      return "";
    }
    if (operator === undefined) return current;
    // A declared ARG with a default is always set, so `-`/`+` and `:-`/`:+` differ only on empty values.
    const present = operator.startsWith(":") ? current !== "" : true;
    if (operator.endsWith("-") ? present : !present) return operator.endsWith("-") ? current : "";
    const expanded = expand(word ?? "", args, used, resolving);
    if (expanded === undefined) unknown = true;
    return expanded ?? "";
  });
  return unknown ? undefined : result;
}

/** The instruction that declares global ARG `name` (the last declaration wins, as in Docker). */
export function globalArgInstruction(dockerfile: Dockerfile, name: string): DockerInstruction | undefined {
  let found: DockerInstruction | undefined;
  for (const instruction of dockerfile.instructions) {
    if (instruction.keyword === "FROM") break;
    if (instruction.keyword === "ARG" && parseArgDeclarations(instruction.args).some(([key]) => key === name)) found = instruction;
  }
  return found;
}

export interface ImageReference {
  /** Registry and repository, e.g. `node` or `ghcr.io/acme/api`. */
  name: string;
  tag?: string;
  /** `sha256:...` when pinned by digest. */
  digest?: string;
}

export function parseImageReference(reference: string): ImageReference {
  const at = reference.indexOf("@");
  const digest = at >= 0 ? reference.slice(at + 1) : undefined;
  const rest = at >= 0 ? reference.slice(0, at) : reference;
  // A colon before the last slash is a registry port (`localhost:5000/app`), not a tag.
  const colon = rest.lastIndexOf(":");
  const hasTag = colon > rest.lastIndexOf("/");
  return {
    name: hasTag ? rest.slice(0, colon) : rest,
    ...(hasTag ? { tag: rest.slice(colon + 1) } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/** What a stage's FROM points at, after ARG expansion. */
export type StageBase =
  | { kind: "stage"; stage: DockerStage }
  | { kind: "scratch" }
  | { kind: "image"; reference: string; image: ImageReference; usedArgs: string[] }
  | { kind: "unknown"; usedArgs: string[] };

export function stageBase(dockerfile: Dockerfile, stage: DockerStage): StageBase {
  const { value, used } = expandArgs(stage.image, dockerfile.globalArgs);
  if (value === undefined || value.trim() === "") return { kind: "unknown", usedArgs: used };
  const reference = value.trim();
  // FROM may only name stages defined above it; a later or unknown name is an image on a registry.
  const earlier = dockerfile.stages.find((candidate) => candidate.index < stage.index && candidate.name === reference.toLowerCase());
  if (earlier) return { kind: "stage", stage: earlier };
  if (reference.toLowerCase() === "scratch") return { kind: "scratch" };
  return { kind: "image", reference, image: parseImageReference(reference), usedArgs: used };
}

export function finalStage(dockerfile: Dockerfile): DockerStage | undefined {
  return dockerfile.stages[dockerfile.stages.length - 1];
}
