"""The SQLite/FTS5 index that queries read: its schema, the rows a record becomes, and the refresh."""
