"""The Atom feed every public feed of the registry is made from (shared by the apps, so it
lives in the lowest one)."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed


class DatedFeed(Feed):
    """An Atom feed whose entries are dated by a day (published at 09:00 local time)."""

    feed_type = Atom1Feed

    def item_day(self, item):
        raise NotImplementedError

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(self.item_day(item), time(9)))

    def item_updateddate(self, item):
        return self.item_pubdate(item)
