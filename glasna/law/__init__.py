"""Law: the legal knowledge base per jurisdiction, as reviewed data with sources."""
