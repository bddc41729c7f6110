"""The chronology engine: pure Python, no Django, so `casereview chronology merge`
works for a reviewer who has only the agencies' spreadsheets.

    headers  recognise columns, or say exactly what needs mapping
    imports  a whole file into entries, or every problem in it
    merge    the integrated chronology: order, intervals, gaps, possible duplicates, ages

Files are read and dates parsed by the tabular engine (casereview.tabular), which
the action-plan importer shares.

Import from the modules (`from casereview.chronology.engine.merge import merge`);
the package re-exports nothing, so a module and a function never share a name.
"""
