"""Pages: what to render, the views layouts see, URLs, cards, structured data, feeds and maps."""
