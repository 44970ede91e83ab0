/**
 * The zip container of exceljs's streaming workbook writer, in place of the archiver package
 * it builds on. archiver passes every 64 KB of sheet XML through half a dozen stream stages,
 * a JavaScript CRC and an async queue: measured 38-59 ms to zip a national workbook's 3.9 MB
 * of sheets against 17 ms here (each entry deflated in segments, Node's native CRC-32).
 *
 * exceljs appends each part as it opens it (`append(stream | string | Buffer, { name })`) and
 * calls `finalize()` once all are written; entries go into the zip in that order, one after
 * the other, each deflated (level 1, archiver's default: the same size). A sheet's stream is
 * taken at once, but its data waits while earlier entries are written: its writable side
 * then reports `needDrain`, which the row writers pause on (see sheetXmlTaken), as they did
 * on archiver's own buffer. Each entry's compressed bytes are held until it ends, then
 * written with their sizes in the local header (no data descriptor). Entries carry a fixed
 * date, so the same workbook gives the same bytes. Zip64 is not written: parts and package
 * stay far below 4 GB.
 */
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { constants, deflateRawSync } from 'node:zlib';
import { crc32 } from './crc32.ts';

/** Deflate level: archiver's default (zlib's fastest), which gave the workbook its size. */
const LEVEL = 1;
/**
 * Bytes of an entry deflated at once. Deflated on the main thread as they come, not in zlib's
 * thread pool: during a compile that pool also runs the lake's file writes, and a sheet's
 * chunks queued behind them (198-submission workbook: 142-149 ms against 144-180 ms). A
 * segment this large bounds what is held and costs 2 % in size (488 against 479 KB).
 */
const SEGMENT_BYTES = 256 * 1024;
const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** 1980-01-01 00:00 in DOS date/time: no clock in the package. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;
/** General purpose flag: the name is UTF-8. */
const UTF8_NAME = 0x0800;
const MAX_32 = 0xffffffff;

/** A stream exceljs appends (its StreamBuf): it pushes its data into what it is piped to. */
interface PipeSource {
  pipe(destination: Writable): unknown;
}

/** What a finished entry contributes to the package. */
interface EntryData {
  readonly crc: number;
  readonly size: number;
  readonly compressed: readonly Buffer[];
  readonly compressedSize: number;
}

/**
 * The writable side of one streamed entry: holds its data until the zip reaches the entry,
 * then deflates it as it comes.
 */
class EntrySink extends Writable {
  private startWriting!: () => void;
  private readonly reached = new Promise<void>((resolve) => {
    this.startWriting = resolve;
  });
  private readonly compressed: Buffer[] = [];
  private compressedSize = 0;
  private crc = 0;
  private size = 0;
  /** Data not yet deflated: deflated a segment at a time once it reaches SEGMENT_BYTES. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  /** The zip has reached this entry: take its data; resolves with it once it has ended. */
  start(): Promise<EntryData> {
    const done = new Promise<EntryData>((resolve, reject) => {
      this.once('finish', () =>
        resolve({
          crc: this.crc,
          size: this.size,
          compressed: this.compressed,
          compressedSize: this.compressedSize,
        }),
      );
      this.once('error', reject);
    });
    this.startWriting();
    return done;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.reached.then(
      () =>
        this.settle(callback, () => {
          this.crc = crc32(chunk, this.crc);
          this.size += chunk.length;
          this.pending.push(chunk);
          this.pendingBytes += chunk.length;
          if (this.pendingBytes >= SEGMENT_BYTES) this.deflatePending(false);
        }),
      callback,
    );
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.reached.then(() => this.settle(callback, () => this.deflatePending(true)), callback);
  }

