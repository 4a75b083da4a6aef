// Builds ChangedFile values the same way for every adapter (GitHub API, local git, plain files).
import { detectLanguage } from "../analysis/language.js";
import { parsePatch, wholeFileLineMap } from "../diff/hunk.js";
import type { ChangedFile, FileStatus } from "./types.js";

export interface ChangedFileInput {
  path: string;
  previousPath?: string;
  status: FileStatus;
  /** The file's unified-diff hunks; absent for `scan` (every line counts as added). */
  patch?: string;
  content?: string;
  skipReason?: string;
}

export function buildChangedFile(input: ChangedFileInput): ChangedFile {
  const lineMap =
    input.patch !== undefined
      ? parsePatch(input.patch)
      : input.content !== undefined
        ? wholeFileLineMap(input.content)
        : { hunks: [], addedLines: new Set<number>(), commentableLines: new Set<number>() };
  return {
    path: input.path,
    ...(input.previousPath !== undefined ? { previousPath: input.previousPath } : {}),
    status: input.status,
    language: detectLanguage(input.path),
    hunks: lineMap.hunks,
    addedLines: lineMap.addedLines,
    commentableLines: lineMap.commentableLines,
    ...(input.content !== undefined && input.skipReason === undefined ? { content: input.content } : {}),
    ...(input.skipReason !== undefined ? { skipReason: input.skipReason } : {}),
  };
}
