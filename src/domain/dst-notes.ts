import { wallAfter, wallAtOrBefore, type CronRule } from './cron-dst.ts';
import { DAY, formatOffset, transitionsBetween, wallClock, wallDate, type Transition } from './time-zone.ts';

/**
 * One note for each DST gap or overlap of the rule's zone that the fire times in (from, to] cross, saying what it
 * does to this schedule, e.g. "2026-03-08: clocks in America/New_York go forward from 02:00 to 03:00 local
 * (UTC-05:00 → UTC-04:00); 02:30 does not exist, so the 02:30 run happens at 03:00 local".
 */
export function dstNotes(rule: CronRule, from: number, to: number): string[] {
  const notes: string[] = [];
  if (to <= from) return notes;
  for (const tr of transitionsBetween(rule.timezone, from - DAY, to + DAY)) {
    if (tr.after > tr.before) {
      if (from < tr.at && tr.at <= to) notes.push(gapNote(rule, tr));
    } else {
      // The repeated wall times occur in [at − shift, at) and again in [at, at + shift).
      const shift = tr.before - tr.after;
      if (tr.at - shift <= to && tr.at + shift - 1 > from) notes.push(overlapNote(rule, tr));
    }
  }
  return notes;
}

/** The rule's matching wall times in [start, end), as a first and last, or null when there are none. */
function matchesIn(rule: CronRule, start: number, end: number): { first: number; last: number } | null {
  const first = wallAfter(rule, start - 1);
  if (first === null || first >= end) return null;
  return { first, last: wallAtOrBefore(rule, end - 1, start) ?? first };
}

const runs = (m: { first: number; last: number }): string =>
  m.first === m.last ? `the ${wallClock(m.first)} run` : `the runs from ${wallClock(m.first)} to ${wallClock(m.last)}`;

function gapNote(rule: CronRule, tr: Transition): string {
  const start = tr.at + tr.before;
  const end = tr.at + tr.after;
  const head =
    `${wallDate(end)}: clocks in ${rule.timezone} go forward from ${wallClock(start)} to ${wallClock(end)} local ` +
    `(${formatOffset(tr.before)} → ${formatOffset(tr.after)})`;
  const m = matchesIn(rule, start, end);
  if (m === null) return `${head}; no run of this schedule falls in the skipped time`;
  if (rule.wildcardHour) {
    return `${head}; ${runs(m)} fall in the skipped time and do not happen (this schedule follows elapsed time)`;
  }
  if (m.first === m.last) {
    return `${head}; ${wallClock(m.first)} does not exist, so ${runs(m)} happens at ${wallClock(end)} local`;
  }
  return `${head}; ${runs(m)} fall in the skipped time and happen once, at ${wallClock(end)} local`;
}

function overlapNote(rule: CronRule, tr: Transition): string {
  const start = tr.at + tr.after;
  const end = tr.at + tr.before;
  const head =
    `${wallDate(start)}: clocks in ${rule.timezone} go back from ${wallClock(end)} to ${wallClock(start)} local ` +
    `(${formatOffset(tr.before)} → ${formatOffset(tr.after)}), so local times from ${wallClock(start)} up to ` +
    `${wallClock(end)} happen twice`;
  const m = matchesIn(rule, start, end);
  if (m === null) return `${head}; no run of this schedule falls in the repeated time`;
  const both = `${formatOffset(tr.before)}, then ${formatOffset(tr.after)}`;
  if (rule.wildcardHour) return `${head}; ${runs(m)} happen twice (${both}): this schedule follows elapsed time`;
  const what = m.first === m.last ? `${runs(m)} happens once` : `${runs(m)} happen once each`;
  return `${head}; ${what}, at the first occurrence (${formatOffset(tr.before)})`;
}
