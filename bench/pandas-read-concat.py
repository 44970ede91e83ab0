"""Baseline for the compile benchmarks: pandas reads every sheet of each .xlsx and concatenates
each sheet across files. `pandas-read-concat.py LISTFILE` (one path a line) prints one JSON line.
Timed from after `import pandas` (the interpreter and pandas import are not counted), so the
baseline is, if anything, flattered."""
import json
import resource
import sys
import time

import pandas as pd

paths = [line.strip() for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
start = time.perf_counter()
frames = {}
for path in paths:
    for sheet, frame in pd.read_excel(path, sheet_name=None, engine="openpyxl").items():
        frames.setdefault(sheet, []).append(frame)
combined = {sheet: pd.concat(parts, ignore_index=True) for sheet, parts in frames.items()}
ms = (time.perf_counter() - start) * 1000
print(json.dumps({
    "files": len(paths),
    "ms": round(ms, 1),
    "rows": int(sum(len(frame) for frame in combined.values())),
    "peakRssMiB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    "pandas": pd.__version__,
}))
