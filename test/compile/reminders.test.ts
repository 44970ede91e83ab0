import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReportingStatusEntry } from '../../shared/compile/compile-input.ts';
import { issueReminders, webhookSender } from '../../shared/compile/reminders.ts';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';
import { SubmissionStore } from '../../shared/store/submission-store.ts';
import { catalogue } from '../support/fixtures.ts';

const entry = (unitCode: string, status: ReportingStatusEntry['status']): ReportingStatusEntry => ({
  period: '2025-06',
  unitCode,
  status,
  submittedAt: null,
  submittedBy: null,
  sha256: null,
  fileName: null,
});

describe('reminders', () => {
  it('after the due day, posts who has not reported to the webhook once per set of inputs', async () => {
    const received: unknown[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const store = new SubmissionStore(
      new LocalFsStorage(mkdtempSync(join(tmpdir(), 'laingan-rem-'))),
      catalogue,
    );
    const statuses = [
      entry('MPS', 'on_time'),
      entry('MOJ', 'missing'),
      entry('LA-VT', 'rejected'),
      entry('MOH', 'late'),
    ];
    const due = new Date('2025-07-10T16:59:59Z');
    try {
      const before = await issueReminders(
        { store, catalogue, send: webhookSender(url) },
        '2025-06',
        statuses,
        'h1',
        due,
        new Date('2025-07-01T00:00:00Z'),
      );
      expect(before).toBeUndefined();
      const first = await issueReminders(
        { store, catalogue, send: webhookSender(url) },
        '2025-06',
        statuses,
        'h1',
        due,
        new Date('2025-07-11T01:00:00Z'),
      );
      expect(first?.sent).toBe(true);
      expect(first?.list.units.map((u) => [u.unit, u.status])).toEqual([
        ['MOJ', 'missing'],
        ['LA-VT', 'rejected'],
      ]);
      const again = await issueReminders(
        { store, catalogue, send: webhookSender(url) },
        '2025-06',
        statuses,
        'h1',
        due,
        new Date('2025-07-11T02:00:00Z'),
      );
      expect(again?.sent).toBe(false);
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ period: '2025-06', units: [{ unit: 'MOJ' }, { unit: 'LA-VT' }] });
      expect(await store.storage.list('reminders/2025-06/')).toEqual(['reminders/2025-06/h1.json']);
    } finally {
      server.close();
    }
  });
});
