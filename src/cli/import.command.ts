import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BulkImport, ImportRefused, type ImportProgress } from '../ingestion/bulk-import.service';
import { EXIT, type CliCommand } from './cli-io';
import { withHub } from './with-hub';

const progressLine = (p: ImportProgress) =>
  `${p.read} lines read, ${p.accepted} accepted, ${p.rejected} rejected (quarantined), ${p.alreadyImported} already imported, ${Math.round(p.ratePerSecond)}/s`;

/** Whole positive number from an option, or undefined when not given. */
function count(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(value))
    throw Object.assign(new Error(`--${option} must be a whole number above 0`), {
      code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE',
    });
  return Number(value);
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'back-load history from an NDJSON file through an inbound source (resumable)',
  usage: 'hub import --source SOURCE [--agency ID] [--resume] [--batch N] [--limit N] FILE.ndjson',
  help: [
    'Reads FILE, one message per line exactly as POST /v1/inbound/SOURCE takes it (for an XML',
    'source, a JSON string holding the document), and ingests each through the same adapter,',
    'identity resolution, rules, events and audit. A line the API would refuse is quarantined',
    'alike; its neighbours are not affected. Events raised are marked back-loaded: they are',
    'delivered only under agreements with `backloaded: deliver` (agreements.md).',
    '',
    '  --source SOURCE  court-outcomes, probation, pnc, prison, passport-watchlist, mappa',
    "  --agency ID      the sending agency (default: the one agency of the source's kind)",
    '  --sub NAME       who runs the import, for the audit log (default: hub-import)',
    '  --batch N        lines per transaction (default 500)',
    '  --resume         continue an unfinished import of this file from its checkpoint',
    '  --limit N        stop after N lines (the checkpoint stays unfinished; --resume continues)',
    '',
    'A checkpoint (file SHA-256, line, byte offset) moves with each committed batch; every line',
    'also has its own key (file hash and line number), so a line is never stored twice and a',
    'finished file run again changes nothing. Progress goes to stderr, the result as JSON to',
    'stdout. Exit 0 done (or stopped at --limit), 1 failed (resume to continue), 2 wrong usage.',
  ].join('\n'),
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        source: { type: 'string' },
        agency: { type: 'string' },
        sub: { type: 'string' },
        batch: { type: 'string' },
        limit: { type: 'string' },
        resume: { type: 'boolean' },
      },
    });
    if (!values.source || positionals.length !== 1) {
      io.err(`Usage: ${this.usage}`);
      return EXIT.usage;
    }
    const file = resolve(positionals[0]);
    if (!existsSync(file)) {
      io.err(`No such file: ${file}`);
      return EXIT.usage;
    }
    const batchSize = count(values.batch, 'batch');
    const limit = count(values.limit, 'limit');
    let lastShown = 0;
    try {
      const result = await withHub(io, (hub) =>
        hub.get(BulkImport, { strict: false }).run({
          file,
          source: values.source!,
          agencyId: values.agency,
          sub: values.sub ?? 'hub-import',
          resume: values.resume === true,
          batchSize,
          limit,
          onProgress: (p) => {
            // At most one line a second: a terminal, not a log, is what watches it.
            if (p.elapsedMs - lastShown < 1000) return;
            lastShown = p.elapsedMs;
            io.err(progressLine(p));
          },
        }),
      );
      if (result.alreadyFinished) io.err('This file was imported to its end already: nothing to do.');
      else
        io.err(`${result.finished ? 'Finished' : `Stopped before line ${result.nextLine}`}: ${progressLine(result)}`);
      io.out(JSON.stringify(result, null, 2));
      return EXIT.ok;
    } catch (e) {
      if (e instanceof ImportRefused) {
        io.err(e.message);
        return EXIT.usage;
      }
      throw e;
    }
  },
};
