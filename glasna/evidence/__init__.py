"""Evidence vault: custody log, bundles."""
