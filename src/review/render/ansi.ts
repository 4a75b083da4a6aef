// Minimal ANSI styling for terminal output, with the usual opt-outs; no dependency needed for five colours.

export type Style = "bold" | "dim" | "red" | "green" | "yellow" | "blue" | "magenta" | "cyan";

const CODES: Record<Style, [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
};

export interface ColorEnvironment {
  isTTY?: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * Colour only for a terminal: NO_COLOR (any non-empty value, see no-color.org) and TERM=dumb turn it off,
 * FORCE_COLOR (other than `0`) turns it on for pipes such as CI logs.
 */
export function colorEnabled({ isTTY, env }: ColorEnvironment): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false") return true;
  if (env.TERM === "dumb") return false;
  return isTTY === true;
}

export type Painter = (text: string, ...styles: Style[]) => string;

export function painter(color: boolean): Painter {
  if (!color) return (text) => text;
  return (text, ...styles) =>
    styles.reduce((styled, style) => `\u001b[${CODES[style][0]}m${styled}\u001b[${CODES[style][1]}m`, text);
}

/**
 * Makes text from the reviewed code safe to print: control characters (escape sequences could rewrite
 * the terminal or hide output) become visible `\xNN` escapes. Newlines and tabs are kept.
 */
export function sanitizeForTerminal(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, "0")}`);
}
