import type { CivilDate } from '../canonical/civil-date';
import type { Provenance } from '../canonical/provenance';
import type { ResponsibilityFact, ResponsibilityKind, SubjectRecord } from '../canonical/subject-record';

/** The facts in force now: those whose period is still open. */
export function currentFacts(record: SubjectRecord): ResponsibilityFact[] {
  return (record.responsibility ?? []).filter((f) => f.to === undefined);
}

/**
 * The subject's current areas: those of its current responsibility facts, and nothing else.
 * Agreement `conditions.areas` and subscription `areas` filters are judged on these.
 */
export function currentAreas(record: SubjectRecord): string[] {
  return [...new Set(currentFacts(record).map((f) => f.area))].sort();
}

/** A police force manages the person now. */
export function hasPoliceManager(record: SubjectRecord): boolean {
  return currentFacts(record).some((f) => f.kind === 'POLICE_MANAGER');
}

/**
 * Where a police force should be managing the person: the area they live in, or, with no known
 * residence, the areas responsible for them now (the convicting court's, the probation region's).
 */
export function areasWantingPolice(record: SubjectRecord): string[] {
  const current = currentFacts(record);
  const residence = current.filter((f) => f.kind === 'RESIDENCE');
  return [...new Set((residence.length ? residence : current).map((f) => f.area))].sort();
}

/** Who holds a fact, beyond its kind and area; two facts with the same holder and area are one. */
export interface Holder {
  agency?: string;
  unit?: { code: string; name: string };
}

const sameHolder = (f: ResponsibilityFact, h: Holder) => f.agency === h.agency && f.unit?.code === h.unit?.code;

/**
 * The working set of a record's facts while one command is judged. Every change is a closed
 * period or a new one: nothing is deleted, so the history says who was responsible when.
 */
export class ResponsibilityLedger {
  private changed = false;

  constructor(
    private readonly facts: ResponsibilityFact[],
    private readonly provenance: Provenance,
  ) {}

  get hasChanged(): boolean {
    return this.changed;
  }

  current(kind: ResponsibilityKind): ResponsibilityFact[] {
    return this.facts.filter((f) => f.kind === kind && f.to === undefined);
  }

  /** The kind's current facts become exactly these areas, held by `holder` (a move closes the old ones). */
  set(kind: ResponsibilityKind, areas: string[], holder: Holder, since: CivilDate): void {
    for (const f of this.current(kind)) if (!areas.includes(f.area) || !sameHolder(f, holder)) this.closeFact(f, since);
    this.add(kind, areas, holder, since);
  }

  /** Adds these areas beside the kind's current ones. */
  add(kind: ResponsibilityKind, areas: string[], holder: Holder, since: CivilDate): void {
    for (const area of areas) {
      if (this.current(kind).some((f) => f.area === area && sameHolder(f, holder))) continue;
      this.facts.push({
        kind,
        ...(holder.agency ? { agency: holder.agency } : {}),
        ...(holder.unit ? { unit: holder.unit } : {}),
        area,
        from: since,
        provenance: this.provenance,
      });
      this.changed = true;
    }
  }

  end(kind: ResponsibilityKind, on: CivilDate): void {
    for (const f of this.current(kind)) this.closeFact(f, on);
  }

  private closeFact(f: ResponsibilityFact, on: CivilDate): void {
    // A period never ends before it began (a late message dated earlier than the fact it ends).
    f.to = on < f.from ? f.from : on;
    this.changed = true;
  }
}
