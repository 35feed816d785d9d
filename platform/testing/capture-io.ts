/** Command IO for tests: what a command wrote to standard output and error, line by line. */
export function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env: {} },
    out,
    err,
  };
}
