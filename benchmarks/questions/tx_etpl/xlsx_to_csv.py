"""twc.xlsx -> twc.csv, mechanically: the one worksheet, every cell written as its text, nothing else changed.

Why: the ingest reads .xlsx, but the Program ID column (and every other id column) holds numbers, and every
row is then rejected with `id: Input should be a valid string` (see SOURCE.md); no mapping can avoid it, because
'Program ID' is recognised as the id even when the mapping does not name it. Saving the sheet as CSV, as the
repository's own author did ("import it into a Google Sheet, and then export/download it as a CSV"), is the
staff workaround. Same header, same 6,245 rows in the same order, same values: an integer cell is written as
its digits (32211), an empty cell as an empty field; text cells are written unchanged (their trailing spaces
too). UTF-8, comma-separated, fields quoted when needed. Run with the project's venv (openpyxl):
    python xlsx_to_csv.py
"""
import csv
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent


def text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def main() -> None:
    wb = openpyxl.load_workbook(HERE / "twc.xlsx", read_only=True)
    assert len(wb.worksheets) == 1, wb.sheetnames
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    with open(HERE / "twc.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        for r in rows:
            w.writerow([text(v) for v in r])
    print(f"twc.csv: header + {len(rows) - 1} rows, {len(rows[0])} columns (sheet {wb.sheetnames[0]!r})")


if __name__ == "__main__":
    main()
