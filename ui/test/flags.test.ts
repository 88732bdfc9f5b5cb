import { describe, expect, it } from 'vitest';
import type { Flag } from '../src/api';
import { sortFlags } from '../src/screens/flags';

const f = (id: string, severity: Flag['severity'], atSeconds: number, status: Flag['status']): Flag => ({
  id, rule: 'r', ruleLabel: 'R', severity, agency: 'A', agencyId: 1, at: '', atDisplay: '', atSeconds,
  subject: null, explanation: '', evidence: [], heldBy: [], status, reason: null, annotations: [], corrections: [], findings: [],
});

describe('sortFlags', () => {
  const list = [f('a', 'low', 1, 'open'), f('b', 'high', 3, 'dismissed'), f('c', 'medium', 2, 'accepted'), f('d', 'high', 0, 'open')];
  it('by severity, then date', () => expect(sortFlags(list, 'severity').map((x) => x.id)).toEqual(['d', 'b', 'c', 'a']));
  it('by date', () => expect(sortFlags(list, 'date').map((x) => x.id)).toEqual(['d', 'a', 'c', 'b']));
  it('by status, open first', () => expect(sortFlags(list, 'status').map((x) => x.id)).toEqual(['d', 'a', 'c', 'b']));
});
