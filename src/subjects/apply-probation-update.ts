import type { RecordProbationUpdate } from '../canonical/commands';
import type { DomainEvent } from '../canonical/event-types';
import type { Provenance } from '../canonical/provenance';
import type { SubjectRecord } from '../canonical/subject-record';
import { applyRiskPlan } from './apply-risk-plan';
import { sameFacts } from './same-facts';

/**
 * Folds a probation change into the record (mutating the working copy) and returns its events.
 * Histories are kept newest first; a message older than what the hub already holds (sent out
 * of order) joins the history but never overwrites the current value. A change already held
 * (the same source event sent again) raises nothing.
 */
export function applyProbationUpdate(
  record: SubjectRecord,
  command: RecordProbationUpdate,
  provenance: Provenance,
): { events: DomainEvent[]; detailsChanged: boolean } {
  const change = command.change;
  switch (change.type) {
    case 'RISK_ASSESSMENT': {
      const history = (record.riskAssessments ??= []);
      if (history.some((a) => a.assessmentId === change.assessment.assessmentId)) return none();
      const previous = history[0];
      const assessment = { ...change.assessment, provenance };
      history.push(assessment);
      history.sort((a, b) => b.completedOn.localeCompare(a.completedOn));
      const isCurrent = history[0] === assessment;
      const events: DomainEvent[] = [
        {
          type: 'risk.assessed',
          data: { risk: { roshOverall: history[0].roshOverall, assessment, current: isCurrent } },
        },
      ];
      // Only a new current assessment can change the level, and only if there was a level to
      // differ from; a late older one never does. (The first level travels in risk.assessed.)
      if (isCurrent && previous && previous.roshOverall !== assessment.roshOverall) {
        events.push({
          type: 'risk.level.changed',
          data: {
            risk: { roshOverall: assessment.roshOverall, previousRoshOverall: previous.roshOverall, assessment },
          },
        });
      }
      return { events, detailsChanged: false };
    }
    case 'RISK_MANAGEMENT_PLAN':
      return applyRiskPlan(record, change, provenance);
    case 'MAPPA': {
      const history = (record.mappa ??= []);
      if (history.some((m) => m.changeId === change.mappa.changeId)) return none();
      const previous = history[0];
      const mappa = { ...change.mappa, provenance };
      history.push(mappa);
      history.sort((a, b) => b.startDate.localeCompare(a.startDate));
      const isCurrent = history[0] === mappa;
      const changed =
        !previous ||
        previous.category !== mappa.category ||
        previous.level !== mappa.level ||
        previous.leadAgency !== mappa.leadAgency;
      return {
        events:
          isCurrent && changed
            ? [
                {
                  type: 'mappa.changed',
                  data: {
                    mappa: {
                      ...mappa,
                      previous: previous
                        ? { category: previous.category, level: previous.level, leadAgency: previous.leadAgency }
                        : null,
                    },
                  },
                },
              ]
            : [],
        detailsChanged: false,
      };
    }
    case 'LICENCE': {
      const licence = { ...change.licence, provenance };
      if (record.licence && sameFacts(record.licence, licence)) return none();
      if (record.licence && record.licence.startDate > licence.startDate) return none(); // an older licence arriving late
      record.licence = licence;
      return { events: [{ type: 'licence.conditions.set', data: { licence } }], detailsChanged: false };
    }
    case 'OFFENDER_MANAGER': {
      const offenderManager = { ...change.offenderManager, provenance };
      if (record.offenderManager && sameFacts(record.offenderManager, offenderManager)) return none();
      record.offenderManager = offenderManager;
      return { events: [{ type: 'offender-manager.allocated', data: { offenderManager } }], detailsChanged: false };
    }
    case 'ADDRESS': {
      const current = record.address;
      if (current?.from && current.from > change.address.from) return none(); // superseded already
      const { line1, line2, town, postcode, type, from } = change.address;
      const next = { line1, ...(line2 ? { line2 } : {}), town, postcode, type, from, provenance };
      if (current && sameFacts(current, next)) return none();
      record.address = next;
      return { events: [], detailsChanged: true };
    }
    case 'CUSTODY': {
      const history = (record.custody ??= []);
      if (history.some((c) => c.eventId === change.custody.eventId)) return none();
      const custody = { ...change.custody, provenance };
      history.push(custody);
      history.sort((a, b) => b.on.localeCompare(a.on));
      return {
        events: [{ type: custody.kind === 'RELEASED' ? 'custody.released' : 'custody.recalled', data: { custody } }],
        detailsChanged: false,
      };
    }
    case 'SUPERVISION_ENDED': {
      if (record.supervisionEnded?.endedOn === change.endedOn) return none();
      record.supervisionEnded = { endedOn: change.endedOn, reason: change.reason, provenance };
      return {
        events: [{ type: 'supervision.ended', data: { supervision: record.supervisionEnded } }],
        detailsChanged: false,
      };
    }
    case 'TRANSFER_REQUESTED':
    case 'TRANSFER_ACCEPTED': {
      // Kept as history; who is told, and where the manager moves, is src/responsibility's.
      const transfers = (record.probationTransfers ??= []);
      if (transfers.some((t) => t.transferId === change.transferId)) return none();
      const requested = change.type === 'TRANSFER_REQUESTED';
      transfers.push({
        transferId: change.transferId,
        kind: requested ? 'REQUESTED' : 'ACCEPTED',
        toProvider: change.toProvider,
        on: requested ? change.requestedOn : change.acceptedOn,
        ...(requested ? { reason: change.reason } : {}),
        provenance,
      });
      return none();
    }
  }
}

const none = () => ({ events: [] as DomainEvent[], detailsChanged: false });
