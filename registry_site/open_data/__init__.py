"""Open data beyond the API's lists: the change feed (every public record created,
changed or withdrawn, in commit order, with tombstones) and the full dumps, both taken
from one ledger of what each API collection showed last (ledger.py)."""
