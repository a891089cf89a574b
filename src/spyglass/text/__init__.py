"""Pure functions over strings: quote proof (normalise, anchor, passages, sentences) and terminal-safe text."""
