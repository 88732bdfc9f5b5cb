import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { api } from '../src/api';

afterEach(() => clearMocks());

describe('api', () => {
  it('calls the contract commands with camelCase argument keys', async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === 'timeline_window') return { from: 0, to: 1, total: 0, lanes: [] };
      return null;
    });
    await api.timelineWindow(0, 10, 100, 500, { flaggedOnly: true });
    await api.openReview('/r/a.sightline', null);
    await api.importRun(['/a.csv'], 'Police', 'police', null, null, true);
    await api.flagDecide('F-1', 'dismissed', 'seen');
    await api.knowledge(null, 3);
    expect(calls).toEqual([
      ['timeline_window', { from: 0, to: 10, buckets: 100, maxItems: 500, filter: { flaggedOnly: true } }],
      ['open_review', { path: '/r/a.sightline', passphrase: null, reviewer: null }],
      ['import_run', { request: { paths: ['/a.csv'], agency: 'Police', kind: 'police', mapping: null, sheet: null, skipBadRows: true } }],
      ['flag_decide', { id: 'F-1', status: 'dismissed', reason: 'seen' }],
      ['knowledge', { asAt: null, subject: 3 }],
    ]);
  });
  it('changes a rule for the area with the rule_change contract', async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => { calls.push([cmd, args]); return []; });
    await api.ruleEnable('late-conference', false);
    await api.ruleThreshold('no-strategy-discussion', 'working_days', '1');
    await api.rules();
    expect(calls).toEqual([
      ['rule_change', { rule: 'late-conference', enabled: false, setting: null, value: null }],
      ['rule_change', { rule: 'no-strategy-discussion', enabled: null, setting: 'working_days', value: '1' }],
      ['rules', {}],
    ]);
  });
  it('turns a rejected command into an Error with the reviewer-readable reason', async () => {
    mockIPC(() => { throw 'wrong passphrase for case.sightline'; });
    await expect(api.openReview('case.sightline', 'x')).rejects.toThrow('wrong passphrase for case.sightline');
  });
});
