import type { Document, YAMLError } from 'yaml';
import { LineCounter, isNode, parseAllDocuments } from 'yaml';

/**
 * The 1-based line of the field at `path` (`spec.containers[0].name`) in a parsed YAML document:
 * the deepest existing node on the path, the document's first line when none exists.
 */
export function lineOfPath(doc: Document, lines: LineCounter, path: string): number {
  const segments = splitPath(path);
  for (let n = segments.length; n > 0; n--) {
    const node = doc.getIn(segments.slice(0, n), true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return firstLine(doc, lines);
}

/** The line of a document's first content (after `---` and comments). */
export function firstLine(doc: Document, lines: LineCounter): number {
  const start = isNode(doc.contents) && doc.contents.range ? doc.contents.range[0] : (doc.range?.[0] ?? 0);
  return lines.linePos(start).line;
}

/** `spec.env[0]["odd.key"]` → ['spec', 'env', 0, 'odd.key']. */
function splitPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (let m = re.exec(path); m !== null; m = re.exec(path)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(m[3]!) as string);
  }
  return out;
}

/**
 * A YAML syntax error as `file:line:col: cannot parse YAML: <reason>` followed by the offending
 * lines with a caret, instead of the parser's message that ends in a dangling colon.
 */
export function describeYamlError(file: string, err: YAMLError): string {
  const [reason = '', ...context] = err.message.split('\n');
  const pos = err.linePos?.[0];
  const where = pos ? `${file}:${pos.line}:${pos.col}` : file;
  const text = reason.replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '');
  const snippet = context.filter((l) => l.trim() !== '').map((l) => `  | ${l}`);
  return [`${where}: cannot parse YAML: ${text}`, ...snippet].join('\n');
}

/** A YAML file that does not parse; the message is `describeYamlError`'s (file:line:col, snippet). */
export class YamlSourceError extends Error {}

/** One document of a YAML file: its parsed node tree, its value and the line it starts on. */
export interface SourceDocument {
  readonly doc: Document;
  readonly value: unknown;
  readonly line: number;
}

/** The documents of a YAML (or JSON) text with values, empty documents left out. */
export interface YamlSource {
  readonly lines: LineCounter;
  readonly documents: readonly SourceDocument[];
}

/** Parses every document of `text` (read from `file`); throws YamlSourceError naming file:line. */
export function parseYamlSource(file: string, text: string): YamlSource {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines });
  const bad = docs.flatMap((d) => d.errors)[0];
  if (bad) throw new YamlSourceError(describeYamlError(file, bad));
  const documents: SourceDocument[] = [];
  for (const doc of docs) {
    const line = firstLine(doc, lines);
    let value: unknown;
    try {
      value = doc.toJS();
    } catch (err) {
      // e.g. an alias to an anchor that does not exist
      throw new YamlSourceError(`${file}:${line}: cannot parse YAML: ${(err as Error).message}`);
    }
    if (value !== null && value !== undefined) documents.push({ doc, value, line });
  }
  return { lines, documents };
}
