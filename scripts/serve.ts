/**
 * `npm start`: serves every function on http://127.0.0.1:8080/<function> with the
 * configuration from the environment (default: local files under ./data).
 */
import { parseArgs } from 'node:util';
import { appContext } from '../functions/app-context.ts';
import { FUNCTION_NAMES, startLocalServer } from '../functions/local-server.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: process.env.PORT ?? '8080' } } });
const context = await appContext();
const { url } = await startLocalServer(Number(values.port));
process.stdout.write(`Laingan functions on ${url} (storage: ${context.store.storage.description})\n`);
for (const name of FUNCTION_NAMES) process.stdout.write(`  ${url}/${name}\n`);
