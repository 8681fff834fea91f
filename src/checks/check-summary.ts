import { toReadModel } from '../subjects/subject-read-model';
import type { UpstreamNominal } from './pnc-upstream.port';

/**
 * What a check answers about a person, built only from the caller's record view (what the
 * disclosure policy projected for it): the summary, and the PNC id beside it only when the
 * agreements let identifiers go. Nothing outside the agreements, in any part of the answer.
 */
export function checkSummary(
  subjectId: string,
  shown: Record<string, unknown>,
): { summary: Record<string, unknown>; pncId?: string } {
  const summary = toReadModel(subjectId, shown);
  const pncId = (summary.identifiers as { scheme: string; value: string }[] | undefined)?.find(
    (i) => i.scheme === 'PNC',
  )?.value;
  return { summary, ...(pncId ? { pncId } : {}) };
}

/** A PNC nominal in canonical-path layout, so the same projection decides what of it is shown (warning signals are risk information). */
export function nominalView(n: UpstreamNominal): Record<string, unknown> {
  return {
    subject: { names: n.names, dateOfBirth: n.dateOfBirth, identifiers: [{ scheme: 'PNC', value: n.pncId }] },
    ...(n.warningSignals ? { risk: { warningSignals: n.warningSignals } } : {}),
  };
}

/** A PNC nominal's summary as the caller's agreements let it be shown (the upstream's own layout). */
export function nominalSummary(shown: Record<string, unknown>): { summary: Record<string, unknown>; pncId?: string } {
  const { summary: projected, pncId } = checkSummary('', shown);
  const warningSignals = (projected.risk as { warningSignals?: unknown } | undefined)?.warningSignals;
  const summary = {
    ...(pncId ? { pncId } : {}),
    ...(projected.names ? { names: projected.names } : {}),
    ...(projected.dateOfBirth ? { dateOfBirth: projected.dateOfBirth } : {}),
    ...(warningSignals ? { warningSignals } : {}),
  };
  return { summary, ...(pncId ? { pncId } : {}) };
}