  /** Runs `step` and answers the stream: with its error if it throws (zlib out of memory), never unheard. */
  private settle(callback: (error?: Error | null) => void, step: () => void): void {
    try {
      step();
    } catch (error) {
      callback(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    callback();
  }

  /**
   * Deflates the data held as one segment of the entry's deflate stream. A segment that is
   * not the last ends with a sync flush (byte-aligned, no final-block bit), so the segments
   * joined are one valid deflate stream; the last one finishes it.
   */
  private deflatePending(last: boolean): void {
    const data = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    const segment = deflateRawSync(data, {
      level: LEVEL,
      finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH,
    });
    this.compressed.push(segment);
    this.compressedSize += segment.length;
  }
}

/**
 * The fields a local header and a central record share, from `at`: version needed, flags,
 * method (deflate), time, date, CRC, compressed and uncompressed size, name length.
 */
function writeEntryFields(
  header: Buffer,
  at: number,
  flags: number,
  data: EntryData,
  nameLength: number,
): void {
  header.writeUInt16LE(20, at);
  header.writeUInt16LE(flags, at + 2);
  header.writeUInt16LE(8, at + 4);
  header.writeUInt16LE(DOS_TIME, at + 6);
  header.writeUInt16LE(DOS_DATE, at + 8);
  header.writeUInt32LE(data.crc, at + 10);
  header.writeUInt32LE(data.compressedSize, at + 14);
  header.writeUInt32LE(data.size, at + 18);
  header.writeUInt16LE(nameLength, at + 22);
}

type Entry =
  | { readonly name: string; readonly bytes: Buffer }
  | { readonly name: string; readonly sink: EntrySink };

/**
 * A zip package written to `output` entry by entry: the subset of archiver's interface that
 * exceljs's WorkbookWriter calls (append, finalize, error events).
 */
export class XlsxZipWriter extends EventEmitter {
  private readonly queue: Entry[] = [];
  private readonly central: Buffer[] = [];
  private offset = 0;
  private count = 0;
  private writing = false;
  private finalized = false;
  private ended = false;
  /** The first failure: nothing is written after it, and it is reported (see fail). */
  private failure: { error: unknown } | undefined;

  constructor(private readonly output: Writable) {
    super();
  }

  /** Adds an entry: text, bytes, or a stream whose data comes later (exceljs's StreamBuf). */
  append(source: string | Buffer | PipeSource, data: { name: string; base64?: boolean }): this {
    if (this.finalized) throw new Error(`XlsxZipWriter: ${data.name} appended after finalize`);
    if (data.base64) throw new Error('XlsxZipWriter: base64 entries (workbook images) are not supported');
    // archiver's names: no leading slash (exceljs opens some parts as `/xl/...`).
    const name = data.name.replace(/^\/+/, '');
    if (typeof source === 'string') this.queue.push({ name, bytes: Buffer.from(source, 'utf8') });
    else if (Buffer.isBuffer(source)) this.queue.push({ name, bytes: source });
    else {
      const sink = new EntrySink();
      sink.on('error', (error) => this.fail(error));
      source.pipe(sink);
      this.queue.push({ name, sink });
    }
    this.writeNext();
    return this;
  }

  /** exceljs's media from files: not used by Laingan's workbooks. */
  file(): never {
    throw new Error('XlsxZipWriter: entries from files (workbook images) are not supported');
  }

  /** No more entries: the central directory follows the last one, then `output` ends. */
  finalize(): this {
    this.finalized = true;
    // A failure before this had no listener to hear it (exceljs listens from its finalize on).
    if (this.failure) this.emit('error', this.failure.error);
    else this.writeNext();
    return this;
  }

  /**
   * Stops the package at its first failure and reports it. exceljs attaches its `error`
   * listener only when it finalizes: emitted before then with no listener, the error would be
   * thrown as an unhandled one and end the process, so it is kept for finalize instead.
   */
  private fail(error: unknown): void {
    if (this.failure) return;
    this.failure = { error };
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }

  /**
   * Writes the next queued entry (or ends the package). Called from stream callbacks too, so
   * a failure here (a part too large without zip64) is reported through `fail`, never thrown.
   */
  private writeNext(): void {
    if (this.writing || this.failure) return;
    try {
      const entry = this.queue.shift();
      if (!entry) {
        if (this.finalized) this.finish();
        return;
      }
      this.writing = true;
      if ('bytes' in entry) {
        const compressed = deflateRawSync(entry.bytes, { level: LEVEL });
        this.writeEntry(entry.name, {
          crc: crc32(entry.bytes),
          size: entry.bytes.length,
          compressed: [compressed],
          compressedSize: compressed.length,
        });
        return;
      }
      entry.sink
        .start()
        .then((data) => this.writeEntry(entry.name, data))
        .catch((error: unknown) => this.fail(error));
    } catch (error) {
      this.fail(error);
    }
  }

  private writeEntry(name: string, data: EntryData): void {
    if (data.size > MAX_32 || data.compressedSize > MAX_32 || this.offset > MAX_32)
      throw new Error(`XlsxZipWriter: ${name} needs zip64, which this writer does not write`);
    const nameBytes = Buffer.from(name, 'utf8');
    const flags = nameBytes.length === name.length ? 0 : UTF8_NAME;
    // The local header and the central record share a run of fields, two bytes further on in the latter.
    const local = Buffer.alloc(30 + nameBytes.length);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    writeEntryFields(local, 4, flags, data, nameBytes.length);
    nameBytes.copy(local, 30);
    const central = Buffer.alloc(46 + nameBytes.length);
    central.writeUInt32LE(CENTRAL_HEADER, 0);
    central.writeUInt16LE(20, 4);
    writeEntryFields(central, 6, flags, data, nameBytes.length);
    central.writeUInt32LE(this.offset, 42);
    nameBytes.copy(central, 46);
    this.central.push(central);
    this.count++;
    this.offset += local.length + data.compressedSize;
    // The header, then the entry's compressed pieces as they are: one copy of a large sheet
    // (a megabyte in a five-year workbook) fewer than joining them first.
    let ready = this.output.write(local);
    for (const piece of data.compressed) ready = this.output.write(piece);
    const next = () => {
      this.writing = false;
      this.writeNext();
    };
    if (ready) next();
    else this.output.once('drain', next);
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.count > 0xffff) throw new Error('XlsxZipWriter: more than 65,535 entries needs zip64');
    const directory = Buffer.concat(this.central);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
    end.writeUInt16LE(this.count, 8);
    end.writeUInt16LE(this.count, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(this.offset, 16);
    this.output.end(Buffer.concat([directory, end]));
  }
}
