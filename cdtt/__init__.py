"""cdtt: the working platform of Vietnam's Community Digital Technology Teams."""
