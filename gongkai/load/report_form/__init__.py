"""The national form of the disclosure report (国办公开办函〔2021〕30号) read from Word or Excel.

`read_report(path)` reads a .docx (`docx.py`) or .xlsx (`xlsx.py`) into a shared model of
paragraphs and grids (`grid.py`), finds the three tables by their headings and reads every figure
by its national row and column names (`national.py`, names from the schema in `titles.py`, cells
in `values.py`), and the text parts, title and year from the paragraphs (`parts.py`). `gongkai
import-report` (gongkai/cli/import_report.py) writes the record from it.
"""

from gongkai.load.report_form.form import ImportedReport, read_report
from gongkai.load.report_form.titles import Node, Section, sections
from gongkai.load.report_form.values import Amount

__all__ = ["Amount", "ImportedReport", "Node", "Section", "read_report", "sections"]
