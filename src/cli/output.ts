// Renders a review result in the chosen format for the terminal or a pipe.
import { renderJson } from "../review/render/json.js";
import { renderMarkdownSummary, renderTitle } from "../review/render/markdown.js";
import { colorEnabled } from "../review/render/ansi.js";
import { renderText } from "../review/render/text.js";
import type { ReviewResult } from "../review/types.js";
import type { Format } from "./args.js";

export interface OutputTarget {
  isTTY?: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

export function renderReport(result: ReviewResult, format: Format, target: OutputTarget): string {
  switch (format) {
    case "json":
      return renderJson(result);
    case "markdown":
      return `## ${renderTitle(result)}\n\n${renderMarkdownSummary(result)}`;
    case "text":
      return renderText(result, { color: colorEnabled({ ...(target.isTTY !== undefined ? { isTTY: target.isTTY } : {}), env: target.env }) });
  }
}
