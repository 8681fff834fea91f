/**
 * Each operation's id, what a generated client names its method (`client.getSubject`): by
 * controller and method, in one list to read. One not listed gets `<method><Controller>`; the
 * OpenAPI tests hold ids unique and camelCase.
 */
const OPERATION_IDS: Record<string, string> = {
  'JwksController.jwks': 'getSigningKeys',
  'AuditController.list': 'listAuditEntries',
  'AuditController.verify': 'verifyAuditLog',
  'AuditController.checkpoint': 'getAuditCheckpoint',
  'AuditController.verifyCheckpoint': 'verifyAuditCheckpoint',
  'ErasureController.erase': 'eraseSubject',
  'AgreementsAdminController.list': 'listAgreements',
  'AgreementsAdminController.suspend': 'suspendAgreement',
  'AgreementsAdminController.lift': 'liftAgreementSuspension',
  'AgreementPreviewController.preview': 'previewAgreement',
  'SubjectsController.lookup': 'findSubjectByIdentifier',
  'SubjectsController.read': 'getSubject',
  'SubjectsController.timeline': 'getSubjectTimeline',
  'DataQualityController.list': 'listDataQualityFindings',
  'ResponsibilityAdminController.list': 'listResponsibilityGaps',
  'ResponsibilityAdminController.listHandovers': 'listHandovers',
  'SubscriptionsController.create': 'createSubscription',
  'SubscriptionsController.list': 'listSubscriptions',
  'SubscriptionsController.remove': 'deleteSubscription',
  'SubscriptionsController.update': 'updateSubscription',
  'SubscriptionsController.rotateSecret': 'rotateSubscriptionSecret',
  'SubscriptionTestController.send': 'sendSubscriptionTestEvent',
  'FeedController.read': 'readFeed',
  'AcknowledgementsController.acknowledge': 'acknowledgeEvent',
  'AcknowledgementsController.overdue': 'listOverdueAcknowledgements',
  'DeliveriesAdminController.list': 'listDeliveries',
  'DeliveriesAdminController.replayOne': 'replayDelivery',
  'DeliveriesAdminController.replayWindow': 'replayWindow',
  'InboundController.receive': 'postInbound',
  'QuarantineController.list': 'listQuarantine',
  'WatchlistAdminController.list': 'listWatchlistEntries',
  'DeadlinesController.list': 'listDeadlines',
  'MappaActionsController.actions': 'listSubjectMappaActions',
  'MappaActionsController.complete': 'completeMappaAction',
  'MappaAdminController.actions': 'listMappaActions',
  'MappaAdminController.unacknowledged': 'listUnacknowledgedMinutes',
  'ChecksController.run': 'runCheck',
  'HealthController.live': 'getLiveness',
  'HealthController.ready': 'getReadiness',
  'HealthController.check': 'getHealth',
  'MetricsController.render': 'getMetrics',
  'IdentityReviewsController.decide': 'decideIdentityReview',
  'IdentityReviewsController.list': 'listIdentityReviews',
  'SubjectMergesController.merge': 'mergeSubjects',
  'SubjectMergesController.unmerge': 'unmergeSubject',
};

export function operationId(controllerKey: string, methodKey: string): string {
  return OPERATION_IDS[`${controllerKey}.${methodKey}`] ?? `${methodKey}${controllerKey.replace(/Controller$/, '')}`;
}
