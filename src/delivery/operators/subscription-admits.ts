import type { SubjectFacts } from '../../agreements/disclosure-policy';
import type { Subscription } from '../../subscriptions/subscription';

/** Whether a subscription's own filter takes this subject today (the test the router applies). */
export function subscriptionAdmits(s: Subscription, facts: SubjectFacts): boolean {
  if (s.filter.areas?.length && !s.filter.areas.some((a) => facts.areas.includes(a))) return false;
  if (s.filter.mappaCategories?.length) {
    const category = facts.mappaCategory ?? (facts.hasActiveRegistration ? 1 : null);
    if (category === null || !s.filter.mappaCategories.includes(category)) return false;
  }
  return true;
}
