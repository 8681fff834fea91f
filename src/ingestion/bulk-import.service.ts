import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../auth/agency';
import { AgencyRegistry } from '../auth/agency-registry';
import type { AuditEntry } from '../audit/audit-entry';
import { AuditLog } from '../audit/audit-log';
import type { CanonicalCommand } from '../canonical/commands';
import { jsonNestsTooDeep, MAX_NESTING_DEPTH } from '../common/nesting-depth';
import { ProblemException, RequestValidationException } from '../common/problem';
import { CommandRejected } from './command-rejected';
import { IdempotencyStore } from './idempotency.store';
import { INBOUND_ADAPTERS, type InboundAdapter } from './inbound-adapter.port';
import { InboundMessageRepository, type InboundMessageToStore } from './inbound-message.repository';
import { inboundAdaptersByName } from './inbound-sources';
import { IngestionService, type AcceptedResponse } from './ingestion.service';
import { ImportCheckpoints, type ImportKey } from './import-checkpoints';
import { jsonShapeErrors } from './json-shape';
import { ndjsonLines, fileSha256, type NdjsonLine } from './ndjson-lines';
import { nulCharacterErrors } from './nul-characters';

/** The API's body limit: a line longer than a message may be is refused as one would be. */
const MAX_LINE_BYTES = 1024 * 1024;

export interface ImportOptions {
  file: string;
  source: string;
  /** The sending agency; when left out, the one agency of the source's kind. */
  agencyId?: string;
  /** Who runs the import (the audit log's actor). */
  sub: string;
  /** Continue an unfinished import of this file from its checkpoint. */
  resume?: boolean;
  /** Lines per transaction. */
  batchSize?: number;
  /** Stop after this many lines of this run (a crash stand-in for tests; the checkpoint stays unfinished). */
  limit?: number;
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportProgress {
  /** Lines read this run (blank lines included). */
  read: number;
  accepted: number;
  rejected: number;
  /** Lines this file already had imported (their derived key was taken). */
  alreadyImported: number;
  ratePerSecond: number;
  elapsedMs: number;
}

export interface ImportResult extends ImportProgress {
  fileSha256: string;
  /** The file had been imported to its end already: nothing was read. */
  alreadyFinished: boolean;
  finished: boolean;
  /** Where the checkpoint stands: the next line to read. */
  nextLine: number;
}

/** A usage error the CLI answers with exit 2 (nothing was imported). */
export class ImportRefused extends Error {}

/** A message of the batch failed (refused by the rules, or worse): the batch is redone message by message. */
class RedoAlone extends Error {}

type ReadLine =
  | { line: NdjsonLine; stored: InboundMessageToStore; commands: CanonicalCommand[] }
  | { line: NdjsonLine; stored: InboundMessageToStore; problem: ProblemException }
  | { line: NdjsonLine; blank: true };

/**
 * `hub import`: back-loads history from an NDJSON file, one message per line exactly as
 * POST /v1/inbound/{source} takes it, through the same adapter, the same checks in the same
 * order, and IngestionService.ingestWithin (identity, rules, events, consequences, audit): no
 * second pipeline. Lines are committed in batches: one transaction per batch, the audit rows in
 * one statement, the checkpoint moved in it. A line the API would quarantine is quarantined
 * alike and does not fail its neighbours; a line refused by the rules (a foreign order ref)
 * makes the batch redo its lines each under a savepoint, so only that line is quarantined.
 * Every line has a derived idempotency key (`import:<file sha256>:<line>`), so no line is ever
 * stored twice, whatever the checkpoint says. Events raised are marked back-loaded.
 */
@Injectable()
export class BulkImport {
  private readonly adapters: Map<string, InboundAdapter>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(INBOUND_ADAPTERS) adapters: InboundAdapter[],
    private readonly ingestion: IngestionService,
    private readonly messages: InboundMessageRepository,
    private readonly idempotency: IdempotencyStore,
    private readonly audit: AuditLog,
    private readonly agencies: AgencyRegistry,
    private readonly checkpoints: ImportCheckpoints,
  ) {
    this.adapters = inboundAdaptersByName(adapters);
  }

  sources(): string[] {
    return [...this.adapters.keys()];
  }

