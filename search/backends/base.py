"""The interface every backend implements."""


class SearchBackend:
    name = "base"

    def search(self, query):
        """Answer a documents.SearchQuery with a documents.SearchPage."""
        raise NotImplementedError

    def index(self, documents):
        """Add or replace these documents.Document objects."""
        raise NotImplementedError

    def remove(self, type_name, ids):
        raise NotImplementedError

    def rebuild(self, documents_by_type, progress=None):
        """Replace the whole index with the given documents (iterables per type)."""
        raise NotImplementedError

    def health(self):
        """A dict describing the backend's state; raises if it cannot answer."""
        raise NotImplementedError
