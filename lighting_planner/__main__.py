from lighting_planner.cli import main

raise SystemExit(main())
