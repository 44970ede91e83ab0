/**
 * Keeps every upload and what was said about it, on any {@link ObjectStorage}. Writes are
 * idempotent by key design (no conditional writes needed): the raw file is keyed by its
 * sha256, the record by period/unit/sha256, so the same bytes uploaded twice make one
 * submission. The raw file is written first, the record last: a crash in between leaves a
 * stored file and no record, never a record without its file.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { SubmissionData } from '../parse/submission.ts';
import type { Catalogue } from '../reference/catalogue.ts';
import { buildSubmissionCheck, buildSubmissionSchema } from '../spec/submission-schema.ts';
import { specForVersion } from '../spec/template-spec.ts';
import type { ObjectStorage } from '../storage/object-storage.ts';
import { StorageError } from '../storage/object-storage.ts';
import type { ValidationReport } from '../validate/validate-upload.ts';
import { compareCodeUnits } from './code-unit-order.ts';
import {
  chooseCurrentByUnit,
  type LockEvent,
  lockEventSchema,
  type MonthControl,
  NO_CONTROL,
  type ReviewRecord,
  reviewRecordSchema,
} from './review-state.ts';
import { SingleFlight } from './single-flight.ts';
import { layout, type RawFormat } from './storage-layout.ts';
import { parseSubmissionRecord, type SubmissionRecord, type Verdict } from './submission-record.ts';

/** What an audit event says; one JSON object per event, never rewritten. */
export interface AuditEvent {
  readonly at: string;
  readonly action:
    | 'ingest'
    | 'ingest-duplicate'
    | 'compile'
    | 'compile-unchanged'
    | 'download'
    | 'token-issued'
    | 'session-opened'
    | 'review-accepted'
    | 'review-returned'
    | 'lock'
    | 'unlock'
    | 'reminder'
    | 'sheet-registered'
    | 'sheet-unregistered'
    | 'sheet-pull-failed'
    | 'plan-import'
    | 'plan-import-duplicate';
  readonly actor: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface RecordUploadInput {
  readonly bytes: Uint8Array;
  /** sha256 of `bytes` when the caller has it already (saves hashing the file again). */
  readonly sha256?: string;
  /** True when the caller stored the raw file already (`storeUpload`): one write fewer. */
  readonly alreadyStored?: boolean;
  readonly report: ValidationReport;
  readonly unitCode: string;
  readonly submittedBy: string;
  readonly submittedAt: Date;
  readonly source: SubmissionRecord['source'];
  readonly fileName: string | null;
  /** What the raw bytes are (default: an .xlsx upload). */
  readonly rawFormat?: RawFormat;
}

/** sha256 of bytes, hex. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const json = (value: unknown) => encoder.encode(`${JSON.stringify(value, null, 1)}\n`);

function verdictOf(report: ValidationReport): Verdict {
  return report.unreadable ? 'unreadable' : report.accepted ? 'accepted' : 'rejected';
}

export class SubmissionStore {
  /**
   * Fast checks and schemas by template and plan version: a record is checked against the spec
   * it was made with. A schema is built only when a submission fails its fast check (building
   * the zod schema of a plan costs a few ms, and nearly every stored submission passes).
   */
  private readonly submissionSchemas = new Map<
    string,
    { schema: () => ReturnType<typeof buildSubmissionSchema>; accepts: (value: unknown) => boolean }
  >();

  constructor(
    readonly storage: ObjectStorage,
    private readonly catalogue: Catalogue,
  ) {}

  private async readJson<T>(key: string, parse: (value: unknown) => T): Promise<T | undefined> {
    const bytes = await this.storage.get(key);
    if (!bytes) return undefined;
    try {
      return parse(JSON.parse(decoder.decode(bytes)));
    } catch (cause) {
      throw new StorageError(`stored object ${key} is damaged: ${(cause as Error).message}`, { cause });
    }
  }

  /** Writes an object only when absent (create-only where the store can; see ObjectStorage.putIfAbsent). */
  async putIfAbsent(key: string, body: Uint8Array, contentType: string): Promise<boolean> {
    return this.storage.putIfAbsent(key, body, { contentType });
  }

  /** Stores the raw bytes as received (content-addressed; a second call is a no-op). */
  async storeUpload(bytes: Uint8Array, format: RawFormat = 'xlsx', knownSha256?: string): Promise<string> {
    const sha256 = knownSha256 ?? sha256Hex(bytes);
    await this.putIfAbsent(
      layout.upload(sha256, format),
      bytes,
      format === 'xlsx' ? XLSX_TYPE : 'application/json',
    );
    return sha256;
  }

  /**
   * Stores an upload and its record. Returns the record and whether these exact bytes had
   * already been submitted for this unit and month (then nothing new is written).
   *
   * Identical uploads at the same moment are one: in this process the second waits for the
   * first and is answered as a duplicate without an audit event of its own; across processes
   * the record is written create-only. Every write is create-only under a key derived from the
   * upload, so a retry after a failure at any write completes the same state (the file, the
   * parsed data, the record, one `ingest` audit event) and never doubles anything.
   */
  async recordUpload(input: RecordUploadInput): Promise<{ record: SubmissionRecord; duplicate: boolean }> {
    const sha256 = input.sha256 ?? sha256Hex(input.bytes);
    const key = layout.record(input.report.period, input.unitCode, sha256);
    const { value, joined } = await this.uploadsInFlight.run(key, () =>
      this.recordUploadOnce(input, sha256, key),
    );
    return joined ? { record: value.record, duplicate: true } : value;
  }

