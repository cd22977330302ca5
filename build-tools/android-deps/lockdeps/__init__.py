"""Gradle-style resolution of the app's Android dependencies; lock.py is the command line."""
