/**
 * The receiver kit: what an agency's system needs to take events from the hub safely
 * (docs/receiver-kit.md). Plain Node and jose; nothing of the hub but its canonical vocabulary.
 */
export { WebhookVerifier, DEFAULT_TOLERANCE_SECONDS } from './webhook-verifier';
export type { CheckResult, JwksSource, Verification, VerifierOptions, WebhookHeaders } from './webhook-verifier';
export { WebhookDeduplicator } from './deduplicator';
export { SubjectOrder, compareSequence, inSubjectOrder, sequenceKey } from './subject-order';
export type { OrderVerdict, SequencedEvent } from './subject-order';
export { HubReceiver } from './hub-receiver';
export type { Receipt, ReceivedCloudEvent } from './hub-receiver';
