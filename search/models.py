"""What an app needs to make its records findable; `search` imports no app."""

from django.db import models

from .tokenizer import search_text


class SearchTextMixin(models.Model):
    """Adds the tokenised `search_text` column. Subclasses say what goes in it."""

    search_text = models.TextField("检索词", editable=False, default="")

    class Meta:
        abstract = True

    def search_values(self):
        """The strings this record is found by (names, identifiers, places)."""
        raise NotImplementedError

    def refresh_search_text(self):
        self.search_text = search_text(*self.search_values())
        return self.search_text
