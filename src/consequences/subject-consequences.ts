import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { todayInLondon } from '../canonical/civil-date';
import { emptySubjectRecord, type SubjectRecord } from '../canonical/subject-record';
import { DeadlineRepository, type StoredDeadline } from '../clocks/deadline.repository';
import type { DeadlineRules } from '../rules/deadline-rules';
import { deriveDeadlines } from '../rules/deadlines';
import { DEADLINE_RULES, SCHEDULE_3, WORKING_DAY_CALENDAR } from '../rules/rules.module';
import { schedule3Flags, type Schedule3Offence } from '../rules/schedule-3';
import type { WorkingDayCalendar } from '../rules/working-days';
import { WatchlistEntries, type WatchlistEntry } from '../watchlist/watchlist-entries';
import { DataQualityRepository } from '../subjects/data-quality.repository';

/**
 * What the rules derive from a record and keep beside it: its clocks (deadlines), its
 * data-quality flags and its HMPO watch entries. Ingestion, merge and unmerge all call this
 * after changing a record, so the consequences always follow the record they came from.
 */
@Injectable()
export class SubjectConsequences {
  constructor(
    private readonly deadlines: DeadlineRepository,
    @Inject(DEADLINE_RULES) private readonly deadlineRules: DeadlineRules,
    @Inject(WORKING_DAY_CALENDAR) private readonly calendar: WorkingDayCalendar,
    private readonly dataQuality: DataQualityRepository,
    @Inject(SCHEDULE_3) private readonly schedule3: Map<string, Schedule3Offence>,
    private readonly watchlist: WatchlistEntries,
  ) {}

  /** Re-derives everything from the record; returns watch entries with work to do (for the sender, after commit). */
  async rederive(m: EntityManager, subjectId: string, record: SubjectRecord, areas: string[]): Promise<string[]> {
    // The record's clocks move with it (a variation moves an expiry; a discharge cancels it).
    await this.deadlines.sync(
      m,
      subjectId,
      deriveDeadlines(record, this.deadlineRules, this.calendar),
      areas,
      this.deadlineRules,
    );
    await this.dataQuality.sync(m, subjectId, schedule3Flags(record, this.schedule3));
    return this.watchlist.sync(m, subjectId, record, todayInLondon());
  }

  /** The consequences a subject has now, as `m` sees them: every deadline, and watch entries with work for HMPO. */
  async standing(
    m: EntityManager,
    subjectId: string,
  ): Promise<{ deadlines: StoredDeadline[]; watchlist: WatchlistEntry[] }> {
    return {
      deadlines: await this.deadlines.allFor(m, subjectId),
      watchlist: await this.watchlist.outstandingFor(m, subjectId),
    };
  }

  /** A subject merged into another keeps no clocks or flags of its own (the survivor derives them). */
  async retire(m: EntityManager, subjectId: string): Promise<void> {
    await this.deadlines.sync(
      m,
      subjectId,
      deriveDeadlines(emptySubjectRecord(), this.deadlineRules, this.calendar),
      [],
      this.deadlineRules,
    );
    await this.dataQuality.sync(m, subjectId, []);
  }
}
