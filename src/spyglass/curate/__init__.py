"""The curator's tools: archive a document as a source, and scaffold a record that cites it."""
