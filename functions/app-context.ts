/**
 * Built once per cold start: configuration (validated), storage adapter, catalogue, token
 * store, clock. Every function handler asks for it; tests replace it with their own.
 */
import { readFileSync } from 'node:fs';
import { StaticTokenStore, StorageTokenStore, type TokenStore } from '../shared/auth/tokens.ts';
import { type Config, parseConfig } from '../shared/config/config.ts';
import type { PdfRenderer } from '../shared/pdf/chromium-pdf.ts';
import { pdfRendererFor } from '../shared/pdf/pdf-renderer-for.ts';
import { PlanStore } from '../shared/plan/plan-store.ts';
import { type Clock, systemClock } from '../shared/ports/clock.ts';
import { type Catalogue, defaultCatalogue } from '../shared/reference/catalogue.ts';
import { createStorage } from '../shared/storage/create-storage.ts';
import { SubmissionStore } from '../shared/store/submission-store.ts';

export interface AppContext {
  readonly config: Config;
  readonly catalogue: Catalogue;
  readonly store: SubmissionStore;
  readonly tokens: TokenStore;
  readonly clock: Clock;
  /** Prints the front section to PDF; absent where no headless Chromium is installed. */
  readonly pdf?: PdfRenderer;
  /** Plan versions (the deployed baseline and the imported ones); built from `store` when absent. */
  readonly plans?: PlanStore;
}

const planStores = new WeakMap<AppContext, PlanStore>();

/** The context's plan store (one per context, so its registry cache is shared by requests). */
export function plansOf(context: AppContext): PlanStore {
  if (context.plans) return context.plans;
  let plans = planStores.get(context);
  if (!plans) {
    plans = new PlanStore(context.store, context.catalogue);
    planStores.set(context, plans);
  }
  return plans;
}

let current: Promise<AppContext> | undefined;

function createTokenStore(config: Config, store: SubmissionStore): TokenStore {
  if (config.tokensSource === 'env') return new StaticTokenStore(config.tokenHashesJson ?? '[]');
  if (config.tokensSource.startsWith('file:'))
    return new StaticTokenStore(readFileSync(config.tokensSource.slice('file:'.length), 'utf8'));
  return new StorageTokenStore(store.storage);
}

/** Builds a context from an environment. */
export async function buildAppContext(
  env: Readonly<Record<string, string | undefined>> = process.env,
  clock: Clock = systemClock,
): Promise<AppContext> {
  const config = parseConfig(env);
  const catalogue = defaultCatalogue();
  const store = new SubmissionStore(await createStorage(config), catalogue);
  const pdf = pdfRendererFor(config.chromiumPath);
  return {
    config,
    catalogue,
    store,
    tokens: createTokenStore(config, store),
    clock,
    plans: new PlanStore(store, catalogue),
    ...(pdf ? { pdf } : {}),
  };
}

/** The context of this process, built on first use. */
export function appContext(): Promise<AppContext> {
  current ??= buildAppContext();
  // A failed start (bad config) is not cached: the next request reports it again.
  current.catch(() => {
    current = undefined;
  });
  return current;
}

/** Replaces the process context (tests, the local server). */
export function setAppContext(context: AppContext | Promise<AppContext>): void {
  current = Promise.resolve(context);
}
