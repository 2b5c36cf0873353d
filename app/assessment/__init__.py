"""Assessment (绩效评价): the figures of every unit for a period, composite scores and grades."""
