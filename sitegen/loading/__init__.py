"""Stage 1, load: read policy/ (YAML with line numbers), validate it against its schemas, cross-check the files
and trace every clause to the source, then hand the build one typed model (`model.Policy`).
"""
