/**
 * Storage on the local file system: the embedded default (`STORAGE_URL=file:./data`). Writes
 * go to a temporary file in the same folder and are renamed into place, so a reader never
 * sees half a file, even if the process dies mid-write (rename within one folder is atomic).
 *
 * A write is one create-write-close of the temporary file and one rename: folders already
 * made by this instance are remembered (no `mkdir -p` walk per write) and temporary names
 * come from a counter, not a random draw per write. A compile writes hundreds of small lake
 * files, and that churn showed in its profile.
 *
 * Whole-file writes use the callback `fs.writeFile` (promisified), not `fs/promises`: on
 * Node 20 its FileHandle path costs about 1.5x the main-thread time per small file. Small
 * files are read synchronously (see readSmallFile); larger ones with the callback `fs.readFile`.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  createWriteStream,
  type Dirent,
  existsSync,
  fstatSync,
  openSync,
  readdirSync,
  readFile as readFileCallback,
  readSync,
  writeFile as writeFileCallback,
} from 'node:fs';
import { link, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import {
  assertSafeKey,
  type ObjectStorage,
  StorageError,
  type StoredObjectStream,
} from './object-storage.ts';

/**
 * Temp files are `.<name>.<pid>.<random hex>.tmp`. Matching the whole shape, not just `.tmp`,
 * keeps a real key such as `notes.tmp` visible to `list`.
 */
const TEMP_FILE = /^\..+\.\d+\.[0-9a-f]{12}\.tmp$/;

/** Per-process prefix of temporary names: with the pid, unique across processes sharing a folder. */
const TEMP_PREFIX = randomBytes(3).toString('hex');
let tempCounter = 0;

const readFile = promisify(readFileCallback);

/** Folders a listing reads synchronously before it lets the event loop run (see list). */
const FOLDERS_PER_TURN = 64;
const writeFile = promisify(writeFileCallback);

/** Files up to this size are read synchronously (see readSmallFile). */
const SMALL_FILE = 256 * 1024;

/**
 * A small file's bytes, read synchronously; undefined when it is larger than SMALL_FILE (the
 * caller then reads it asynchronously). Throws as readFile does (ENOENT, EISDIR).
 *
 * A compile reads hundreds of small files (records, parsed submissions of ~25 KB, month
 * figures). Asynchronously each is four thread-pool round trips (open, fstat, read, close),
 * each a callback and an event-loop turn: 396 reads of a six-month compile took 13-20 ms of
 * CPU that way against 6-10 ms read synchronously (same process, page cache warm). As with
 * the synchronous folder listing, the event loop waits microseconds per file; a file above
 * SMALL_FILE (an upload, a workbook) is read asynchronously, so no request waits on a large read.
 */
