"""Site search: the jieba user dictionary staged for the search plugin, and the MkDocs hooks that shape the index."""
