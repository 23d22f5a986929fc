from lighting_planner.cli import main

if __name__ == "__main__":  # a spawned OSM reader child imports this module too
    raise SystemExit(main())
