"""Networks: the registry of abusive spaces (groups, channels, sites), their lineage, and linkage across cases."""
