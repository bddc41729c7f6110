"""The tabular engine: pure Python, no Django, shared by every spreadsheet import and export.

    reader     CSV and XLSX into numbered rows, within byte, row and column caps
    dates      UK day-first dates and times with precision, the sort key
    resources  the date and time patterns
    export     safe_cell and the CSV/XLSX writers every export uses

See docs/tabular.md. A bottom layer: it imports nothing from casereview but itself.
"""
