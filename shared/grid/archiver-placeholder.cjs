/**
 * What the esbuild bundles give exceljs's streaming workbook writer when it requires
 * `archiver` (scripts/node-bundle-options.ts). Laingan writes every streamed workbook through
 * openStreamingWorkbook (shared/grid/exceljs-workbook.ts), which aborts the archiver exceljs
 * builds in its constructor and zips with XlsxZipWriter instead; loading archiver and its
 * stream libraries only for that cost 11 ms of every first compile. This stands in for the
 * archiver the constructor builds: it can be piped and aborted, takes the two parts the
 * constructor adds and drops them (openStreamingWorkbook adds them again to its own zip), and
 * refuses to finish a package, so a writer opened any other way fails loudly at its commit
 * instead of writing an empty package. Taking the parts quietly also keeps exceljs from the
 * deprecated `Buffer()` archiver calls on them, which Node reports for bundled code.
 * CommonJS, because exceljs calls `require('archiver')(format, options)`.
 */
'use strict';

const refusal = () => {
  throw new Error(
    "exceljs's own zip writer (archiver) is not bundled: open streaming workbooks with openStreamingWorkbook (shared/grid/exceljs-workbook.ts)",
  );
};

module.exports = function archiverPlaceholder() {
  const placeholder = {
    pipe: (destination) => destination,
    on: () => placeholder,
    abort: () => undefined,
    append: () => placeholder,
    file: refusal,
    finalize: refusal,
  };
  return placeholder;
};
