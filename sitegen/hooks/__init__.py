"""Stage 4, MkDocs hooks: the Content-Security-Policy put on every HTML page MkDocs writes."""