  async run(o: ImportOptions): Promise<ImportResult> {
    const adapter = this.adapters.get(o.source);
    if (!adapter) throw new ImportRefused(`There is no inbound source "${o.source}" (${this.sources().join(', ')})`);
    const caller = this.callerFor(adapter, o);
    const fileSha = await fileSha256(o.file);
    const key: ImportKey = { fileSha256: fileSha, adapter: adapter.name, agencyId: caller.agency.id };
    const started = Date.now();
    const progress: ImportProgress = {
      read: 0,
      accepted: 0,
      rejected: 0,
      alreadyImported: 0,
      ratePerSecond: 0,
      elapsedMs: 0,
    };
    const result = (checkpoint: { nextLine: number; finishedAt: string | null }, alreadyFinished = false) => ({
      ...progress,
      fileSha256: fileSha,
      alreadyFinished,
      finished: checkpoint.finishedAt !== null,
      nextLine: checkpoint.nextLine,
    });

    const existing = await this.checkpoints.find(key);
    if (existing?.finishedAt) return result(existing, true);
    if (existing && !o.resume && existing.nextLine > 1)
      throw new ImportRefused(
        `This file's import stopped before line ${existing.nextLine}; pass --resume to continue it from there`,
      );
    const checkpoint = existing ?? (await this.checkpoints.start(key, o.file));

    const batchSize = o.batchSize ?? 500;
    let batch: NdjsonLine[] = [];
    let nextLine = checkpoint.nextLine;
    const flush = async () => {
      if (!batch.length) return;
      const counts = await this.commitBatch(adapter, caller, key, o.file, batch);
      progress.accepted += counts.accepted;
      progress.rejected += counts.rejected;
      progress.alreadyImported += counts.alreadyImported;
      nextLine = batch[batch.length - 1].number + 1;
      batch = [];
      progress.elapsedMs = Date.now() - started;
      progress.ratePerSecond = progress.elapsedMs ? (progress.read * 1000) / progress.elapsedMs : 0;
      o.onProgress?.({ ...progress });
    };
    let stopped = false;
    for await (const line of ndjsonLines(o.file, checkpoint.byteOffset, checkpoint.nextLine)) {
      if (o.limit !== undefined && progress.read >= o.limit) {
        stopped = true;
        break;
      }
      progress.read++;
      batch.push(line);
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    if (!stopped) await this.checkpoints.finish(key);
    return result({ nextLine, finishedAt: stopped ? null : 'now' });
  }

  private callerFor(adapter: InboundAdapter, o: ImportOptions): Caller {
    const ofKind = this.agencies.all().filter((a) => a.kind === adapter.agencyKind);
    const agency = o.agencyId ? this.agencies.all().find((a) => a.id === o.agencyId) : ofKind[0];
    if (!o.agencyId && ofKind.length !== 1)
      throw new ImportRefused(
        `${ofKind.length} ${adapter.agencyKind} agencies are configured: name the sender with --agency (${ofKind.map((a) => a.id).join(', ')})`,
      );
    if (!agency) throw new ImportRefused(`There is no agency "${o.agencyId}"`);
    if (agency.kind !== adapter.agencyKind)
      throw new ImportRefused(`A ${agency.kind} agency may not send ${adapter.name} messages`);
    return { agency, sub: o.sub, scopes: ['inbound:write'] };
  }

  /** One transaction for the batch; redone line by line under savepoints if the rules refuse one of its lines. */
  private async commitBatch(
    adapter: InboundAdapter,
    caller: Caller,
    key: ImportKey,
    filePath: string,
    lines: NdjsonLine[],
  ): Promise<{ accepted: number; rejected: number; alreadyImported: number }> {
    const read = lines.map((line) => this.read(adapter, caller, key, line));
    const attempt = (alone: boolean) =>
      this.dataSource.transaction(async (m) => {
        const done = await this.store(m, adapter, caller, read, alone);
        const last = lines[lines.length - 1];
        await this.checkpoints.advance(m, key, {
          nextLine: last.number + 1,
          byteOffset: last.nextOffset,
          accepted: done.accepted.length,
          rejected: done.rejected,
          filePath,
        });
        return done;
      });
    let done;
    try {
      done = await attempt(false);
    } catch (e) {
      if (!(e instanceof RedoAlone)) throw e;
      done = await attempt(true);
    }
    await this.ingestion.afterCommit(done.accepted, done.watchlist);
    return { accepted: done.accepted.length, rejected: done.rejected, alreadyImported: done.alreadyImported };
  }

  private async store(m: EntityManager, adapter: InboundAdapter, caller: Caller, read: ReadLine[], alone: boolean) {
    const messages = read.filter((r): r is Exclude<ReadLine, { blank: true }> => !('blank' in r));
    // Lines already imported (a re-run, or a resume after a crash between commit and checkpoint) keep their first outcome.
    const claimed = await this.idempotency.claimMany(
      m,
      caller.agency.id,
      adapter.name,
      messages.map((r) => ({ key: r.stored.idempotencyKey!, requestSha256: r.stored.bodySha256 })),
    );
    const accepted: AcceptedResponse[] = [];
    const watchlist: string[] = [];
    const audit: AuditEntry[] = [];
    let rejected = 0;
    const quarantine = async (stored: InboundMessageToStore, problem: ProblemException) => {
      const document = problem.document();
      const id = await this.messages.quarantine(stored, document, m);
      // Bound to its key (unlike the API's, which frees it for a corrected resend): a corrected file is a new file.
      await this.idempotency.complete(
        caller.agency.id,
        adapter.name,
        stored.idempotencyKey!,
        document.status,
        document,
        m,
      );
      audit.push({
        action: 'COLLECTION',
        operation: 'inbound.rejected',
        agencyId: caller.agency.id,
        actorSub: caller.sub,
        correlationId: id,
        details: { adapter: adapter.name, status: document.status, backloaded: true },
      });
      rejected++;
    };
    for (const r of messages) {
      if (!claimed.has(r.stored.idempotencyKey!)) continue;
      if ('problem' in r) {
        await quarantine(r.stored, r.problem);
        continue;
      }
      if (alone) await m.query('SAVEPOINT import_line');
      try {
        const done = await this.ingestion.ingestWithin(m, caller, r.stored, r.commands, adapter.provenanceKind, {
          backloaded: true,
        });
        if (alone) await m.query('RELEASE SAVEPOINT import_line');
        accepted.push(done.body);
        watchlist.push(...done.watchlist);
        audit.push(...done.audit);
      } catch (e) {
        if (!alone) throw new RedoAlone();
        // What the API would answer with a 500 stops the import at this line, named, for an operator to look at.
        if (!(e instanceof CommandRejected))
          throw new Error(`line ${r.line.number}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
        await m.query('ROLLBACK TO SAVEPOINT import_line');
        await quarantine(r.stored, new RequestValidationException(e.errors));
      }
    }
    // Last, as in IngestionService.ingest: the chain head is the last lock the transaction takes.
    await this.audit.record(audit, m);
    return { accepted, watchlist, rejected, alreadyImported: messages.length - claimed.size };
  }

  /**
   * A line as the inbound controller reads a body, with the same checks in the same order:
   * readable JSON, shape, NUL characters, then the adapter's own validation.
   */
  private read(adapter: InboundAdapter, caller: Caller, key: ImportKey, line: NdjsonLine): ReadLine {
    if (!line.bytes.toString('utf8').trim()) return { line, blank: true };
    const stored: InboundMessageToStore = {
      agencyId: caller.agency.id,
      adapter: adapter.name,
      idempotencyKey: `import:${key.fileSha256}:${line.number}`,
      sourceMessageId: null,
      contentType: adapter.contentTypes[0],
      body: line.bytes,
      bodySha256: createHash('sha256').update(line.bytes).digest('hex'),
    };
    const refuse = (problem: ProblemException) => ({ line, stored, problem });
    if (line.bytes.length > MAX_LINE_BYTES)
      return refuse(new ProblemException('BODY_TOO_LARGE', 'The line is larger than 1 MiB'));
    const text = line.bytes.toString('utf8');
    if (jsonNestsTooDeep(text))
      return refuse(
        new ProblemException(
          'BODY_NOT_WELL_FORMED',
          `The body is not well-formed: nested deeper than ${MAX_NESTING_DEPTH} levels`,
        ),
      );
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return refuse(new ProblemException('BODY_NOT_WELL_FORMED', 'The body is not well-formed: invalid JSON'));
    }
    // An XML source's line is a JSON string holding the document: the adapter reads it, and the hub keeps it, as the API's text body.
    const body = parsed;
    if (typeof body === 'string') {
      stored.body = Buffer.from(body, 'utf8');
      stored.bodySha256 = createHash('sha256').update(stored.body).digest('hex');
    }
    const kept = adapter.withhold?.(body, stored.body) ?? null;
    if (kept) Object.assign(stored, { sentApart: stored.body, body: kept });
    const shape = typeof body === 'string' ? [] : jsonShapeErrors(body);
    if (shape.length) return refuse(new RequestValidationException(shape));
    const nul = typeof body === 'string' ? [] : nulCharacterErrors(body);
    if (nul.length) return refuse(new RequestValidationException(nul));
    const result = adapter.parse(body, {
      agencyId: caller.agency.id,
      agencyAreas: caller.agency.areas,
      knownAgencies: new Set(this.agencies.all().map((a) => a.id)),
    });
    if (!result.ok && 'unreadable' in result)
      return refuse(new ProblemException('BODY_NOT_WELL_FORMED', `The body is not well-formed: ${result.unreadable}`));
    if (!result.ok) return refuse(new RequestValidationException(result.errors));
    return { line, stored: { ...stored, sourceMessageId: result.sourceMessageId }, commands: result.commands };
  }
}
