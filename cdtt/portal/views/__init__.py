"""The portal's pages: public ones (no login) and the team's and officers' work pages."""
