import type { SectionKey } from '../reference/reference-schema.ts';
import type { TableSheetSpec } from '../spec/field-types.ts';
import type { FieldValue } from './coerce-cell.ts';

/** One data row of a table sheet, keyed by field key. Display-only fields are not kept. */
export type SubmissionRow = Readonly<Record<string, FieldValue>>;

/**
 * A monthly report as typed data: what the validator checks, what storage keeps beside the
 * raw file, and all the compile ever reads (it never re-opens the .xlsx).
 */
export interface SubmissionData {
  readonly templateId: string;
  readonly templateVersion: string;
  readonly unitCode: string;
  readonly period: string;
  /** The plan version it was parsed against (absent in records made before plan versions). */
  readonly planVersion?: string;
  readonly cover: Readonly<Record<string, FieldValue>>;
  readonly sections: Readonly<Partial<Record<SectionKey, readonly SubmissionRow[]>>>;
}

/** Where each parsed value came from, so rules can point at the exact cell. */
export interface SubmissionLocations {
  readonly coverSheet: string;
  readonly coverRows: Readonly<Record<string, number>>;
  readonly coverColumn: number;
  readonly sections: Readonly<
    Partial<
      Record<
        SectionKey,
        {
          readonly sheet: string;
          readonly columns: Readonly<Record<string, number>>;
          readonly rowNumbers: readonly number[];
        }
      >
    >
  >;
}

/** True when a row holds anything the person typed (pre-filled codes and titles do not count). */
export function rowHasInput(table: TableSheetSpec, row: SubmissionRow): boolean {
  return table.fields.some(
    (f) => !f.prefill && !f.displayOnly && row[f.key] !== null && row[f.key] !== undefined,
  );
}
