/**
 * Registers every cloud function with the functions framework. Deployed entry points:
 * `ingest`, `ingestSheet`, `compile` (HTTP), `compileScheduled` (Pub/Sub CloudEvent), `download`, `status`, `portal` (the web page for units and the Secretariat), `review` (accept / return / lock).
 */
import * as functions from '@google-cloud/functions-framework';
import { compileHttp, compileScheduled, type PubSubMessagePublished } from './compile.ts';
import { download } from './download.ts';
import { ingest } from './ingest.ts';
import { ingestSheet } from './ingest-sheet.ts';
import { portal } from './portal/portal.ts';
import { review } from './review.ts';
import { status } from './status.ts';

functions.http('ingest', ingest);
functions.http('ingestSheet', ingestSheet);
functions.http('compile', compileHttp);
functions.cloudEvent<PubSubMessagePublished>('compileScheduled', compileScheduled);
functions.http('download', download);
functions.http('status', status);
functions.http('portal', portal);
functions.http('review', review);
