"""What a record is: pydantic models, the predicate vocabulary, values (dates, countries), derived claim facts and answer shapes, JSON Schema."""
