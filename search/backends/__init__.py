"""Search backends: the database (default) and Elasticsearch (when ELASTICSEARCH_URL is set)."""
