"""What the activity log tells the apps above it (the dashboard's facts), without knowing them."""

from django.dispatch import Signal

# Sent inside the writing transaction after an activity is changed or deleted, with `before`
# and `after`: the activity on the wire (cdtt.activities.rules.wire) or None when it did
# not exist / no longer exists. A receiver that fails rolls the write back.
activity_changed = Signal()

# Sent once inside the writing transaction after a list of activities is stored (one item
# or a batch), with `changes`: the list of (before, after) pairs of its activities, in the
# same wire format. A receiver that fails rolls the whole list back.
activities_changed = Signal()
