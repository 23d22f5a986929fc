"""Qt table models over core results: ids and column arrays, rows formatted lazily, sorted in numpy."""
