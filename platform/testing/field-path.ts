/** Crossplane field paths (`spec.containers[0].env`, `metadata.labels["a/b"]`) for the composition preview. */

type Segment = string | number;

/** Splits a field path into keys and indexes. */
export function parseFieldPath(path: string): Segment[] {
  const out: Segment[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["([^"]*)"\]/g;
  for (const m of path.matchAll(re)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(m[3]!);
  }
  return out;
}

/** The value at `path`, or undefined when any part is missing. */
export function getPath(root: unknown, path: string): unknown {
  let cur = root;
  for (const seg of parseFieldPath(path)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

/** Sets `path`, creating objects and arrays on the way (arrays are padded with null, like Crossplane's paved objects). */
export function setPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const segs = parseFieldPath(path);
  let cur: Record<string | number, unknown> = root;
  segs.forEach((seg, i) => {
    if (i === segs.length - 1) {
      if (typeof seg === 'number') padTo(cur as unknown as unknown[], seg);
      cur[seg] = value;
      return;
    }
    const next = segs[i + 1]!;
    if (typeof seg === 'number') padTo(cur as unknown as unknown[], seg);
    if (cur[seg] === undefined || cur[seg] === null) cur[seg] = typeof next === 'number' ? [] : {};
    cur = cur[seg] as Record<string | number, unknown>;
  });
}

function padTo(array: unknown[], index: number) {
  while (array.length < index) array.push(null);
}
