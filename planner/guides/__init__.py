"""Guide pages: the comparison article and the two step-by-step guides."""
