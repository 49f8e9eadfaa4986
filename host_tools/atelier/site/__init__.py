"""The lesson library as a static website: one module per concern (pages, wiring, downloads...)."""