  private readonly uploadsInFlight = new SingleFlight<{ record: SubmissionRecord; duplicate: boolean }>();

  private async recordUploadOnce(
    input: RecordUploadInput,
    sha256: string,
    recordKey: string,
  ): Promise<{ record: SubmissionRecord; duplicate: boolean }> {
    if (!input.alreadyStored) await this.storeUpload(input.bytes, input.rawFormat, sha256);
    const period = input.report.period;
    // The parsed data first (keyed by content, so harmless if the record exists), then the
    // record create-only: whether it already existed is the store's answer, not a read before.
    if (input.report.submission)
      await this.putIfAbsent(layout.parsed(sha256), json(input.report.submission), 'application/json');
    const record: SubmissionRecord = {
      sha256,
      unitCode: input.unitCode,
      period,
      submittedAt: input.submittedAt.toISOString(),
      submittedBy: input.submittedBy,
      source: input.source,
      fileName: input.fileName,
      sizeBytes: input.bytes.byteLength,
      verdict: verdictOf(input.report),
      issues: input.report.issues,
    };
    if (await this.putIfAbsent(recordKey, json(record), 'application/json')) {
      await this.auditIngest(record);
      return { record, duplicate: false };
    }
    const existing = await this.readJson(recordKey, parseSubmissionRecord);
    if (!existing) throw new StorageError(`record ${recordKey} vanished after it was written`);
    // A retry after a failure between the record and its audit event completes the event.
    await this.auditIngest(existing);
    await this.appendAudit({
      at: input.submittedAt.toISOString(),
      action: 'ingest-duplicate',
      actor: input.submittedBy,
      details: { sha256, unit: input.unitCode, period },
    });
    return { record: existing, duplicate: true };
  }

  /** The one `ingest` event of a record, under a key derived from it (written once). */
  private async auditIngest(record: SubmissionRecord): Promise<void> {
    await this.appendAuditOnce(`ingest-${record.sha256.slice(0, 16)}-${record.unitCode}`, {
      at: record.submittedAt,
      action: 'ingest',
      actor: record.submittedBy,
      details: {
        sha256: record.sha256,
        unit: record.unitCode,
        period: record.period,
        verdict: record.verdict,
        issues: record.issues.length,
      },
    });
  }

  /** Every record of a month, oldest first. */
  async listRecords(period: string): Promise<SubmissionRecord[]> {
    return this.readRecords(await this.storage.list(layout.recordsOfPeriod(period)));
  }

  /**
   * The records under keys a caller listed (a month's `submissions/<period>/` keys), oldest
   * first; keys that are not `.json` are skipped. Lets a compile that lists a month anyway
   * (to hash its inputs) read its records without listing it a second time.
   */
  async readRecords(keys: readonly string[]): Promise<SubmissionRecord[]> {
    const records = await Promise.all(
      keys.filter((k) => k.endsWith('.json')).map((key) => this.readJson(key, parseSubmissionRecord)),
    );
    return records
      .filter((r): r is SubmissionRecord => r !== undefined)
      .sort((a, b) => compareCodeUnits(a.submittedAt, b.submittedAt) || compareCodeUnits(a.sha256, b.sha256));
  }

  /** Every record of one unit for one month, oldest first (lists only that unit's folder). */
  async listUnitRecords(period: string | null, unitCode: string): Promise<SubmissionRecord[]> {
    const prefix = layout.recordsOfUnit(period, unitCode);
    const keys = (await this.storage.list(prefix)).filter((k) => k.endsWith('.json'));
    const records = await Promise.all(keys.map((key) => this.readJson(key, parseSubmissionRecord)));
    return records
      .filter((r): r is SubmissionRecord => r !== undefined && r.unitCode === unitCode)
      .sort((a, b) => compareCodeUnits(a.submittedAt, b.submittedAt) || compareCodeUnits(a.sha256, b.sha256));
  }

