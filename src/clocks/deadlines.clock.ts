import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { todayInLondon, type CivilDate } from '../canonical/civil-date';
import type { DomainEvent } from '../canonical/event-types';
import { DEADLINE_RULES } from '../rules/rules.module';
import type { DeadlineRules } from '../rules/deadline-rules';
import { deadlineProvenance } from '../rules/deadlines';
import { mappaDeadlineAction, mappaDeadlineAudience } from './mappa-deadline-parties';
import type { SubjectRecord } from '../canonical/subject-record';
import { canonicalView } from '../subjects/subject-read-model';
import { SubjectEventsRepository } from '../subjects/subject-events.repository';
import { SubjectRepository } from '../subjects/subject.repository';
import type { Clock } from './clock.port';
import { WatchlistEntries } from '../watchlist/watchlist-entries';
import { WatchlistSender } from '../watchlist/watchlist-sender';
import { DeadlineRepository, type StoredDeadline } from './deadline.repository';
import { noPoliceManagerGaps } from '../responsibility/no-police-manager';
import { endPoliceManagement } from '../responsibility/requirements-ended';
import { currentAreas } from '../responsibility/responsibility-facts';

const SUBJECTS_PER_TICK = 200;

/**
 * The clocks of domain.md: `deadline.due` once a deadline enters its lead time, then, the day
 * after its due date, `deadline.overdue`, `order.expired` or `registration.ended` as the kind's
 * rule says; each once. Works subject by subject under the subject's row lock (the same lock
 * ingestion takes first), so a tick never races a record change and two ticks never raise twice.
 */
@Injectable()
export class DeadlinesClock implements Clock {
  readonly name = 'deadlines';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deadlines: DeadlineRepository,
    private readonly subjects: SubjectRepository,
    private readonly events: SubjectEventsRepository,
    @Inject(DEADLINE_RULES) private readonly rules: DeadlineRules,
    private readonly watchlist: WatchlistEntries,
    private readonly watchlistSender: WatchlistSender,
  ) {}

  async tick(now: Date): Promise<number> {
    const today = todayInLondon(now);
    let raised = 0;
    const watchlistWork: string[] = [];
    for (const subjectId of await this.deadlines.subjectsWithWork(today, SUBJECTS_PER_TICK)) {
      raised += await this.dataSource.transaction(async (m) => {
        const count = await this.raiseFor(m, subjectId, today, now);
        // An order that expired, or a travel prohibition that lapsed, comes off HMPO's watchlist.
        const subject = await this.subjects.findById(subjectId, m);
        if (subject) watchlistWork.push(...(await this.watchlist.sync(m, subjectId, subject.record, today)));
        return count;
      });
    }
    await this.watchlistSender.enqueue(watchlistWork);
    return raised;
  }

  private async raiseFor(m: EntityManager, subjectId: string, today: CivilDate, now: Date): Promise<number> {
    const subject = await this.subjects.lockForUpdate(m, subjectId);
    const view = canonicalView(subject.record, today);
    // Each event with its audience (a MAPPA action's clock is its owner's, its escalation the chair's).
    const events: { event: DomainEvent; audience: string[] | null }[] = [];
    for (const d of await this.deadlines.openFor(m, subjectId)) {
      const rule = this.rules[d.kind];
      const audience = mappaDeadlineAudience(subject.record, d.kind, d.ref);
      // Due: inside the lead time and not yet passed (or a clock whose passing raises nothing, e.g. review eligibility).
      // A responsibility gap is news only once it opens: no deadline.due before it.
      if (
        !d.dueRaisedAt &&
        rule.onPassing !== 'RESPONSIBILITY_GAP' &&
        d.dueFrom <= today &&
        (d.dueOn >= today || rule.onPassing === 'NOTHING')
      ) {
        if (rule.dueNotice !== false)
          events.push({
            event: { type: 'deadline.due', data: { deadline: this.deadlineData(d, subject.record) } },
            audience,
          });
        await this.deadlines.markDueRaised(m, d.id, now);
      }
      if (!d.passedRaisedAt && d.dueOn < today) {
        for (const passing of this.passingEvents(d, view, subject.record, today))
          events.push({ event: passing, audience });
        // An overdue clock or an open gap stays open until met (a gap: until a police force manages the person).
        await this.deadlines.markPassed(m, d.id, now, ['OVERDUE', 'RESPONSIBILITY_GAP'].includes(rule.onPassing));
      }
    }
    // Appended in order, a run of events with one audience at a time (the sequence stays the order raised).
    for (let i = 0; i < events.length;) {
      let j = i + 1;
      while (j < events.length && sameAudience(events[j].audience, events[i].audience)) j++;
      const run = events.slice(i, j);
      await this.events.append(
        m,
        subjectId,
        run.map((e) => e.event),
        'hub',
        null,
        run[0].audience,
      );
      i = j;
    }
    // The requirements ended with the day: so does the police force's management of the person.
    if (events.some((e) => e.event.type === 'registration.ended')) {
      const ended = endPoliceManagement(subject.record, today);
      if (ended) {
        await this.subjects.save(m, subjectId, ended.record, currentAreas(ended.record));
        if (ended.event) {
          await this.events.append(m, subjectId, [ended.event], 'hub', null);
          return events.length + 1;
        }
      }
    }
    return events.length;
  }

  private passingEvents(
    d: StoredDeadline,
    view: Record<string, any>,
    record: SubjectRecord,
    today: CivilDate,
  ): DomainEvent[] {
    switch (this.rules[d.kind].onPassing) {
      case 'OVERDUE':
        return [{ type: 'deadline.overdue', data: { deadline: this.deadlineData(d, record) } }];
      case 'ORDER_EXPIRED': {
        const order = (view.order as { orderRef: string }[]).find((o) => o.orderRef === d.ref);
        return order ? [{ type: 'order.expired', data: { order } }] : [];
      }
      case 'REGISTRATION_ENDED': {
        const registration = (view.registration as { registrationId: string }[]).find(
          (r) => r.registrationId === d.ref,
        );
        return registration
          ? [{ type: 'registration.ended', data: { registration: { ...registration, endReason: 'PERIOD_EXPIRED' } } }]
          : [];
      }
      case 'RESPONSIBILITY_GAP':
        return noPoliceManagerGaps(record, today);
      case 'NOTHING':
        return [];
    }
  }

  /** A deadline as its events carry it, with the provenance of the fact it derives from (so excludeProvenance governs it). */
  private deadlineData(d: StoredDeadline, record: SubjectRecord) {
    const kind = deadlineProvenance(record, this.rules, d.kind, d.ref);
    const action = mappaDeadlineAction(record, d.kind, d.ref);
    return {
      kind: d.kind,
      ref: d.ref,
      dueOn: d.dueOn,
      provisional: d.provisional,
      description: d.description,
      ...(action ? { mappaAction: action } : {}),
      ...(kind ? { provenance: { kind } } : {}),
    };
  }
}

const sameAudience = (a: string[] | null, b: string[] | null) => (a ?? []).join(' ') === (b ?? []).join(' ');
