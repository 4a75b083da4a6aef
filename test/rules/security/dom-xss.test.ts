import { describe, expect, it } from "vitest";
import { domXss } from "../../../rules/security/dom-xss.js";
import { analyze, findingsOf, patchAdding } from "../../helpers/rule-tester.js";

const RULE = "security/dom-xss";
const lines = (...code: string[]): string => code.join("\n");

describe("security/dom-xss: fires", () => {
  it("high on innerHTML built from a URLSearchParams value", () => {
    const code = lines(
      'const query = new URLSearchParams(window.location.search).get("q") ?? "";',
      'const heading = document.querySelector("#results-title");',
      "heading.innerHTML = `Results for <b>${query}</b>`;",
    );
    const [finding, ...rest] = findingsOf(domXss, "src/search/results.ts", code);
    expect(rest).toHaveLength(0);
    expect(finding).toMatchObject({ ruleId: RULE, severity: "high", line: 3 });
    expect(finding?.message).toContain("from `window.location.search`");
    expect(finding?.message).toContain("`heading.innerHTML`");
    expect(finding?.fix).toContain("textContent");
  });

  it("high on location.hash, document.referrer and message event data reaching sinks (js)", () => {
    const code = lines(
      'document.getElementById("tab").innerHTML = decodeURIComponent(location.hash.slice(1));',
      'document.write("<a href=\\"" + document.referrer + "\\">Back</a>");',
      'window.addEventListener("message", (event) => {',
      '  document.querySelector(".preview").insertAdjacentHTML("beforeend", event.data.html);',
      "});",
    );
    const findings = findingsOf(domXss, "public/app.js", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [1, "high"],
      [2, "high"],
      [4, "high"],
    ]);
  });

  it("high on dangerouslySetInnerHTML fed by useSearchParams (tsx)", () => {
    const code = lines(
      '"use client";',
      'import { useSearchParams } from "next/navigation";',
      "export function Banner() {",
      "  const params = useSearchParams();",
      '  const message = params.get("message") ?? "";',
      "  return <div className=\"banner\" dangerouslySetInnerHTML={{ __html: message }} />;",
      "}",
    );
    const findings = findingsOf(domXss, "app/components/Banner.tsx", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "high", line: 6 });
    expect(findings[0]?.message).toContain("`dangerouslySetInnerHTML`");
  });

  it("low (audit note) on values of unknown origin: a prop, jQuery .html(), an Angular bypass, a mapped list", () => {
    const code = lines(
      "export function Comment({ comment }: { comment: { bodyHtml: string } }) {",
      "  return <div dangerouslySetInnerHTML={{ __html: comment.bodyHtml }} />;",
      "}",
      'export function renderNotice(text: string) { $("#notice").html(text); }',
      "export class Widget {",
      "  constructor(private sanitizer: DomSanitizer) {}",
      "  html(content: string) { return this.sanitizer.bypassSecurityTrustHtml(content); }",
      "}",
      'export function list(el: HTMLElement, names: string[]) { el.innerHTML = names.map((name) => `<li>${name}</li>`).join(""); }',
    );
    const findings = findingsOf(domXss, "src/ui/widgets.tsx", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [2, "low"],
      [4, "low"],
      [7, "low"],
      [9, "low"],
    ]);
    expect(findings[2]?.message).toContain("skipping Angular's sanitizer");
    expect(findings[3]?.message).toContain("through `name`");
  });

  it("low on Solid's innerHTML prop with a prop value (jsx)", () => {
    const code = lines("export const Snippet = (props) => <pre class=\"snippet\" innerHTML={props.highlighted} />;");
    const findings = findingsOf(domXss, "src/components/Snippet.jsx", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe("low");
  });

  it("on a jQuery append of an HTML string and on innerHTML +=", () => {
    const code = lines(
      "function addRow(user) {",
      '  $("#users").append("<tr><td>" + user.name + "</td></tr>");',
      '  document.getElementById("log").innerHTML += `<p>${user.lastAction}</p>`;',
      "}",
    );
    expect(findingsOf(domXss, "public/users.js", code).map((finding) => finding.line)).toEqual([2, 3]);
  });

  it("only on added lines in review mode", () => {
    const code = lines("a.innerHTML = x;", "b.innerHTML = y;");
    const { findings } = analyze([domXss], [{ path: "src/a.ts", content: code, patch: patchAdding(code, [1]) }], { mode: "review" });
    expect(findings.map((finding) => finding.line)).toEqual([1]);
  });
});

describe("security/dom-xss: does not fire", () => {
  it("on constants, templates of constants, numbers and copies of existing markup", () => {
    const code = lines(
      'const SPINNER = "<span class=\\"spinner\\"></span>";',
      'el.innerHTML = "";',
      "el.innerHTML = SPINNER;",
      "el.innerHTML = `<div>${SPINNER}</div>`;",
      "counter.innerHTML = `<b>${items.length}</b> items, ${Number(total).toFixed(2)} EUR`;",
      "clone.innerHTML = template.innerHTML;",
      "el.innerHTML = ICONS.close;",
    );
    expect(findingsOf(domXss, "src/ui/static.ts", code)).toHaveLength(0);
  });

  it("on sanitized values and safe markdown rendering", () => {
    const code = lines(
      'import DOMPurify from "dompurify";',
      'import MarkdownIt from "markdown-it";',
      "const md = new MarkdownIt();",
      "export function Post({ post }) {",
      "  return <article dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(post.html) }} />;",
      "}",
      "export function Readme({ source }) {",
      "  return <section dangerouslySetInnerHTML={{ __html: md.render(source) }} />;",
      "}",
      "preview.innerHTML = sanitizeHtml(location.hash.slice(1));",
      'el.innerHTML = items.map((item) => `<li>${escapeHtml(item.name)}</li>`).join("");',
    );
    expect(findingsOf(domXss, "src/components/Post.jsx", code)).toHaveLength(0);
  });

  it("on textContent, React's createMarkup with a constant, JSON-LD escaped for script", () => {
    const code = lines(
      "title.textContent = location.hash;",
      "label.innerText = new URLSearchParams(location.search).get(\"q\");",
      'function createMarkup() { return { __html: "First &middot; Second" }; }',
      "export const Doc = () => <div dangerouslySetInnerHTML={createMarkup()} />;",
      "export const Ld = ({ data }) => (",
      '  <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: JSON.stringify(data).replace(/</g, "\\\\u003c") }} />',
      ");",
    );
    expect(findingsOf(domXss, "src/pages/doc.tsx", code)).toHaveLength(0);
  });

  it("on look-alikes: jQuery append of elements, a non-jQuery html(), a stream write, an Angular URL with a fixed origin", () => {
    const code = lines(
      'const $list = $("#list");',
      'for (const item of items) $list.append($("<li>").text(item.name));',
      "$list.append(document.createElement(\"hr\"));",
      "reply.html(body);",
      "process.stdout.write(`<${tag}>`);",
      "this.videoUrl = this.sanitizer.bypassSecurityTrustResourceUrl(`https://www.youtube-nocookie.com/embed/${this.videoId}`);",
    );
    expect(findingsOf(domXss, "src/client/list.ts", code)).toHaveLength(0);
  });

  it("on imported raw SVG assets", () => {
    const code = lines('import closeIcon from "./icons/close.svg?raw";', "button.innerHTML = closeIcon;");
    expect(findingsOf(domXss, "src/ui/button.ts", code)).toHaveLength(0);
  });

  it("in test files", () => {
    expect(findingsOf(domXss, "src/ui/__tests__/render.ts", "el.innerHTML = location.hash;")).toHaveLength(0);
  });
});
