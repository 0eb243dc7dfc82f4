"""The demo achievements: competitions with stages and results, publications, expert activity."""
