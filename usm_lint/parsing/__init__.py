"""Text -> tokens -> model: the USM parser with error recovery."""
