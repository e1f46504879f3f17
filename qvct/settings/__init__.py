"""Settings modules: base (shared, from the environment), dev, test and prod."""
