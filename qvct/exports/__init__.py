"""The one exporter of every list: streamed CSV, XLSX and ODS writers, list declarations, background jobs."""
