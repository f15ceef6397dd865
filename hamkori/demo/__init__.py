"""Demo data (`hamkori demo`) and synthetic data at national scale (`hamkori generate`).

A plain package, not a Django app: it owns no models, it only fills the other apps' tables."""
