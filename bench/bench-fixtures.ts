/**
 * Benchmark inputs. A "typical" report has about 121 activity rows (the whole plan), so the
 * benchmark uses a catalogue in which MPS is responsible for every activity.
 */
import { buildCatalogue, type Catalogue, defaultCatalogue } from '../shared/reference/catalogue.ts';

/** The shipped catalogue with MPS responsible for all 121 activities. */
export function benchCatalogue(): Catalogue {
  const base = defaultCatalogue();
  const activities = base.plan.activities.map((activity) =>
    activity.lead === 'MPS' || activity.support.includes('MPS')
      ? activity
      : { ...activity, support: [...activity.support, 'MPS'] },
  );
  return buildCatalogue(
    { ...base.plan, activities },
    { units: [...base.units], provinces: [...base.provinces] },
  );
}
