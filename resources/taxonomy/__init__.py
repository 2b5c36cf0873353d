"""Default case taxonomy shipped with the program: departments, case categories, time limits, light policies."""
