"""Grid Command Center: domain and services (no Qt)."""
