"""The benchmark harness behind `gridcc bench`: large generated data, one line per metric."""
