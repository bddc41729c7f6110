"""Review views, one module per part of the lifecycle (records, agencies, inquiry, findings, deadlines, figures)."""
