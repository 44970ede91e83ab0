"""Dumps every cell of an .xlsx (value and look) as JSON, read by openpyxl: an independent
reader for tests that compare two files cell by cell. Usage: dump-cells.py FILE"""
import json
import sys

import openpyxl
from openpyxl.cell.cell import MergedCell


def color(c):
    if c is None:
        return None
    return c.rgb if c.type == 'rgb' else f'{c.type}:{c.value}'


def look(cell):
    f, fill, a, b = cell.font, cell.fill, cell.alignment, cell.border
    return [
        f.name, f.sz, f.b, f.i, color(f.color),
        fill.fill_type, color(fill.fgColor) if fill.fill_type else None,
        cell.number_format,
        a.wrap_text, a.horizontal, a.vertical,
        # Google's exports write an empty <border/>: openpyxl then has no sides at all.
        [s.style if s else None for s in (b.left, b.right, b.top, b.bottom)],
        cell.protection.locked,
    ]


wb = openpyxl.load_workbook(sys.argv[1])
out = {}
for ws in wb.worksheets:
    cells = {}
    for row in ws.iter_rows():
        for cell in row:
            # Cells covered by a merge are not shown: only the merge's first cell has a look.
            if isinstance(cell, MergedCell) or (cell.value is None and not cell.has_style):
                continue
            cells[cell.coordinate] = [
                cell.value if isinstance(cell.value, (str, int, float, bool)) or cell.value is None else str(cell.value),
                look(cell),
                cell.comment.text if cell.comment else None,
            ]
    out[ws.title] = {
        'state': ws.sheet_state,
        'cells': cells,
        'merged': sorted(str(r) for r in ws.merged_cells.ranges),
        'widths': {k: v.width for k, v in ws.column_dimensions.items() if v.width},
    }
json.dump(out, sys.stdout, ensure_ascii=False)
