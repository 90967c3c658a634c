"""Path converters for the public site's URLs."""


class RecordIdConverter:
    """A record's primary key in a public URL: 1 to 18 digits.

    Django's `int` converter accepts any number of digits, and an id past 64 bits
    makes the database driver fail (OverflowError on SQLite, an out-of-range
    error on PostgreSQL): a 500 for anyone who edits the address. Eighteen digits
    stay below 2**63 - 1, so a longer id is simply not found (404).
    """

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)
