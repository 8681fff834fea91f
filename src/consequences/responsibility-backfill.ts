import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import canonicalize from 'canonicalize';
import type { DataSource, EntityManager } from 'typeorm';
import { AgencyRegistry } from '../auth/agency-registry';
import { todayInLondon } from '../canonical/civil-date';
import { emptySubjectRecord, type SubjectRecord } from '../canonical/subject-record';
import { currentAreas } from '../responsibility/responsibility-facts';
import type { ResponsibilityReference } from '../responsibility/responsibility-reference';
import type { NotificationPeriodTable } from '../rules/notification-period-table';
import { NOTIFICATION_PERIOD_TABLE, RESPONSIBILITY_REFERENCE } from '../rules/rules.module';
import { applyCommand } from '../subjects/apply-command';
import { SubjectCommandsRepository } from '../subjects/subject-commands.repository';
import { SubjectConsequences } from './subject-consequences';
import { SubjectRepository } from '../subjects/subject.repository';

export interface BackfillOutcome {
  derived: number;
  changedAreas: number;
  /** Records their command log does not rebuild (they predate it): left with the areas they had. */
  notRebuilt: number;
}

/**
 * The migration of existing subjects to responsibility facts, run once at start-up (it needs the
 * apply functions, which a TypeORM migration must not import). Each subject not yet derived
 * (`responsibility_derived_at` unset) is rebuilt by replaying its command log, as a merge does:
 * commands logged before senders' areas were kept are stamped with the sender's areas from
 * today's agency files first, so later replays place facts the same way. A record its log does
 * not rebuild keeps its record and areas and is reported. Safe to run in several processes: one
 * advisory lock, and every subject in its own short transaction.
 */
@Injectable()
export class ResponsibilityBackfill implements OnApplicationBootstrap {
  private readonly logger = new Logger(ResponsibilityBackfill.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly subjects: SubjectRepository,
    private readonly commandLog: SubjectCommandsRepository,
    private readonly consequences: SubjectConsequences,
    private readonly agencies: AgencyRegistry,
    @Inject(NOTIFICATION_PERIOD_TABLE) private readonly table: NotificationPeriodTable,
    @Inject(RESPONSIBILITY_REFERENCE) private readonly reference: ResponsibilityReference,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const outcome = await this.run();
    if (outcome.derived || outcome.notRebuilt)
      this.logger.log({ ...outcome }, 'subjects migrated to responsibility facts');
    if (outcome.notRebuilt)
      this.logger.warn(
        { notRebuilt: outcome.notRebuilt },
        "some records predate the command log: their areas are still every sender's; review them",
      );
  }

  async run(): Promise<BackfillOutcome> {
    const outcome: BackfillOutcome = { derived: 0, changedAreas: 0, notRebuilt: 0 };
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query(
        `SELECT pg_try_advisory_lock(hashtext('responsibility-backfill')) AS locked`,
      );
      if (!locked) return outcome; // another process is doing it
      try {
        const rows: { id: string }[] = await runner.query(
          `SELECT id FROM subjects WHERE responsibility_derived_at IS NULL ORDER BY id`,
        );
        for (const { id } of rows) await this.dataSource.transaction((m) => this.derive(m, id, outcome));
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtext('responsibility-backfill'))`);
      }
    } finally {
      await runner.release();
    }
    return outcome;
  }

  private async derive(m: EntityManager, id: string, outcome: BackfillOutcome): Promise<void> {
    const [row] = await m.query(
      `SELECT merged_into, erased_at, areas FROM subjects WHERE id = $1 AND responsibility_derived_at IS NULL FOR UPDATE`,
      [id],
    );
    if (!row) return;
    const done = () => m.query(`UPDATE subjects SET responsibility_derived_at = now() WHERE id = $1`, [id]);
    // Merged-away and erased subjects hold no record of their own to place.
    if (row.merged_into || row.erased_at) return void (await done());
    const subject = await this.subjects.lockForUpdate(m, id);
    const commands = await this.commandLog.forSubjects(m, [id]);
    for (const c of commands) {
      if (c.command.senderAreas) continue;
      c.command = { ...c.command, senderAreas: [...(this.agencies.find(c.provenance.agency)?.areas ?? [])] };
      await m.query(`UPDATE subject_commands SET command = $2 WHERE id = $1`, [c.id, JSON.stringify(c.command)]);
    }
    let record = emptySubjectRecord();
    commands.forEach(({ command, provenance }, i) => {
      record = applyCommand(
        record,
        i === 0,
        command,
        provenance,
        this.table,
        todayInLondon(new Date(provenance.receivedAt)),
        this.reference,
      ).record;
    });
    if (!commands.length || !sameApartFromResponsibility(record, subject.record)) {
      outcome.notRebuilt++;
      return void (await done());
    }
    const areas = currentAreas(record);
    if (canonicalize([...row.areas].sort()) !== canonicalize(areas)) outcome.changedAreas++;
    await this.subjects.save(m, id, record, areas);
    // Deadlines carry the areas they are listed under.
    await this.consequences.rederive(m, id, record, areas);
    outcome.derived++;
  }
}

function sameApartFromResponsibility(a: SubjectRecord, b: SubjectRecord): boolean {
  const strip = (r: SubjectRecord) => {
    const copy = JSON.parse(JSON.stringify(r)) as SubjectRecord;
    delete copy.responsibility;
    return canonicalize(copy);
  };
  return strip(a) === strip(b);
}
