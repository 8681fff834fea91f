import { Injectable } from '@nestjs/common';
import { todayInLondon } from '../canonical/civil-date';
import { toReadModel } from '../subjects/subject-read-model';
import { recordView } from '../subjects/subject-record-view';
import type { StoredSubject } from '../subjects/subject.repository';
import type { Agreement } from '../agreements/agreement';
import { conditionsHold, DisclosurePolicy } from '../agreements/disclosure-policy';

/**
 * A DPO's preview of one agreement for one subject, for the API and the console alike: what each
 * recipient would see under this agreement alone, asked of the disclosure policy exactly as a
 * read (and so a check or the HMPO lodgement) asks it.
 */
@Injectable()
export class AgreementPreview {
  constructor(private readonly policy: DisclosurePolicy) {}

  async preview(agreement: Agreement, subject: StoredSubject) {
    const today = todayInLondon();
    const view = recordView(subject, today);
    const state = (await this.policy.standing(today)).find((s) => s.agreement.id === agreement.id)!.state;
    const flows = state === 'active' || state === 'review-overdue';
    const holds = conditionsHold(agreement, view.facts);
    const recipients = [];
    for (const agency of agreement.recipients) {
      const disclosure = await this.policy.disclose(view, agency, { agreementId: agreement.id }, today);
      recipients.push({
        agency,
        receives: disclosure !== null,
        reason: !flows
          ? `agreement is ${state}`
          : !holds
            ? "the agreement's conditions do not hold for this subject"
            : null,
        record: disclosure ? toReadModel(subject.id, disclosure.record) : null,
        eventTypes: disclosure ? agreement.eventTypes : [],
      });
    }
    return {
      agreement: agreement.id,
      state,
      subjectId: subject.id,
      conditions: { ...agreement.conditions, subjectAreas: view.facts.areas, hold: holds },
      recipients,
    };
  }
}
