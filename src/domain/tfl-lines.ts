/**
 * The TfL Unified API line ids the line-disruption check accepts (`GET /Line/{ids}/Disruption`). Since November 2024
 * London Overground is six named lines, each with its own id. Ids are lower case, exactly as TfL spells them.
 */
export const TFL_LINE_IDS = [
  // Underground
  'bakerloo',
  'central',
  'circle',
  'district',
  'hammersmith-city',
  'jubilee',
  'metropolitan',
  'northern',
  'piccadilly',
  'victoria',
  'waterloo-city',
  // Other rail modes
  'dlr',
  'elizabeth',
  'liberty',
  'lioness',
  'mildmay',
  'suffragette',
  'weaver',
  'windrush',
  'tram',
] as const;

export type TflLineId = (typeof TFL_LINE_IDS)[number];

const KNOWN: ReadonlySet<string> = new Set(TFL_LINE_IDS);

/** The ids in `ids` that are not TfL line ids, in the order given (for a 400 that names them). */
export function unknownTflLines(ids: string[]): string[] {
  return ids.filter((id) => !KNOWN.has(id));
}
