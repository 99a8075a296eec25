"""What the portal writes, one module per domain: help requests (`help_requests`) and news,
comments and ratings (`news`)."""
