// Findings as check-run annotations: GitHub takes at most 50 per request, appended on each update.
import type { Finding, Severity } from "../review/types.js";
import { sanitizeForGitHub } from "./sanitize.js";

export const ANNOTATIONS_PER_REQUEST = 50;

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "notice" | "warning" | "failure";
  title: string;
  message: string;
}

const LEVEL: Record<Severity, CheckAnnotation["annotation_level"]> = {
  critical: "failure",
  high: "failure",
  medium: "warning",
  low: "notice",
};

export function annotationFor(finding: Finding): CheckAnnotation {
  const blocking = finding.blocking ? " · blocks merge" : "";
  return {
    path: finding.path,
    start_line: finding.line,
    end_line: finding.endLine,
    annotation_level: LEVEL[finding.severity],
    title: sanitizeForGitHub(`${finding.severity} · ${finding.ruleId}${blocking}`, 255),
    message: sanitizeForGitHub(`${finding.message}\n\nWhy: ${finding.why}\n\nFix: ${finding.fix}`, 60_000),
  };
}

export function inBatches<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}
