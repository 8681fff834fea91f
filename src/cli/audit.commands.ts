import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AuditCheckpoints } from '../audit/audit-checkpoints';
import { AuditVerifier } from '../audit/audit-verifier';
import { EXIT, type CliCommand } from './cli-io';
import { withHub } from './with-hub';

export const auditVerify: CliCommand = {
  name: 'audit:verify',
  summary: 'walk every audit chain and report the first broken link',
  usage: 'hub audit:verify',
  help: "Walks the statutory audit log's hash chains in one snapshot (as GET /v1/audit/verify).\nPrints the report as JSON. Exit 0 when intact, 1 when a link is broken.",
  async run(args, io) {
    parseArgs({ args, options: {} });
    const report = await withHub(io, (hub) => hub.get(AuditVerifier, { strict: false }).verify());
    io.out(JSON.stringify(report, null, 2));
    return report.ok ? EXIT.ok : EXIT.failed;
  },
};

export const auditCheckpoint: CliCommand = {
  name: 'audit:checkpoint',
  summary: 'issue a signed checkpoint of the audit chain heads, to keep outside the database',
  usage: 'hub audit:checkpoint --out FILE',
  help: "Signs the current chain heads with the hub's key (as GET /v1/audit/checkpoint) and writes\nthe checkpoint JSON to FILE (refusing to overwrite one). Keep it where the database's administrators cannot reach.",
  async run(args, io) {
    const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
    if (!values.out) {
      io.err(`Usage: ${this.usage}`);
      return EXIT.usage;
    }
    const file = resolve(values.out);
    const checkpoint = await withHub(io, (hub) => hub.get(AuditCheckpoints, { strict: false }).issue());
    writeFileSync(file, `${JSON.stringify(checkpoint, null, 2)}\n`, { flag: 'wx', mode: 0o644 });
    io.out(
      `Checkpoint of ${checkpoint.heads.length} chain head(s) issued at ${checkpoint.issuedAt} written to ${file}`,
    );
    return EXIT.ok;
  },
};
