/**
 * Reading rendered pages in tests with parse5, the HTML parser that follows
 * the WHATWG algorithm browsers use: what a test sees is what a browser
 * would build, so a sanitiser bypass that only a real parser exposes shows.
 */
import { type DefaultTreeAdapterMap, parse } from "parse5";

type Node = DefaultTreeAdapterMap["node"];
export type Element = DefaultTreeAdapterMap["element"];

/** Every element of a parsed document, in document order (including inside `<template>`). */
export function allElements(html: string): Element[] {
  const out: Element[] = [];
  const visit = (node: Node) => {
    if ("tagName" in node) out.push(node);
    if ("childNodes" in node) for (const child of node.childNodes) visit(child);
    if ("content" in node && node.content != null) visit(node.content as Node);
  };
  visit(parse(html));
  return out;
}

/** Every element under `root` (not `root` itself), in document order. */
export function descendants(root: Element): Element[] {
  const out: Element[] = [];
  const visit = (node: Element) => {
    for (const child of node.childNodes) {
      if ("tagName" in child) {
        out.push(child);
        visit(child);
      }
    }
  };
  visit(root);
  return out;
}

/** An element's attribute value, or `null`. */
export function attr(el: Element, name: string): string | null {
  return el.attrs.find((a) => a.name === name)?.value ?? null;
}

/** The text content of an element (whitespace collapsed). */
export function textOf(el: Node): string {
  let text = "";
  const visit = (node: Node) => {
    if (node.nodeName === "#text") text += (node as DefaultTreeAdapterMap["textNode"]).value;
    if ("childNodes" in node) for (const child of node.childNodes) visit(child);
  };
  visit(el);
  return text.replace(/\s+/g, " ").trim();
}

/** Elements matching a tag and, optionally, a class. */
export function select(html: string, tag: string, className?: string): Element[] {
  return allElements(html).filter((el) =>
    el.tagName === tag && (className == null || (attr(el, "class") ?? "").split(/\s+/).includes(className))
  );
}

/** Ids of the posts shown on a page (`<article id="post-…">`), in order. */
export function postIds(html: string): string[] {
  return select(html, "article").map((el) => attr(el, "id") ?? "").filter((id) => id.startsWith("post-"))
    .map((id) => id.slice("post-".length));
}

/** The href of the "older" pagination link (`rel="next"`), or `null`. */
export function nextLink(html: string): string | null {
  const link = select(html, "a").find((a) => attr(a, "rel") === "next");
  return link == null ? null : attr(link, "href");
}

/** The texts of the `<h1>` elements. */
export function headings1(html: string): string[] {
  return select(html, "h1").map(textOf);
}
