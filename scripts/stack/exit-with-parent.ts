/**
 * Preloaded into each service the stack starts (`node --import tsx --import <this file>`): when
 * the stack process is gone without stopping it (SIGKILL, a crashed terminal), the service is
 * re-parented, and it then stops itself with SIGTERM, its own clean shutdown, instead of
 * holding its port as an orphan. Node cannot ask the kernel for a parent-death signal, so poll.
 */
const parent = process.ppid;
const POLL_MS = 500;

setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
}, POLL_MS).unref();