  /** One record by its key parts, or undefined; the key is built here, never taken from a caller. */
  async findRecord(
    period: string | null,
    unitCode: string,
    sha256: string,
  ): Promise<SubmissionRecord | undefined> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return undefined;
    return this.readJson(layout.record(period, unitCode, sha256), parseSubmissionRecord);
  }

  /**
   * The typed submission parsed at ingest, checked against the zod schema of the spec it was
   * made with (its template version) and of the plan version it was parsed against
   * (`planFor` picks it; default: this store's catalogue). A fast check derived from the same
   * spec passes what the schema would return unchanged (nearly every stored submission);
   * anything else goes through zod, which strips or refuses as it always did.
   */
  async loadParsed(
    sha256: string,
    planFor?: (planVersion: string | undefined) => Catalogue | undefined,
  ): Promise<SubmissionData> {
    const data = await this.readJson(layout.parsed(sha256), (value) => {
      const planVersion = (value as { planVersion?: unknown } | null)?.planVersion;
      const catalogue =
        planFor?.(typeof planVersion === 'string' ? planVersion : undefined) ?? this.catalogue;
      const version = String((value as { templateVersion?: unknown } | null)?.templateVersion ?? '');
      const key = `${version}|${catalogue.version}`;
      let checked = this.submissionSchemas.get(key);
      if (!checked) {
        const spec = specForVersion(version);
        let schema: ReturnType<typeof buildSubmissionSchema> | undefined;
        checked = {
          schema: () => {
            schema ??= buildSubmissionSchema(catalogue, spec);
            return schema;
          },
          accepts: buildSubmissionCheck(catalogue, spec),
        };
        this.submissionSchemas.set(key, checked);
      }
      return (checked.accepts(value) ? value : checked.schema().parse(value)) as SubmissionData;
    });
    if (!data) throw new StorageError(`parsed submission ${sha256} is missing from storage`);
    return data;
  }

  /** The raw bytes of an upload, exactly as received. */
  async loadUpload(sha256: string, format: RawFormat = 'xlsx'): Promise<Uint8Array | undefined> {
    return this.storage.get(layout.upload(sha256, format));
  }

  /** Stores one review decision (append-only) and audits it. */
  async recordReview(review: ReviewRecord): Promise<void> {
    const suffix = randomUUID().slice(0, 8);
    await this.storage.put(layout.review(review.period, review.unitCode, review.at, suffix), json(review), {
      contentType: 'application/json',
    });
    await this.appendAudit({
      at: review.at,
      action: review.decision === 'accepted' ? 'review-accepted' : 'review-returned',
      actor: review.by,
      details: {
        period: review.period,
        unit: review.unitCode,
        sha256: review.sha256,
        comment: review.comment,
      },
    });
  }

  /** Stores one lock or unlock of a month (append-only) and audits it. */
  async recordLock(event: LockEvent): Promise<void> {
    const suffix = randomUUID().slice(0, 8);
    await this.storage.put(layout.lockEvent(event.period, event.at, suffix), json(event), {
      contentType: 'application/json',
    });
    await this.appendAudit({
      at: event.at,
      action: event.action,
      actor: event.by,
      details: { period: event.period, reason: event.reason },
    });
  }

  /** Every review and lock event of a month. */
  async monthControl(period: string): Promise<MonthControl> {
    const [reviewKeys, lockKeys] = await Promise.all([
      this.storage.list(layout.reviewsOfPeriod(period)),
      this.storage.list(layout.locksOfPeriod(period)),
    ]);
    return this.readMonthControl(reviewKeys, lockKeys);
  }

  /** The review and lock events under keys a caller listed (see {@link readRecords}). */
  async readMonthControl(reviewKeys: readonly string[], lockKeys: readonly string[]): Promise<MonthControl> {
    const [reviews, locks] = await Promise.all([
      Promise.all(reviewKeys.map((key) => this.readJson(key, (v) => reviewRecordSchema.parse(v)))),
      Promise.all(lockKeys.map((key) => this.readJson(key, (v) => lockEventSchema.parse(v)))),
    ]);
    return {
      reviews: reviews.filter((r): r is ReviewRecord => r !== undefined),
      locks: locks.filter((l): l is LockEvent => l !== undefined),
    };
  }

  /** Appends one event to the audit log (one object per event; nothing is rewritten). */
  async appendAudit(event: AuditEvent): Promise<void> {
    const suffix = randomUUID().slice(0, 8);
    await this.storage.put(layout.audit(new Date(event.at), suffix), json(event), {
      contentType: 'application/json',
    });
  }

  /**
   * Appends an event under a key derived from `id` (and the event's time): written once,
   * however many times a retry calls it. Returns true when this call wrote it.
   */
  async appendAuditOnce(id: string, event: AuditEvent): Promise<boolean> {
    return this.storage.putIfAbsent(layout.audit(new Date(event.at), id), json(event), {
      contentType: 'application/json',
    });
  }

  /** Every audit event, oldest first. */
  async listAudit(): Promise<AuditEvent[]> {
    const keys = await this.storage.list('audit/');
    const events = await Promise.all(keys.map((key) => this.readJson(key, (v) => v as AuditEvent)));
    return events.filter((e): e is AuditEvent => e !== undefined);
  }
}

/**
 * The current submission per unit: the newest accepted record, unless the Secretariat
 * returned it or it arrived after the month was locked (see {@link chooseCurrent}).
 * Earlier records stay stored; this only picks.
 */
export function currentAcceptedByUnit(
  records: readonly SubmissionRecord[],
  control: MonthControl = NO_CONTROL,
): Map<string, SubmissionRecord> {
  const current = new Map<string, SubmissionRecord>();
  for (const [unit, choice] of chooseCurrentByUnit(records, control))
    if (choice.current) current.set(unit, choice.current);
  return current;
}
