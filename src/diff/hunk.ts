// Parsing of unified-diff hunks, as GitHub's `listFiles` returns them in `patch` and as `git diff` prints.

export interface HunkLine {
  kind: "add" | "delete" | "context";
  /** Base-side line number (delete and context lines). */
  oldLine?: number;
  /** Head-side line number (add and context lines). */
  newLine?: number;
  text: string;
}

export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: HunkLine[];
}

export interface PatchLineMap {
  hunks: Hunk[];
  addedLines: Set<number>;
  commentableLines: Set<number>;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export class PatchParseError extends Error {
  constructor(message: string, readonly lineNumber: number) {
    super(`${message} (patch line ${lineNumber})`);
    this.name = "PatchParseError";
  }
}

/**
 * Parses the hunks of one file's patch. Lines before the first `@@` (file headers) are ignored;
 * `\ No newline at end of file` markers are skipped. Throws PatchParseError on a hunk whose body
 * disagrees with its header, since a wrong line map would put comments on the wrong lines.
 */
export function parsePatch(patch: string): PatchLineMap {
  const hunks: Hunk[] = [];
  const addedLines = new Set<number>();
  const commentableLines = new Set<number>();
  const rows = patch.split("\n");
  let current: Hunk | undefined;
  let oldLine = 0;
  let newLine = 0;
  let oldRemaining = 0;
  let newRemaining = 0;

  const closeHunk = (index: number): void => {
    if (current && (oldRemaining > 0 || newRemaining > 0)) {
      throw new PatchParseError(
        `hunk @@ -${current.oldStart},${current.oldLines} +${current.newStart},${current.newLines} @@ ends early`,
        index + 1,
      );
    }
  };

  for (let index = 0; index < rows.length; index++) {
    const row = rows[index] ?? "";
    const header = HUNK_HEADER.exec(row);
    if (header) {
      closeHunk(index);
      current = {
        oldStart: Number(header[1]),
        oldLines: header[2] === undefined ? 1 : Number(header[2]),
        newStart: Number(header[3]),
        newLines: header[4] === undefined ? 1 : Number(header[4]),
        lines: [],
      };
      hunks.push(current);
      oldLine = current.oldStart;
      newLine = current.newStart;
      oldRemaining = current.oldLines;
      newRemaining = current.newLines;
      continue;
    }
    if (!current) continue; // file headers (diff --git, ---, +++, index ...)
    if (row.startsWith("\\")) continue; // "\ No newline at end of file"
    if (oldRemaining === 0 && newRemaining === 0) {
      // Trailing text after a complete hunk: the next file's header in a multi-file diff, or a blank line.
      current = undefined;
      continue;
    }
    const marker = row[0];
    const text = row.slice(1);
    if (marker === "+") {
      current.lines.push({ kind: "add", newLine, text });
      addedLines.add(newLine);
      commentableLines.add(newLine);
      newLine++;
      newRemaining--;
    } else if (marker === "-") {
      current.lines.push({ kind: "delete", oldLine, text });
      oldLine++;
      oldRemaining--;
    } else if (marker === " " || row === "") {
      current.lines.push({ kind: "context", oldLine, newLine, text });
      commentableLines.add(newLine);
      oldLine++;
      newLine++;
      oldRemaining--;
      newRemaining--;
    } else {
      throw new PatchParseError(`unexpected line in hunk: ${JSON.stringify(row.slice(0, 40))}`, index + 1);
    }
    if (oldRemaining < 0 || newRemaining < 0) {
      throw new PatchParseError("hunk is longer than its header says", index + 1);
    }
  }
  closeHunk(rows.length);
  return { hunks, addedLines, commentableLines };
}

/** The line map of a file that is entirely new to the review (`scan`, or an added file without a patch). */
export function wholeFileLineMap(content: string): PatchLineMap {
  const lineCount = countLines(content);
  const all = new Set<number>();
  for (let line = 1; line <= lineCount; line++) all.add(line);
  return { hunks: [], addedLines: all, commentableLines: new Set(all) };
}

export function countLines(content: string): number {
  if (content.length === 0) return 0;
  let count = 1;
  for (let i = 0; i < content.length; i++) if (content.charCodeAt(i) === 10) count++;
  // A trailing newline ends the last line; it does not start a new one.
  return content.endsWith("\n") ? count - 1 : count;
}
