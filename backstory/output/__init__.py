"""The output folder: staging and swapping in, records and cache, the search index, the link check."""
