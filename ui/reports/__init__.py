"""统计考核: the assessment tables, charts and the cases behind each figure."""
