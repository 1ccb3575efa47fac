"""The winner announcement (press release), the diploma and the public archive of winners."""
