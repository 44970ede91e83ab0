/** Child of the scale benchmark: `make-corpus.ts DIR YEAR...` generates those years of the corpus. */
import { generateCorpusYears } from '../scale-corpus.ts';

const [dir, ...years] = process.argv.slice(2);
if (!dir || !years.length) throw new Error('usage: make-corpus.ts DIR YEAR...');
const count = await generateCorpusYears(dir, years.map(Number));
process.stdout.write(`${count}\n`);
