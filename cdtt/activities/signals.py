"""What the activity log tells the apps above it (the dashboard's facts), without knowing them."""

from django.dispatch import Signal

# Sent inside the writing transaction after every activity write, with `before` and
# `after`: the activity on the wire (cdtt.activities.recording.wire) or None when it did not
# exist / no longer exists. A receiver that fails rolls the write back.
activity_changed = Signal()
