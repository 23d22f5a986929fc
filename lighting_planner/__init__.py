"""lighting_planner: plan where a city's street-lighting money does the most good."""

__version__ = "0.1.0"
