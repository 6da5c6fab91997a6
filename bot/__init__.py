"""The edge of Ketpaar: `web/` (the Flask app and its views), `adapters/` (the outside systems we
drive), the operator CLI, the settings, and `devstack` that runs the embedded services."""
