"""Sources: find the files (one walker, the client a file belongs to) and read them in bounded
memory: exports as tables of text (one module per format), call transcripts as turns."""
