"""The audit: its configuration (inventory, retention rules, training, requests), retention,
rights readiness, and subject requests (read-back, bundle, plan)."""
