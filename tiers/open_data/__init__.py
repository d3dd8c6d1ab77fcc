"""What the tracker publishes for reuse: the API, downloads, feeds, sitemaps and citations."""
