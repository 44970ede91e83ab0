/**
 * Puts the cloud functions in front of a given storage for tests: a test clock, the catalogue,
 * a token store on that storage and three tokens (MPS, LA-VT, the Secretariat).
 */
import { getTestServer } from '@google-cloud/functions-framework/testing';
import request from 'supertest';
import { type AppContext, setAppContext } from '../../functions/app-context.ts';
import { StorageTokenStore } from '../../shared/auth/tokens.ts';
import { parseConfig } from '../../shared/config/config.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import type { ObjectStorage } from '../../shared/storage/object-storage.ts';
import { SubmissionStore } from '../../shared/store/submission-store.ts';
import { catalogue } from './fixtures.ts';

export class TestClock implements Clock {
  at = new Date('2025-07-05T03:00:00Z');
  now() {
    return new Date(this.at);
  }
}

export interface Harness {
  readonly storage: ObjectStorage;
  readonly clock: TestClock;
  readonly context: AppContext;
  readonly tokens: Record<'mps' | 'vt' | 'secretariat', string>;
  stop(): Promise<void>;
}

/** Installs a process context over `storage` and issues the test tokens. */
export async function harness(storage: ObjectStorage, env: Record<string, string> = {}): Promise<Harness> {
  const clock = new TestClock();
  const store = new SubmissionStore(storage, catalogue);
  const tokenStore = new StorageTokenStore(storage);
  const context: AppContext = {
    config: parseConfig({ STORAGE_URL: 'file:/unused', ...env }),
    catalogue,
    store,
    tokens: tokenStore,
    clock,
  };
  setAppContext(context);
  const tokens = {
    mps: await tokenStore.issue({ kind: 'unit', unitCode: 'MPS' }, 'test', clock.now()),
    vt: await tokenStore.issue({ kind: 'unit', unitCode: 'LA-VT' }, 'test', clock.now()),
    secretariat: await tokenStore.issue({ kind: 'secretariat' }, 'test', clock.now()),
  };
  return { storage, clock, context, tokens, stop: async () => {} };
}

/** The monthly scheduler's Pub/Sub message, as a CloudEvent to `compileScheduled`. */
export function scheduledEvent(id: string, period: string) {
  return request(getTestServer('compileScheduled'))
    .post('/')
    .set('ce-id', id)
    .set('ce-specversion', '1.0')
    .set('ce-type', 'google.cloud.pubsub.topic.v1.messagePublished')
    .set('ce-source', '//pubsub.googleapis.com/projects/p/topics/laingan-monthly')
    .set('content-type', 'application/json')
    .send({ message: { data: Buffer.from(JSON.stringify({ period })).toString('base64') } });
}
