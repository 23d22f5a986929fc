"""Reading and writing files: GeoJSON, GeoPackage, CSV, OpenStreetMap."""
