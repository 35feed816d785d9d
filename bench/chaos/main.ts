import { Command, InvalidArgumentError } from 'commander';
import { natsServerMissing } from './nats-server.js';
import { formatReport, isPassing } from './report.js';
import { runChaos } from './run.js';

function positiveInt(name: string) {
  return (raw: string) => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1)
      throw new InvalidArgumentError(`${name} must be a positive integer`);
    return value;
  };
}

const program = new Command('chaos')
  .description('Injects seeded faults into two orchestrators and two engines and checks that nothing is lost')
  .option('--faults <n>', 'faults to inject', positiveInt('--faults'), 100)
  .option('--seed <s>', 'seed of the fault schedule (printed when drawn)', positiveInt('--seed'))
  .option(
    '--duration <s>',
    'seconds over which the faults are spread (default 1.5 per fault)',
    positiveInt('--duration'),
  )
  .option('--lanes <n>', 'refinements driven at once', positiveInt('--lanes'), 4)
  .option('--quiet', 'print only the report');
program.parse();
const opts = program.opts<{
  faults: number;
  seed?: number;
  duration?: number;
  lanes: number;
  quiet?: boolean;
}>();

const missing = natsServerMissing();
if (missing) {
  console.error(`chaos: ${missing}`);
  process.exit(2);
}
const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 31);
console.log(
  `chaos: seed ${seed}, ${opts.faults} faults; PostgreSQL ${process.env.DATABASE_URL ? 'from DATABASE_URL' : 'embedded'}`,
);
const result = await runChaos({
  faults: opts.faults,
  seed,
  lanes: opts.lanes,
  ...(opts.duration ? { durationS: opts.duration } : {}),
  ...(process.env.DATABASE_URL ? { adminUrl: process.env.DATABASE_URL } : {}),
  ...(opts.quiet ? {} : { log: (line: string) => console.log(`  ${line}`) }),
});
for (const line of formatReport(result)) console.log(line);
process.exit(isPassing(result) ? 0 : 1);
