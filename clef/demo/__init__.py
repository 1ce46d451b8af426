"""La Clef's demo data, loaded by ``clef load_demo``: the last app in the import order,
since it fills every other one through their own services."""
