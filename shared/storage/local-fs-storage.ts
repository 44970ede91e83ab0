/**
 * Storage on the local file system: the embedded default (`STORAGE_URL=file:./data`). Writes
 * go to a temporary file in the same folder and are renamed into place, so a reader never
 * sees half a file, even if the process dies mid-write.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { assertSafeKey, type ObjectStorage, StorageError } from './object-storage.ts';

const TEMP_SUFFIX = '.tmp';

function isMissing(error: unknown): boolean {
  return (
    (error as NodeJS.ErrnoException)?.code === 'ENOENT' ||
    (error as NodeJS.ErrnoException)?.code === 'ENOTDIR'
  );
}

export class LocalFsStorage implements ObjectStorage {
  readonly root: string;
  readonly description: string;

  constructor(rootDirectory: string) {
    this.root = resolve(rootDirectory);
    this.description = pathToFileURL(this.root).href;
  }

  private pathOf(key: string): string {
    assertSafeKey(key);
    return join(this.root, ...key.split('/'));
  }

  private tempPathFor(path: string): string {
    const name = path.slice(path.lastIndexOf(sep) + 1);
    return join(
      dirname(path),
      `.${name}.${process.pid}.${Math.random().toString(36).slice(2)}${TEMP_SUFFIX}`,
    );
  }

  private async writeAtomically(key: string, write: (tempPath: string) => Promise<void>): Promise<void> {
    const path = this.pathOf(key);
    const temp = this.tempPathFor(path);
    try {
      await mkdir(dirname(path), { recursive: true });
      await write(temp);
      await rename(temp, path);
    } catch (cause) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw new StorageError(`cannot write ${key} under ${this.root}: ${(cause as Error).message}`, {
        cause,
      });
    }
  }

  async put(key: string, body: Uint8Array | string): Promise<void> {
    await this.writeAtomically(key, (temp) => writeFile(temp, body));
  }

  async putStream(key: string, body: Readable): Promise<void> {
    await this.writeAtomically(key, (temp) => pipeline(body, createWriteStream(temp)));
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const path = this.pathOf(key);
    try {
      return new Uint8Array(await readFile(path));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw new StorageError(`cannot read ${key} under ${this.root}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  async getStream(key: string): Promise<Readable | undefined> {
    return (await this.exists(key)) ? createReadStream(this.pathOf(key)) : undefined;
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw new StorageError(`cannot check ${key} under ${this.root}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  async list(prefix: string): Promise<string[]> {
    // Walk only the folder the prefix names (a prefix may end mid-name, as in S3).
    const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    const start = folder ? join(this.root, ...folder.split('/')) : this.root;
    const keys: string[] = [];
    const walk = async (directory: string): Promise<void> => {
      let entries: import('node:fs').Dirent[];
      try {
        entries = await readdir(directory, { withFileTypes: true });
      } catch (error) {
        if (isMissing(error)) return;
        throw new StorageError(`cannot list ${directory}: ${(error as Error).message}`, { cause: error });
      }
      for (const entry of entries) {
        const path = join(directory, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (entry.isFile() && !entry.name.endsWith(TEMP_SUFFIX)) {
          const key = relative(this.root, path).split(sep).join('/');
          if (key.startsWith(prefix)) keys.push(key);
        }
      }
    };
    await walk(start);
    return keys.sort();
  }

  locate(key: string): string {
    return this.pathOf(key);
  }
}
