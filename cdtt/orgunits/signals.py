"""What the administrative tree tells the apps above it, without knowing them."""

from django.dispatch import Signal

# Sent with `village` once a village is created (one by one or by an import), inside the
# same transaction. The teams app answers by creating the village's team.
village_created = Signal()
