"""List editions, application notices, inspections and credit (later issues)."""
