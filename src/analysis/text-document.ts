// A text file as text rules see it: its lines, and which of them the change adds.
import type { ChangedFile } from "../review/types.js";

export interface TextDocument {
  file: ChangedFile;
  /** All head lines, index 0 is line 1. */
  lines: readonly string[];
  /** Added head-side line numbers in ascending order: the only lines a text rule needs to read. */
  addedLineNumbers: readonly number[];
  /** The text of a 1-based line, or "" past the end. */
  lineAt(line: number): string;
}

export function splitLines(content: string): string[] {
  const lines = content.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

export function createTextDocument(file: ChangedFile, content: string): TextDocument {
  const lines = splitLines(content);
  const addedLineNumbers = [...file.addedLines].filter((line) => line <= lines.length).sort((a, b) => a - b);
  return {
    file,
    lines,
    addedLineNumbers,
    lineAt: (line) => lines[line - 1] ?? "",
  };
}
