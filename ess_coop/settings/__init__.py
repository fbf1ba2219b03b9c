"""Settings package: base (shared), dev, test, production. Values come from the environment."""