function readSmallFile(path: string): Buffer | undefined {
  const fd = openSync(path, 'r');
  try {
    const { size } = fstatSync(fd);
    if (size > SMALL_FILE) return undefined;
    const buffer = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const count = readSync(fd, buffer, read, size - read, read);
      if (count === 0) break;
      read += count;
    }
    return read === size ? buffer : buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** Removes a temporary file; already gone is fine. */
async function removeTemp(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * Codes meaning "no object under this key". ENOTDIR: a parent of the key is a file (`a` exists,
 * `a/b` asked). EISDIR: the key names a folder of other keys, which S3 also reports as absent.
 */
function isMissing(error: unknown, alsoFolder = false): boolean {
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR' || (alsoFolder && code === 'EISDIR');
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** {@link ObjectStorage} over a folder: key `a/b.json` is the file `<root>/a/b.json`. */
export class LocalFsStorage implements ObjectStorage {
  /** Absolute path of the folder that holds every object. */
  readonly root: string;
  readonly description: string;
  /** link(2) refuses an existing name atomically: create-only is real here. */
  readonly atomicCreate = true;
  /** Folders this instance has made (or found): a write into one needs no `mkdir`. */
  private readonly madeFolders = new Set<string>();

  constructor(rootDirectory: string) {
    this.root = resolve(rootDirectory);
    this.description = pathToFileURL(this.root).href;
  }

  private pathOf(key: string): string {
    assertSafeKey(key);
    return join(this.root, ...key.split('/'));
  }

  /**
   * Writes to a temp file, then publishes it: rename (replace) or link (create only; EEXIST
   * when the key exists, and the temp file is removed either way). Returns false when a
   * create-only publish found the key taken.
   */
  private async writeAtomically(
    key: string,
    write: (tempPath: string) => Promise<void>,
    repeatable: boolean,
    createOnly = false,
  ): Promise<boolean> {
    const path = this.pathOf(key);
    const name = path.slice(path.lastIndexOf(sep) + 1);
    // pid + per-process prefix + counter: concurrent writers of the same key, in this process
    // or another, never share a temp file.
    const counter = (tempCounter++ % 0x1000000).toString(16).padStart(6, '0');
    const folder = dirname(path);
    const temp = join(folder, `.${name}.${process.pid}.${TEMP_PREFIX}${counter}.tmp`);
    try {
      if (!this.madeFolders.has(folder)) {
        await mkdir(folder, { recursive: true });
        this.madeFolders.add(folder);
      }
      try {
        await write(temp);
      } catch (error) {
        // The folder may have been removed since (by hand, or a test): make it and try once
        // more, when the body can be written twice (bytes, not a consumed stream).
        if (errorCode(error) !== 'ENOENT' || !repeatable) throw error;
        this.madeFolders.delete(folder);
        await mkdir(folder, { recursive: true });
        this.madeFolders.add(folder);
        await write(temp);
      }
      if (!createOnly) {
        await rename(temp, path);
        return true;
      }
      try {
        await link(temp, path);
        return true;
      } catch (error) {
        if (errorCode(error) === 'EEXIST') return false;
        throw error;
      } finally {
        await removeTemp(temp);
      }
    } catch (cause) {
      await removeTemp(temp).catch(() => undefined);
      throw new StorageError(`cannot write ${key} under ${this.root}: ${message(cause)}`, { cause });
    }
  }

  async putIfAbsent(key: string, body: Uint8Array | string): Promise<boolean> {
    // No existence check first: link(2) answers that, and most calls create (ingest writes
    // four new objects per upload), so a stat would cost every upload a system call.
    return this.writeAtomically(key, (temp) => writeFile(temp, body), true, true);
  }

  async put(key: string, body: Uint8Array | string): Promise<void> {
    await this.writeAtomically(key, (temp) => writeFile(temp, body), true);
  }

  async putStream(key: string, body: Readable): Promise<void> {
    try {
      await this.writeAtomically(key, (temp) => pipeline(body, createWriteStream(temp)), false);
    } finally {
      // When the write fails before the pipeline starts (unsafe key, mkdir), release the source too.
      if (!body.destroyed) body.destroy();
    }
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const path = this.pathOf(key);
    try {
      const bytes = readSmallFile(path) ?? (await readFile(path));
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch (error) {
      if (isMissing(error, true)) return undefined;
      throw new StorageError(`cannot read ${key} under ${this.root}: ${message(error)}`, { cause: error });
    }
  }

  async getStream(key: string): Promise<Readable | undefined> {
    return (await this.openRead(key))?.body;
  }

  async openRead(key: string): Promise<StoredObjectStream | undefined> {
    const path = this.pathOf(key);
    // Open first, then stream from the handle: no window between an existence check and the read.
    let handle: Awaited<ReturnType<typeof open>> | undefined;
    try {
      handle = await open(path, 'r');
      const info = await handle.stat();
      if (!info.isFile()) {
        await handle.close();
        return undefined;
      }
      return { body: handle.createReadStream(), size: info.size };
    } catch (error) {
      await handle?.close().catch(() => undefined);
      if (isMissing(error, true)) return undefined;
      throw new StorageError(`cannot read ${key} under ${this.root}: ${message(error)}`, { cause: error });
    }
  }

  async exists(key: string): Promise<boolean> {
    const path = this.pathOf(key);
    try {
      return (await stat(path)).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw new StorageError(`cannot check ${key} under ${this.root}: ${message(error)}`, { cause: error });
    }
  }

  async list(prefix: string): Promise<string[]> {
    // The folder part of the prefix must be a safe key path, or `../` would walk outside the
    // root; the last part may end mid-name (as in S3), so check it with a stand-in character.
    if (prefix) assertSafeKey(`${prefix}x`);
    // Walk only the folder the prefix names, not the whole store, and only the subfolders
    // whose keys can start with the prefix. Keys are built as the walk descends (a `relative`
    // per file showed in a compile's profile: it lists every month since the plan's start).
    //
    // The walk reads folders synchronously. A folder of a local store is small and cached, and
    // reading it takes microseconds, less than the main-thread cost of an asynchronous
    // readdir alone (a thread-pool round trip and a promise per folder, twice the CPU in all).
    // A compile lists ~1,900 folders (every unit folder of every month since the plan's
    // start), and the asynchronous walk was the largest cost before its first month is read.
    // The event loop waits well under a millisecond for a month's listing; a long listing
    // (the audit trail, every lake period) gives it back every FOLDERS_PER_TURN folders, so a
    // request that arrives meanwhile is not held up behind the whole walk.
    const folder = prefix.slice(0, Math.max(0, prefix.lastIndexOf('/')));
    const start = folder ? join(this.root, ...folder.split('/')) : this.root;
    const keys: string[] = [];
    // An explicit stack, not an async recursion: a promise and a microtask per folder cost as
    // much as the folder's read. Keys come out sorted below, so the visiting order is free.
    const pending: [directory: string, keyPrefix: string][] = [[start, folder ? `${folder}/` : '']];
    let foldersThisTurn = 0;
    for (let next = pending.pop(); next; next = pending.pop()) {
      if (++foldersThisTurn > FOLDERS_PER_TURN) {
        foldersThisTurn = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
      const [directory, keyPrefix] = next;
      const entries = this.readFolder(directory, prefix, directory === start);
      for (const entry of entries) {
        if (entry.isDirectory()) {
          const folderKey = `${keyPrefix}${entry.name}/`;
          if (folderKey.startsWith(prefix) || prefix.startsWith(folderKey))
            pending.push([`${directory}${sep}${entry.name}`, folderKey]);
        } else if (entry.isFile() && !TEMP_FILE.test(entry.name)) {
          const key = keyPrefix + entry.name;
          if (key.startsWith(prefix)) keys.push(key);
        }
      }
    }
    return keys.sort();
  }

  /**
   * A folder's entries; none when it is absent. The folder a listing starts from is often
   * absent (a month nobody reviewed or locked has no `reviews/<month>/`): that is asked with
   * an existence check rather than learned from readdir's ENOENT, since Node builds an Error
   * with a stack trace for each, and a compile lists three folders for every month since the
   * plan's start.
   */
  private readFolder(directory: string, prefix: string, first: boolean): Dirent[] {
    if (first && !existsSync(directory)) return [];
    try {
      return readdirSync(directory, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return [];
      throw new StorageError(`cannot list ${prefix} under ${this.root}: ${message(error)}`, {
        cause: error,
      });
    }
  }

  /** The absolute file path of a key (whether or not the file exists). */
  locate(key: string): string {
    return this.pathOf(key);
  }
}
