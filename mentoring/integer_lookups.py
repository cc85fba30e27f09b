"""`in` on an integer column leaves out numbers that no such column can hold.

Django answers "nothing matches" when an exact, greater-than or less-than lookup is given a
number beyond the column's range (django.db.models.lookups.IntegerFieldOverflow), but still
sends such a number to the database for `in`: SQLite's driver raises OverflowError, a server
error for any form that lists ids (ModelMultipleChoiceField asks for `pk__in` with what was
posted). A number outside the range can match no row, so leaving it out gives the answer the
database would give if it could compare it. Registered for every integer field in
MentoringConfig.ready().
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


def _beyond(value, low: int | None, high: int | None) -> bool:
    if not isinstance(value, int) or isinstance(value, bool):
        return False
    return (low is not None and value < low) or (high is not None and value > high)


class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [value for value in self.rhs if not _beyond(value, low, high)]
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
