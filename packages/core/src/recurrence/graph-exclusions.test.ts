import { describe, expect, it } from 'vitest';
import { withGraphExclusions } from './graph-exclusions.js';

const RULE = 'RRULE:FREQ=DAILY;COUNT=4';
const EXDATE = 'EXDATE:20261202T130000Z';

describe('withGraphExclusions', () => {
  it("gives a master read from Graph the reference's exception dates, in the reference's order", () => {
    const reference = { lines: [EXDATE, RULE] };
    expect(withGraphExclusions({ lines: [RULE] }, reference, { sameRuleOnly: true })).toBe(
      reference,
    );
    expect(withGraphExclusions({ lines: [RULE] }, reference, { sameRuleOnly: false })).toBe(
      reference,
    );
  });

  it('keeps a rule changed in Outlook as read when only the same rule may keep them', () => {
    const read = { lines: ['RRULE:FREQ=DAILY;COUNT=6'] };
    expect(withGraphExclusions(read, { lines: [RULE, EXDATE] }, { sameRuleOnly: true })).toBe(read);
  });

  it('adds the pushed exception dates to a rule Graph wrote in its own words', () => {
    const read = { lines: ['RRULE:FREQ=DAILY;INTERVAL=1;COUNT=4'] };
    expect(withGraphExclusions(read, { lines: [RULE, EXDATE] }, { sameRuleOnly: false })).toEqual({
      lines: ['RRULE:FREQ=DAILY;INTERVAL=1;COUNT=4', EXDATE],
    });
  });

  it('changes nothing without exception dates to keep, or on a series that is not one', () => {
    const read = { lines: [RULE] };
    expect(withGraphExclusions(read, { lines: [RULE] }, { sameRuleOnly: true })).toBe(read);
    expect(withGraphExclusions(null, { lines: [RULE, EXDATE] }, { sameRuleOnly: false })).toBe(
      null,
    );
    expect(withGraphExclusions(read, null, { sameRuleOnly: false })).toBe(read);
  });
});
