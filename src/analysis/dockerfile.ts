// A small Dockerfile parser: instructions with their line ranges, grouped into build stages.
// Handles line continuations, comments inside continuations, parser directives (escape) and
// heredocs (`RUN <<EOF ... EOF`), which is what the rules need to tell the final stage apart.

export interface DockerInstruction {
  /** Upper-cased keyword: FROM, RUN, USER, ... */
  keyword: string;
  /** Arguments with continuations joined by a space and flags removed. */
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
  /** ARGs declared before the first FROM, with their defaults. */
  globalArgs: Map<string, string | undefined>;
}

const DIRECTIVE = /^#\s*(\w+)\s*=\s*(\S+)\s*$/;

export function parseDockerfile(content: string): Dockerfile {
  const rows = content.split(/\r?\n/);
  let escape = "\\";
  // Parser directives are only honoured at the very top, before any other line.
  for (const row of rows) {
    const directive = DIRECTIVE.exec(row);
    if (!directive) break;
    if (directive[1]?.toLowerCase() === "escape" && (directive[2] === "`" || directive[2] === "\\")) escape = directive[2];
  }

  const instructions: DockerInstruction[] = [];
  let index = 0;
  while (index < rows.length) {
    const startRow = rows[index] ?? "";
    const trimmed = startRow.trim();
    if (trimmed === "" || trimmed.startsWith("#")) {
      index++;
      continue;
    }
    const startLine = index + 1;
    let text = trimmed;
    // Join continuation lines; comment lines inside a continuation are dropped, as Docker does.
    while (text.endsWith(escape) && index + 1 < rows.length) {
      text = text.slice(0, -1).trimEnd();
      index++;
      const next = (rows[index] ?? "").trim();
      if (next.startsWith("#")) {
        text += escape; // keep continuing past the comment
        continue;
      }
      text += ` ${next}`;
    }
    // Heredoc bodies belong to the instruction that opened them.
    const heredoc = /<<-?["']?([A-Za-z_][A-Za-z0-9_]*)["']?/.exec(text);
    if (heredoc) {
      const terminator = heredoc[1];
      while (index + 1 < rows.length && (rows[index + 1] ?? "").trim() !== terminator) {
        index++;
        text += `\n${rows[index] ?? ""}`;
      }
      if (index + 1 < rows.length) index++; // the terminator line
    }
    const match = /^(\S+)\s*([\s\S]*)$/.exec(text);
    const keyword = (match?.[1] ?? "").toUpperCase();
    let rest = match?.[2] ?? "";
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
      if (instruction.keyword === "ARG") {
        const [key = "", value] = instruction.args.split("=", 2);
        globalArgs.set(key.trim(), value?.trim().replace(/^["']|["']$/g, ""));
      }
    } else {
      stages[stages.length - 1]?.instructions.push(instruction);
    }
  }
  return { instructions, stages, globalArgs };
}
