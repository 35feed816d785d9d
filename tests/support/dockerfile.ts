/** One build stage of a Dockerfile: `FROM <base> AS <name>` and the instructions after it. */
export interface DockerStage {
  readonly name: string;
  /** The image or earlier stage this one starts from (build args resolved). */
  readonly base: string;
  readonly instructions: readonly DockerInstruction[];
}

/** One instruction with its keyword upper-cased and its arguments as written. */
export interface DockerInstruction {
  readonly keyword: string;
  readonly args: string;
  readonly line: number;
}

/** A `COPY` source: from the build context, or from an earlier stage. */
export interface DockerCopy {
  readonly stage: string;
  readonly from: string | undefined;
  readonly sources: readonly string[];
  readonly line: number;
}

/**
 * Parses a Dockerfile into stages (continuation lines joined, comments dropped, `ARG`s
 * declared before the first `FROM` substituted into base images).
 */
export function parseDockerfile(text: string): DockerStage[] {
  const globalArgs = new Map<string, string>();
  const stages: { name: string; base: string; instructions: DockerInstruction[] }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let logical = lines[i] ?? '';
    while (logical.trimEnd().endsWith('\\') && i + 1 < lines.length) {
      logical = `${logical.trimEnd().slice(0, -1)} ${lines[++i] ?? ''}`;
    }
    const trimmed = logical.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const match = /^(\S+)\s*(.*)$/.exec(trimmed);
    if (!match) continue;
    const keyword = (match[1] ?? '').toUpperCase();
    const args = match[2] ?? '';
    if (keyword === 'ARG' && stages.length === 0) {
      const [name, value = ''] = args.split('=');
      globalArgs.set((name ?? '').trim(), value.trim());
      continue;
    }
    if (keyword === 'FROM') {
      const from = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!from) throw new Error(`line ${start + 1}: cannot parse FROM ${args}`);
      const base = (from[1] ?? '').replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a, b) => globalArgs.get(a ?? b) ?? '');
      stages.push({ name: from[2] ?? String(stages.length), base, instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`line ${start + 1}: ${keyword} before the first FROM`);
    stage.instructions.push({ keyword, args, line: start + 1 });
  }
  return stages;
}

/** Every `COPY`/`ADD` of every stage with its sources (the last argument is the destination). */
export function copiesOf(stages: readonly DockerStage[]): DockerCopy[] {
  const copies: DockerCopy[] = [];
  for (const stage of stages) {
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
      const words = ins.args.split(/\s+/).filter(Boolean);
      const flags = words.filter((w) => w.startsWith('--'));
      const paths = words.filter((w) => !w.startsWith('--'));
      const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
      copies.push({ stage: stage.name, from, sources: paths.slice(0, -1), line: ins.line });
    }
  }
  return copies;
}

/** The user a stage's processes run as: its last `USER`, else its base stage's, else root. */
export function effectiveUser(stages: readonly DockerStage[], name: string): string {
  const stage = stages.find((s) => s.name === name);
  if (!stage) return 'root';
  const user = stage.instructions.filter((i) => i.keyword === 'USER').at(-1);
  if (user) return user.args.trim();
  return stages.some((s) => s.name === stage.base) ? effectiveUser(stages, stage.base) : 'root';
}

/** The command a stage runs (its last `CMD`/`ENTRYPOINT` in exec form, inherited from its base stage). */
export function commandOf(stages: readonly DockerStage[], name: string): string[] {
  const stage = stages.find((s) => s.name === name);
  if (!stage) return [];
  const cmd = stage.instructions.filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT').at(-1);
  if (cmd) return JSON.parse(cmd.args) as string[];
  return stages.some((s) => s.name === stage.base) ? commandOf(stages, stage.base) : [];
}
